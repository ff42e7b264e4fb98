"""The citizen's comment form: text, optional nickname, captcha, honeypot and a one-time token."""

import re
import secrets
import unicodedata

from captcha.models import CaptchaStore
from django import forms
from django.core import signing
from django.utils import timezone

from .models import NICKNAME_MAX_LENGTH, TEXT_MAX_LENGTH

FORM_TOKEN_SALT = "comments.form-token"
FORM_TOKEN_MAX_AGE = 6 * 3600  # a form left open longer than this must be refreshed
HONEYPOT_FIELD = "website"


def new_form_token(page_id):
    """A signed one-time token for one form on one page; its nonce is stored with the comment."""
    return signing.dumps({"p": int(page_id), "n": secrets.token_urlsafe(16)}, salt=FORM_TOKEN_SALT, compress=True)


def read_form_token(token, page_id):
    """The nonce of a valid token for this page, or None."""
    try:
        data = signing.loads(token or "", salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("p") != int(page_id) or not isinstance(data.get("n"), str):
        return None
    return data["n"]


CAPTCHA_KEY_RE = re.compile(r"[0-9a-f]{40}")  # django-simple-captcha's hashkey: a SHA-1 in hex


def is_captcha_key(key):
    """A key that could be a CaptchaStore hashkey. Anything else (a NUL byte, which PostgreSQL
    refuses in a query with a 500, or other junk) is rejected before it reaches the database."""
    return isinstance(key, str) and CAPTCHA_KEY_RE.fullmatch(key) is not None


def new_captcha_key():
    return CaptchaStore.generate_key()


class MultilineField(forms.CharField):
    """Counts a line break as one character, as the counter on the page does."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class CommentForm(forms.Form):
    text = MultilineField(
        label="正文",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "请填写评论正文。",
            "max_length": "评论正文最多 %(limit_value)d 个字，现在有 %(show_value)d 个字，请删减后再提交。",
        },
    )
    nickname = forms.CharField(
        label="昵称",
        max_length=NICKNAME_MAX_LENGTH,
        required=False,
        error_messages={"max_length": "昵称最多 %(limit_value)d 个字。"},
    )
    captcha_key = forms.CharField(required=False, max_length=64)
    captcha = forms.CharField(
        label="验证码",
        max_length=20,
        error_messages={"required": "请输入图片中的验证码。", "max_length": "验证码错误。"},
    )
    form_token = forms.CharField(required=False, max_length=500)
    website = forms.CharField(required=False, max_length=500)  # honeypot: hidden from people

    def __init__(self, *args, page_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_id = page_id
        self.nonce = None

    @property
    def is_bot(self):
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def clean(self):
        cleaned = super().clean()
        self.nonce = read_form_token(cleaned.get("form_token"), self.page_id)
        if self.nonce is None:
            self.add_error(None, "页面停留时间过长或表单已失效，请重新提交（已输入的内容已保留）。")
        # A malformed hidden key (e.g. a NUL byte) is reported on the visible captcha field.
        self._errors.pop("captcha_key", None)
        # The captcha is checked last and always used up, right or wrong: one try per image.
        if "captcha" in cleaned:
            error = check_captcha(cleaned.get("captcha_key"), cleaned["captcha"])
            if error:
                self.add_error("captcha", error)
        return cleaned


def check_captcha(key, answer):
    """None when right; otherwise the Chinese message for a wrong, expired or used captcha."""
    answer = unicodedata.normalize("NFKC", answer or "").strip().lower()  # full-width digits too
    used = "验证码已失效（已使用或已过期），请输入新的验证码。"
    if not is_captcha_key(key):
        return used
    store = CaptchaStore.objects.filter(hashkey=key).first()
    if store is None:
        return used
    # Consuming the captcha is the check: of simultaneous posts with one solved captcha, only the
    # one whose DELETE removes the row may go on (the others read it too, but delete nothing).
    deleted, _ = CaptchaStore.objects.filter(pk=store.pk).delete()
    if deleted != 1:
        return used
    CaptchaStore.remove_expired()
    if store.expiration <= timezone.now():
        return "验证码已过期，请输入新的验证码。"
    if store.response != answer:
        return "验证码错误，请输入新的验证码。"
    return None
