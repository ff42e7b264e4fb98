from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import moderation
from .admin_views import ApproveBulkAction, CommentPermissionPolicy, CommentViewSet, RejectBulkAction
from .models import Comment

register_permission_policy(Comment, CommentPermissionPolicy(Comment))
register_snippet(CommentViewSet)
hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, label, message in moderation.LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("before_bulk_action")
def log_bulk_delete(request, action_type, objects, action):
    # Wagtail's snippet bulk delete does not log; the single delete view does.
    if action_type == "delete" and getattr(action, "model", None) is Comment:
        moderation.log_deleted(objects, request.user)


class PendingCommentsPanel(Component):
    name = "pending_comments"
    order = 50
    template_name = "comments/admin/pending_panel.html"

    def __init__(self, pending, flagged, url):
        self.pending, self.flagged, self.url = pending, flagged, url

    def get_context_data(self, parent_context):
        return {"pending": self.pending, "flagged": self.flagged, "url": self.url}


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    counts = moderation.pending_counts()
    can_moderate = CommentPermissionPolicy(Comment).user_has_permission(request.user, "change")
    url = reverse(Comment.snippet_viewset.get_url_name("list")) + "?status=pending" if can_moderate else ""
    panels.insert(0, PendingCommentsPanel(counts["pending"], counts["flagged"], url))
