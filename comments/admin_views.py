"""评论审核 in the Wagtail admin: the listing, the moderation/reply form and bulk actions."""

from urllib.parse import quote

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from website.spreadsheet import safe_cell

from . import moderation
from .models import Comment


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Comments come only from citizens: nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])


def pages_with_comments(request):
    return Page.objects.filter(pk__in=Comment.objects.values("page_id")).order_by("title")


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="审核状态", choices=Comment.Status.choices, empty_label="全部", widget=forms.RadioSelect
    )
    flagged = django_filters.BooleanFilter(label="需重点审核（敏感词或被举报）")
    page = django_filters.ModelChoiceFilter(label="文章", queryset=pages_with_comments, empty_label="全部文章")
    created_at = django_filters.DateFromToRangeFilter(label="提交时间", widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = ["status", "flagged", "page", "created_at"]


def attention_order(queryset):
    """Pending first, then flagged (sensitive words, reports), newest first."""
    return queryset.annotate(
        _pending=Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("_pending", "-flagged", "-created_at", "-pk")


class CommentIndexView(IndexView):
    def write_csv_row(self, writer, row_dict):
        # A citizen's comment starting with "=" (e.g. =HYPERLINK(...)) is text, not a formula.
        # (The XLSX export already stores such cells as strings.)
        return writer.writerow(
            {
                field: safe_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")

    def order_queryset(self, queryset):
        if not self.ordering:
            return attention_order(queryset)
        return super().order_queryset(queryset)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if Comment.snippet_viewset.permission_policy.user_has_permission(user, "change"):
            next_url = self.request.get_full_path()
            for action, label, priority in (("approve", "审核通过", 1), ("reject", "审核不通过", 2)):
                url = reverse("wagtail_bulk_action", args=("comments", "comment", action))
                buttons.append(
                    MenuItem(
                        label,
                        url=f"{url}?id={instance.pk}&next={quote(next_url)}",
                        icon_name="check",
                        priority=priority,
                    )
                )
        return buttons


class CommentEditView(EditView):
    """The edit form is the moderation form: status and 官方回复, logged as moderation actions
    (not as a generic edit) by comments.moderation."""

    def save_instance(self):
        data = self.form.cleaned_data
        comment = Comment.objects.select_for_update().get(pk=self.object.pk)
        user = self.request.user
        moderation.set_status([comment], data["status"], user)  # no-op (and no log) when unchanged
        moderation.set_reply(comment, data.get("reply", ""), user)
        return comment

    def get_success_message(self):
        return "评论审核结果已保存。"


def flag_label(comment):
    parts = []
    if comment.matched_words:
        parts.append(f"敏感词：{comment.matched_words}")
    if comment.reported_count:
        parts.append(f"被举报 {comment.reported_count} 次")
    if comment.flagged and not parts:
        parts.append("需重点审核")
    if not parts:
        return ""
    return format_html(
        '<span class="w-status{}">{}</span>', " w-status--primary" if comment.flagged else "", "；".join(parts)
    )


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "评论审核"
    menu_name = "comment-moderation"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    edit_view_class = CommentEditView
    filterset_class = CommentFilterSet
    search_fields = ["text"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "page",
        "nickname",
        "text",
        "status",
        "flagged",
        "matched_words",
        "reported_count",
        "created_at",
        "ip_address",
        "user_agent",
        "reply",
        "reply_by",
        "reply_at",
        "moderated_by",
        "moderated_at",
    ]
    list_per_page = 50
    list_export = ["page", "nickname", "text", "status", "matched_words", "reported_count", "created_at", "reply"]
    export_filename = "comments"
    list_display = [
        "excerpt",  # the title column: links to the moderation form, with the row's actions
        Column("nickname", label="昵称", accessor="display_name"),
        Column("page", label="文章", accessor="page.title"),
        StatusTagColumn(
            "status",
            label="审核状态",
            accessor="get_status_display",
            sort_key="status",
            primary=lambda c: c.status == Comment.Status.PENDING,
        ),
        Column("flagged", label="标记", accessor=flag_label, sort_key="flagged"),
        DateColumn("created_at", label="提交时间", sort_key="created_at"),
    ]


class _ModerateBulkAction(SnippetBulkAction):
    models = [Comment]
    template_name = "comments/admin/confirm_bulk_moderate.html"
    status = None
    done_message = ""

    def check_perm(self, comment):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", comment)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return moderation.set_status(objects, cls.status, user), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.done_message.format(n=num_parent_objects)


class ApproveBulkAction(_ModerateBulkAction):
    display_name = "审核通过"
    action_type = "approve"
    aria_label = "审核通过所选评论"
    action_priority = 10
    status = Comment.Status.APPROVED
    done_message = "已审核通过 {n} 条评论，已在文章下显示。"


class RejectBulkAction(_ModerateBulkAction):
    display_name = "审核不通过"
    action_type = "reject"
    aria_label = "审核不通过所选评论"
    action_priority = 20
    status = Comment.Status.REJECTED
    done_message = "已将 {n} 条评论设为审核不通过，不会显示。"
