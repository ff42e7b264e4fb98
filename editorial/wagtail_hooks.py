"""Admin wiring: 三审三校 enforcement, checks before publishing, the 发布时间 log entry, 阅读统计."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter

from .checks import check_page
from .forms import LOG_ACTION, format_beijing
from .setup import WORKFLOW_NAME
from .views import ReadingReportView, can_view_statistics

REVIEW_ACTIONS = ("action-submit", "action-publish", "action-restart-workflow", "action-workflow-action")


def needs_review(page):
    """True when the page (or, for a new page, its parent) is under 三审三校."""
    workflow = page.get_workflow() if page is not None else None
    return workflow is not None and workflow.name == WORKFLOW_NAME


# 三审三校: nobody but a superuser publishes past the three reviews ---------------------------------


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    if request.user.is_superuser:
        return
    page = context.get("page") if context.get("view") != "create" else context.get("parent_page")
    if needs_review(page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


BYPASS_MESSAGE = f"本栏目的文章须经“{WORKFLOW_NAME}”（初审、复审、终审）后发布，已保存为草稿，请提交审核。"


def _strip_publish(request, page):
    """Turn a direct publish into a plain save, so what the user typed is kept as a draft."""
    if request.method != "POST" or not request.POST.get("action-publish"):
        return
    if request.user.is_superuser or not needs_review(page):
        return
    post = request.POST.copy()
    del post["action-publish"]
    request.POST = post
    messages.error(request, BYPASS_MESSAGE)


@hooks.register("before_create_page")
def block_direct_publish_on_create(request, parent_page, page_class):
    _strip_publish(request, parent_page)


@hooks.register("before_edit_page")
def block_direct_publish_on_edit(request, page):
    _strip_publish(request, page)


@hooks.register("before_edit_page")
def explain_separation_of_duties(request, page):
    """A reviewer offered no 通过 because of separation of duties is told why (editorial.ReviewTask)."""
    if request.method != "GET":
        return
    task = page.current_workflow_task
    if task is None or not hasattr(task, "excluded_reason"):
        return
    if not (request.user.is_superuser or task.groups.filter(id__in=request.user.groups.all()).exists()):
        return
    reason = task.excluded_reason(page, request.user)
    if reason:
        messages.warning(request, f"{reason}请由其他审核人员审核。")


@hooks.register("before_publish_page")
def block_direct_publish(request, page):
    # A last guard for any other admin path; the edit is already saved as a draft revision here.
    if request.user.is_superuser or not needs_review(page):
        return None
    if page.live and page.first_published_at is None:  # the create view saves new pages live
        type(page).objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
    messages.error(request, BYPASS_MESSAGE)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def block_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type != "publish" or request.user.is_superuser:
        return None
    if any(needs_review(page) for page in objects):
        messages.error(request, f"所选页面须经“{WORKFLOW_NAME}”后发布，不能批量直接发布。")
        return redirect("wagtailadmin_home")
    return None


# Checks before publishing ------------------------------------------------------------------------


def warn_after_save(request, page):
    if not any(request.POST.get(name) for name in REVIEW_ACTIONS):
        return
    for finding in check_page(page):
        messages.warning(request, f"发布前检查：{finding.message}")


hooks.register("after_edit_page", warn_after_save)
hooks.register("after_create_page", warn_after_save)


# 发布时间 changes in the page history -------------------------------------------------------------


@hooks.register("register_log_actions")
def register_publish_date_log_action(actions):
    @actions.register_action(LOG_ACTION)
    class PublishDateChanged(LogFormatter):
        label = "修改发布时间"

        def format_message(self, log_entry):
            from django.utils.dateparse import parse_datetime

            data = log_entry.data or {}
            old, new = (parse_datetime(data[k]) if data.get(k) else None for k in ("old", "new"))
            return f"发布时间由 {format_beijing(old)} 改为 {format_beijing(new)}（北京时间）"


@hooks.register("register_permissions")
def register_editorial_permissions():
    return Permission.objects.filter(
        content_type__app_label="editorial", codename__in=["change_publish_date", "view_statistics"]
    )


# 阅读统计 ----------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("reports/reading/", ReadingReportView.as_view(), name="editorial_reading_report")]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_statistics(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return StatisticsMenuItem(
        "阅读统计", reverse("editorial_reading_report"), name="reading", icon_name="list-ul", order=50
    )


class TodayPanel(Component):
    name = "editorial_today"
    template_name = "editorial/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        from .stats import dashboard_numbers

        request = parent_context["request"]
        return {"numbers": dashboard_numbers(), "can_view_statistics": can_view_statistics(request.user)}


@hooks.register("construct_homepage_panels")
def add_today_panel(request, panels):
    panels.append(TodayPanel())
