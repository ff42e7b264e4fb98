"""Storing a citizen's comment: every check a post goes through, in one place.

The order matters: a replayed form is recognised before its (used) captcha is complained about;
the per-address limit counts only posts that would be stored; nothing is saved unless every check
passes, and the one-time token's unique column makes a double submit store one comment even when
both requests arrive at the same moment.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from website import ratelimit
from website.models import SensitiveWord
from website.textcheck import find_words

from .forms import CommentForm, read_form_token
from .models import Comment, clean_ip

logger = logging.getLogger(__name__)

SUBMITTED = "评论已提交，审核通过后显示"
DUPLICATE = "这条评论已经提交过了，请勿重复提交。它正在等待审核，审核通过后显示。"
CLOSED = "本文暂不开放评论，评论未保存。"
RATE_LIMITED = "您提交评论过于频繁，请 {minutes} 分钟后再试（评论未保存）。"
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


@dataclass
class Outcome:
    status: int  # HTTP status to answer with
    form: CommentForm
    message: str = ""
    comment: Comment | None = None
    errors: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.status == 200


def _limit_message(window_seconds):
    return RATE_LIMITED.format(minutes=max(1, round(window_seconds / 60)))


def submit(request, page):
    """Check and store the comment posted in `request` for `page` (a live page's specific object)."""
    form = CommentForm(request.POST, page_id=page.pk)
    if not getattr(page, "comments_open", False):
        return Outcome(403, form, CLOSED)
    if form.is_bot:
        # Simple bots fill every field; they get the usual answer and nothing is stored.
        logger.info("comment honeypot filled on page %s from %s", page.pk, ratelimit.client_ip(request))
        return Outcome(200, CommentForm(page_id=page.pk), SUBMITTED)

    limit, window = settings.COMMENTS_ATTEMPT_LIMIT
    if ratelimit.hit("comment-attempts", request, limit, window):
        return Outcome(429, form, _limit_message(window))

    nonce = read_form_token(request.POST.get("form_token"), page.pk)
    if nonce and Comment.objects.filter(submission_token=nonce).exists():
        return Outcome(409, form, DUPLICATE)

    if not form.is_valid():
        return Outcome(400, form, "评论未提交，请按提示修改后重新提交。", errors=form.errors.get_json_data())

    text, nickname = form.cleaned_data["text"], form.cleaned_data["nickname"]
    ip = clean_ip(ratelimit.client_ip(request))
    since = timezone.now() - DUPLICATE_WINDOW
    if Comment.objects.filter(page=page, text=text, ip_address=ip, created_at__gte=since).exists():
        return Outcome(409, form, DUPLICATE)

    limit, window = settings.COMMENTS_RATE_LIMIT
    if ratelimit.hit("comments", request, limit, window):
        return Outcome(429, form, _limit_message(window))

    matched = find_words(f"{nickname}\n{text}", SensitiveWord.active_words())
    comment = Comment(
        page=page,
        text=text,
        nickname=nickname,
        flagged=bool(matched),
        matched_words="、".join(matched)[:300],
        ip_address=ip,
        # PostgreSQL refuses a NUL byte in text (a 500 after every check had passed).
        user_agent=request.headers.get("User-Agent", "").replace("\x00", "")[:300],
        submission_token=form.nonce,
    )
    try:
        with transaction.atomic():
            comment.save()
            log(instance=comment, action="comments.submit", user=None)
    except IntegrityError:
        return Outcome(409, form, DUPLICATE)
    return Outcome(200, CommentForm(page_id=page.pk), SUBMITTED, comment=comment)
