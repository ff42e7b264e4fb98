"""The public 作品征集 form: every message in Chinese, next to its field."""

import re
import unicodedata

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.exceptions import ValidationError

from website.params import int_in_range

from . import uploads
from .models import PlaceStoryPage, Work

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$")


def normalise_phone(value):
    """Full-width digits, spaces and brackets tidied: '（0563）1234567' -> '0563-1234567',
    '139 1234 5678' -> '13912345678'. Validation happens afterwards on the tidy form."""
    value = unicodedata.normalize("NFKC", value or "").strip().replace("—", "-")
    value = re.sub(r"^(\+86|0086)[-\s]*", "", value)
    bracketed = re.match(r"^\((0\d{2,3})\)[-\s]*(\d{7,8})$", value)
    if bracketed:
        return f"{bracketed.group(1)}-{bracketed.group(2)}"
    value = re.sub(r"\s+", "", value)
    if value.startswith("1"):
        return value.replace("-", "")
    if re.match(r"^0\d{9,11}$", value):  # landline typed without the hyphen
        area = 3 if value[1] in "12" else 4  # 010, 02x have three digits; others four
        return f"{value[:area]}-{value[area:]}"
    return value


def validate_phone(value):
    """A mainland mobile number (1[3-9] and nine digits) or a landline with area code (0563-1234567)."""
    if MOBILE.match(value) or LANDLINE.match(value):
        return
    raise ValidationError(
        "请填写有效的联系电话：11 位手机号码（如 13912345678），或带区号的固定电话（如 0563-1234567）。",
        code="invalid_phone",
    )


class WorksCaptchaInput(CaptchaTextInput):
    template_name = "placenames/widgets/captcha.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["key"] = self._key
        return context


class AtomicCaptchaField(CaptchaField):
    """django-simple-captcha's field reads the store and then deletes it without looking at what the
    delete did, so two simultaneous posts with one solved captcha both passed. Here, as for comments
    (comments.forms.check_captcha), consuming the row is the check: only the post whose DELETE
    removed it may go on. Right or wrong, a captcha is used up by one try."""

    def clean(self, value):
        from comments.forms import check_captcha

        forms.MultiValueField.clean(self, value)  # 请输入验证码 when a part is missing
        key, answer = value[0], value[1] or ""
        value[1] = ""  # never shown again in the re-rendered form
        if check_captcha(key, answer) is not None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class StoryChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # An id the database cannot hold (99999999999999999999, '²') used to reach the query and
        # answer 500; it is a story that does not exist.
        if value not in self.empty_values and int_in_range(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj):
        return f"{obj.place_name}（{obj.county}）"


class WorkSubmissionForm(forms.Form):
    title = forms.CharField(
        label="作品名称",
        max_length=60,
        error_messages={"required": "请填写作品名称。", "max_length": "作品名称不超过 60 个字。"},
    )
    kind = forms.ChoiceField(
        label="作品类别",
        choices=Work.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择作品类别。", "invalid_choice": "请选择摄影、短视频或海报。"},
    )
    story = StoryChoiceField(
        label="作品所写的地名",
        queryset=PlaceStoryPage.objects.none(),
        required=False,
        empty_label="（列表中没有，请在下面填写）",
        error_messages={"invalid_choice": "所选地名不存在，请重新选择。"},
    )
    place_name = forms.CharField(
        label="或填写地名", max_length=50, required=False, error_messages={"max_length": "地名不超过 50 个字。"}
    )
    file = forms.FileField(
        label="作品文件",
        error_messages={
            "required": "请选择要上传的作品文件。",
            "empty": "文件是空的，请重新选择。",
            "invalid": "没有收到文件，请重新选择。",
        },
    )
    description = forms.CharField(
        label="作品简介",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "作品简介不超过 500 个字。"},
    )
    author_name = forms.CharField(
        label="作者姓名",
        max_length=30,
        error_messages={"required": "请填写作者姓名。", "max_length": "作者姓名不超过 30 个字。"},
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        help_text="仅供工作人员核实作品，不会公开。",
        error_messages={"required": "请填写联系电话。", "max_length": "联系电话格式不正确。"},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label="我确认作品为本人原创或已获授权，同意在本网站公开展示并署名。",
        error_messages={"required": "请勾选同意公开发布，否则无法提交作品。"},
    )
    captcha = AtomicCaptchaField(
        label="验证码",
        widget=WorksCaptchaInput(),
        error_messages={
            "invalid": "验证码不正确或已过期，请看新的图片重新输入。",
            "required": "请输入验证码。",
            "incomplete": "请输入验证码。",
        },
    )

    def __init__(self, *args, column=None, upload_too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        stories = PlaceStoryPage.objects.live().order_by("path")
        if column is not None:
            stories = stories.child_of(column)
        self.fields["story"].queryset = stories
        self.upload_too_large = upload_too_large
        if upload_too_large:
            limit = max(uploads.image_max_bytes(), uploads.video_max_bytes()) // uploads.MB
            self.fields["file"].error_messages["required"] = (
                f"文件太大：作品文件不能超过 {limit} MB，请压缩后重新上传。"
            )
        self.checked = None
        self.fields["file"].widget.attrs.update(
            accept=".jpg,.jpeg,.png,.webp,.mp4,image/jpeg,image/png,image/webp,video/mp4",
            **{"aria-describedby": "file-help"},
        )
        self.fields["captcha"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                described = f"{self[name].auto_id}-error"
                if name == "file":
                    described = f"file-help {described}"
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": described})

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_author_name(self):
        return self.cleaned_data["author_name"].strip()

    def clean_place_name(self):
        return self.cleaned_data["place_name"].strip()

    def clean_phone(self):
        value = normalise_phone(self.cleaned_data["phone"])
        validate_phone(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("story") and not cleaned.get("place_name") and "story" not in self.errors:
            self.add_error("place_name", "请选择作品所写的地名，或在这里填写地名。")
        kind, upload = cleaned.get("kind"), cleaned.get("file")
        if kind and upload:
            try:
                if kind == Work.Kind.VIDEO:
                    self.checked = uploads.check_mp4(upload)
                else:
                    self.checked = uploads.check_image(upload)
            except ValidationError as e:
                if kind != Work.Kind.VIDEO and e.code == "not_image" and "视频" in str(e.messages):
                    e = ValidationError(
                        f"所选类别为{Work.Kind(kind).label}，请上传 JPEG、PNG 或 WebP 图片；短视频请选择“短视频”类别。"
                    )
                elif kind == Work.Kind.VIDEO and e.code == "not_mp4" and _looks_like_image(upload):
                    e = ValidationError("所选类别为短视频，请上传 MP4 视频；图片请选择“摄影”或“海报”类别。")
                self.add_error("file", e)
        return cleaned


def _looks_like_image(upload):
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head.startswith((b"\xff\xd8\xff", b"\x89PNG")) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
