"""登录锁定 in the Wagtail admin (设置 menu, superusers only): the failed-login records django-axes
keeps, and 解锁 (unlock), which deletes every record of that username from that address."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils.html import format_html
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from .lockout import cool_off_minutes


class SuperuserOnlyPolicy(BasePermissionPolicy):
    """Only active superusers see the records, and they may only look and unlock (delete)."""

    actions = {"view", "delete"}

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser and action in self.actions)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if set(actions) & self.actions else users.none()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


def is_locked(attempt):
    return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def status_label(attempt):
    if is_locked(attempt):
        return format_html('<span class="w-status w-status--primary">{}</span>', "已锁定")
    left = settings.AXES_FAILURE_LIMIT - attempt.failures_since_start
    return format_html('<span class="w-status">{}</span>', f"还可尝试 {left} 次")


class LockoutIndexView(IndexView):
    page_title = "登录锁定"

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        delete_url = self.get_delete_url(instance)
        for button in buttons:
            if button.url == delete_url:
                button.label = "解锁"
        return buttons

    def get_page_subtitle(self):
        minutes = cool_off_minutes()
        return f"同一用户名在同一地址连续登录失败 {settings.AXES_FAILURE_LIMIT} 次即锁定 {minutes} 分钟"


class LockoutInspectView(InspectView):
    page_title = "登录失败记录"

    def get_page_subtitle(self):
        return f"{self.object.username} @ {self.object.ip_address}"


class UnlockView(DeleteView):
    page_title = "解锁"

    def get_usage_url(self):
        return None  # nothing refers to a login record

    def get_page_subtitle(self):
        return f"{self.object.username} @ {self.object.ip_address}"

    @property
    def confirmation_message(self):
        return (
            f"确定解锁用户名“{self.object.username}”在地址 {self.object.ip_address} 的登录吗？"
            "解锁后其登录失败记录将被删除。"
        )

    def get_success_message(self):
        return f"已解锁用户名“{self.object.username}”在地址 {self.object.ip_address} 的登录。"

    def delete_action(self):
        # One record per browser (user agent): unlock the username at the address in all of them.
        AccessAttempt.objects.filter(username=self.object.username, ip_address=self.object.ip_address).delete()


class AccessAttemptViewSet(ModelViewSet):
    model = AccessAttempt
    name = "login-lockout"
    icon = "lock"
    menu_label = "登录锁定"
    menu_name = "login-lockout"
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = []  # nobody adds or edits a record (see SuperuserOnlyPolicy)
    inspect_view_enabled = True
    index_view_class = LockoutIndexView
    inspect_view_class = LockoutInspectView
    delete_view_class = UnlockView
    list_per_page = 50
    search_fields = ["username", "ip_address"]
    search_backend_name = None
    ordering = ["-attempt_time"]
    list_display = [
        "username",  # the title column: links to the record, with the 解锁 button
        Column("ip_address", label="IP 地址", sort_key="ip_address"),
        Column("failures_since_start", label="失败次数", sort_key="failures_since_start"),
        Column("status", label="状态", accessor=status_label),
        Column("path_info", label="登录页面"),
        DateColumn("attempt_time", label="最近一次失败", sort_key="attempt_time"),
    ]
    inspect_view_fields = ["username", "ip_address", "failures_since_start", "path_info", "user_agent", "attempt_time"]

    def get_permissions_to_register(self):
        return Permission.objects.none()  # superusers only: nothing to grant to groups
