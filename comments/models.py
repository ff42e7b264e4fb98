"""网友评论: a citizen's comment on a page, stored pending until a moderator approves it."""

import ipaddress

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

ANONYMOUS_NAME = "网友"
TEXT_MAX_LENGTH = 500
NICKNAME_MAX_LENGTH = 20
REPLY_MAX_LENGTH = 1000


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def for_page(self, page_id):
        """What the public sees under a page: approved only, newest first."""
        return self.approved().filter(page_id=page_id).order_by("-created_at", "-pk")


class Comment(models.Model):
    """One comment. `ip_address` and `user_agent` are records kept for the authorities (at least
    six months, see purge_comment_records) and are never shown on the public site."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="文章", on_delete=models.CASCADE, related_name="citizen_comments"
    )
    text = models.TextField("正文", max_length=TEXT_MAX_LENGTH)
    nickname = models.CharField("昵称", max_length=NICKNAME_MAX_LENGTH, blank=True)
    status = models.CharField("审核状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    flagged = models.BooleanField("需重点审核", default=False, help_text="含敏感词或被网友举报；审核员作出处理后清除。")
    matched_words = models.CharField("命中敏感词", max_length=300, blank=True)
    reported_count = models.PositiveIntegerField("被举报次数", default=0)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True)
    # The one-time form token this comment was posted with: a replayed form cannot store it twice.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    reply = models.TextField("官方回复", max_length=REPLY_MAX_LENGTH, blank=True)
    reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_at = models.DateTimeField("回复时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    # The edit form in the admin is the moderation form: the citizen's words cannot be changed.
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("page", read_only=True),
                FieldPanel("nickname", read_only=True),
                FieldPanel("text", read_only=True),
                FieldPanel("created_at", read_only=True),
                FieldPanel("matched_words", read_only=True),
                FieldPanel("reported_count", read_only=True),
            ],
            "网友评论",
        ),
        FieldPanel("status"),
        FieldPanel("reply", help_text="以“官方回复”显示在该评论下方；留空则不显示。"),
    ]

    class Meta:
        verbose_name = "网友评论"
        verbose_name_plural = "网友评论"
        indexes = [
            # Public list and count under a page.
            models.Index(fields=["page", "status", "-created_at"], name="comment_page_status_idx"),
            # Moderation list: pending and flagged first, newest first.
            models.Index(fields=["status", "-flagged", "-created_at"], name="comment_moderation_idx"),
            # Date filter and the records purge.
            models.Index(fields=["created_at"], name="comment_created_idx"),
        ]

    def __str__(self):
        text = " ".join(self.text.split())
        return text if len(text) <= 30 else text[:30] + "…"

    @property
    def excerpt(self):
        return str(self)

    excerpt.fget.short_description = "评论内容"

    @property
    def display_name(self):
        return self.nickname or ANONYMOUS_NAME

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


def clean_ip(value):
    """A valid IP address or None (the database column is typed on PostgreSQL)."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None
