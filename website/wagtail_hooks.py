"""Admin menu entries for the site-wide reports and 登录锁定 (unlocking failed logins)."""

from axes.models import AccessAttempt
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.permissions import register_permission_policy

from .lockout_admin import AccessAttemptViewSet, SuperuserOnlyPolicy
from .reports import BrokenLinksReport, StaleColumnsReport

register_permission_policy(AccessAttempt, SuperuserOnlyPolicy(AccessAttempt))


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/broken-links/", BrokenLinksReport.as_view(), name="broken_links_report"),
        path(
            "reports/broken-links/results/",
            BrokenLinksReport.as_view(results_only=True),
            name="broken_links_report_results",
        ),
        path("reports/stale-columns/", StaleColumnsReport.as_view(), name="stale_columns_report"),
        path(
            "reports/stale-columns/results/",
            StaleColumnsReport.as_view(results_only=True),
            name="stale_columns_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def broken_links_menu_item():
    return AdminOnlyMenuItem("失效链接", reverse("broken_links_report"), icon_name="link", order=900)


@hooks.register("register_reports_menu_item")
def stale_columns_menu_item():
    return AdminOnlyMenuItem("栏目更新检查", reverse("stale_columns_report"), icon_name="time", order=901)


@hooks.register("register_admin_viewset")
def register_login_lockout_viewset():
    return AccessAttemptViewSet()
