"""Approving and rejecting works (作品). Every decision is a Wagtail log entry (shown in the
work's history and the site history report) and, once committed, a `work_moderated` signal."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import Work
from .signals import work_moderated

SUBMIT = "placenames.work.submit"
APPROVE = "placenames.work.approve"
REJECT = "placenames.work.reject"


def _announce(work, action, user):
    story = work.story
    transaction.on_commit(lambda: work_moderated.send(sender=Work, work=work, action=action, story=story, user=user))


@transaction.atomic
def approve(work, user, story=None):
    """Publish `work` (optionally linking it to `story` first)."""
    if story is not None:
        work.story = story
    work.status = Work.Status.APPROVED
    work.reject_reason = ""
    work.moderated_at = timezone.now()
    work.moderated_by = user
    work.save()
    log(
        instance=work,
        action=APPROVE,
        user=user,
        data={"story_id": work.story_id, "story": work.story.title if work.story_id else ""},
    )
    _announce(work, "approve", user)
    return work


@transaction.atomic
def reject(work, user, reason):
    """Hide `work` for good, keeping the reason for the record."""
    work.status = Work.Status.REJECTED
    work.reject_reason = reason.strip()
    work.moderated_at = timezone.now()
    work.moderated_by = user
    work.save()
    log(instance=work, action=REJECT, user=user, data={"reason": work.reject_reason})
    _announce(work, "reject", user)
    return work
