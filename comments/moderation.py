"""What moderators (and citizens' reports) do to comments, each step logged in Wagtail's log
entries (the admin's history and audit log) and announced with `comments_changed`."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from .models import Comment
from .signals import send_comments_changed

# Log actions registered in wagtail_hooks.register_log_actions: (action, label, message).
LOG_ACTIONS = [
    ("comments.submit", "网友提交评论", "网友提交了评论（待审核）"),
    ("comments.approve", "评论审核通过", "审核通过，评论已公开显示"),
    ("comments.reject", "评论审核不通过", "审核不通过，评论不予显示"),
    ("comments.pending", "退回待审核", "退回待审核，暂不显示"),
    ("comments.reply", "官方回复", "编写或修改了官方回复"),
    ("comments.report", "网友举报", "网友举报了该评论"),
]

STATUS_ACTIONS = {
    Comment.Status.APPROVED: "approve",
    Comment.Status.REJECTED: "reject",
    Comment.Status.PENDING: "pending",
}


def set_status(comments, status, user):
    """Approve, reject or send back to pending `comments` (an iterable); returns how many changed."""
    if status not in STATUS_ACTIONS:
        raise ValueError(f"not a moderation decision: {status}")
    action = STATUS_ACTIONS[status]
    now = timezone.now()
    changed = []
    with transaction.atomic():
        for comment in comments:
            decided = status != Comment.Status.PENDING
            if comment.status == status and not (decided and comment.flagged):
                continue
            comment.status = status
            if decided:
                comment.flagged = False  # handled: no longer needs to come first
            comment.moderated_by = user
            comment.moderated_at = now
            comment.save(update_fields=["status", "flagged", "moderated_by", "moderated_at"])
            log(instance=comment, action=f"comments.{action}", user=user)
            changed.append(comment)
        send_comments_changed(action, changed)
    return len(changed)


def approve(comments, user):
    return set_status(comments, Comment.Status.APPROVED, user)


def reject(comments, user):
    return set_status(comments, Comment.Status.REJECTED, user)


def set_reply(comment, text, user):
    """Write, change or remove (empty text) the bureau's reply shown under the comment."""
    text = (text or "").strip()
    if text == comment.reply:
        return False
    with transaction.atomic():
        comment.reply = text
        comment.reply_by = user if text else None
        comment.reply_at = timezone.now() if text else None
        comment.save(update_fields=["reply", "reply_by", "reply_at"])
        log(instance=comment, action="comments.reply", user=user)
        send_comments_changed("reply", [comment])
    return True


def report(comment):
    """A citizen's 举报: the comment stays as it is but comes first for moderators again."""
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(reported_count=F("reported_count") + 1, flagged=True)
        log(instance=comment, action="comments.report", user=None)


def log_deleted(comments, user):
    """The single delete view logs by itself; the bulk delete does not, so it calls this."""
    for comment in comments:
        log(instance=comment, action="wagtail.delete", user=user)


def pending_counts():
    """For the admin dashboard: comments waiting for a decision, and how many of them are flagged."""
    from django.db.models import Count, Q

    return Comment.objects.pending().aggregate(pending=Count("pk"), flagged=Count("pk", filter=Q(flagged=True)))
