"""Failed logins are limited by django-axes on every login form: after five wrong passwords for
one username from one address, even the right password is refused (a Chinese 429 page) until the
cool-off ends or an administrator unlocks."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

RIGHT = "secret-pass-123"  # the admin_user fixture's password
LOGIN_URLS = ["/admin/login/", "/_util/login/"]


def post_login(client, url, password, username="admin"):
    return client.post(url, {"username": username, "password": password})


def logged_in(response):
    return response.status_code == 302


def fail_five_times(client, url, username="admin"):
    responses = [post_login(client, url, "wrong", username) for _ in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4  # the form again, with an error
    return responses[-1]


def test_wagtail_frontend_login_is_the_util_path():
    assert reverse("wagtailcore_login") == "/_util/login/"


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_five_failures_lock_out_even_the_right_password(url, admin_user):
    c = Client(REMOTE_ADDR="10.0.0.1")
    fifth = fail_five_times(c, url)
    assert fifth.status_code == 429
    blocked = post_login(c, url, RIGHT)
    assert blocked.status_code == 429
    text = blocked.content.decode()
    assert "登录失败次数过多，请 30 分钟后再试或联系管理员解锁" in text
    assert blocked["Cache-Control"] == "no-store"
    assert "_auth_user_id" not in c.session


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_same_username_from_another_address_is_not_locked(url, admin_user):
    fail_five_times(Client(REMOTE_ADDR="10.0.0.1"), url)
    # Locking by username and address together: a guesser elsewhere cannot lock an editor out.
    assert logged_in(post_login(Client(REMOTE_ADDR="10.0.0.2"), url, RIGHT))
    # ... and another username from the locked address still may log in.
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("bianji", password="editor-pass-123")
    assert logged_in(post_login(Client(REMOTE_ADDR="10.0.0.1"), url, "editor-pass-123", "bianji"))


def test_the_lockout_is_shared_by_every_login_form(admin_user):
    c = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(3):
        post_login(c, "/admin/login/", "wrong")
    for _ in range(2):
        post_login(c, "/_util/login/", "wrong")
    assert post_login(c, "/admin/login/", RIGHT).status_code == 429
    assert post_login(c, "/_util/login/", RIGHT).status_code == 429


def test_attempts_are_stored_in_the_database(admin_user):
    fail_five_times(Client(REMOTE_ADDR="10.0.0.1"), "/admin/login/")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("admin", "10.0.0.1", 5)
    assert "wrong" not in attempt.post_data  # axes masks the password


def test_an_over_long_username_is_recorded_cut_to_255_and_still_locks(admin_user):
    """Django's login form (/_util/login/) does not limit what is typed; axes' username column
    holds 255, and PostgreSQL refused the longer insert with a 500 (website.lockout.axes_username).
    Wagtail's admin form refuses a name over 150 characters before authenticating."""
    url = "/_util/login/"
    c = Client(REMOTE_ADDR="10.0.0.1")
    name = "长" * 300
    assert fail_five_times(c, url, name).status_code == 429
    assert AccessAttempt.objects.get().username == name[:255]
    assert post_login(c, url, "wrong", "长" * 255 + "另一个名字").status_code == 429  # the same name to axes


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_address_is_the_one_behind_our_proxy(admin_user):
    c = Client(REMOTE_ADDR="192.168.0.10", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    fail_five_times(c, "/admin/login/")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    other = Client(REMOTE_ADDR="192.168.0.10", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert logged_in(post_login(other, "/admin/login/", RIGHT))


def test_axes_reset_unlocks(admin_user):
    c = Client(REMOTE_ADDR="10.0.0.1")
    fail_five_times(c, "/admin/login/")
    assert post_login(c, "/admin/login/", RIGHT).status_code == 429
    call_command("axes_reset_username", "admin", stdout=open("/dev/null", "w"))
    assert not AccessAttempt.objects.exists()
    assert logged_in(post_login(c, "/admin/login/", RIGHT))


def test_deleting_the_attempt_unlocks(admin_user):
    c = Client(REMOTE_ADDR="10.0.0.1")
    fail_five_times(c, "/_util/login/")
    AccessAttempt.objects.filter(username="admin").delete()
    assert logged_in(post_login(c, "/_util/login/", RIGHT))


def test_a_success_before_the_limit_resets_the_count(admin_user):
    c = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(4):
        post_login(c, "/admin/login/", "wrong")
    assert logged_in(post_login(c, "/admin/login/", RIGHT))
    assert not AccessAttempt.objects.exists()


def test_superusers_see_and_unlock_in_the_wagtail_admin(admin_user, django_user_model):
    fail_five_times(Client(REMOTE_ADDR="10.0.0.1"), "/admin/login/")
    attempt = AccessAttempt.objects.get()
    # Same username and address from another browser: one more record, unlocked together.
    AccessAttempt.objects.create(
        username="admin", ip_address="10.0.0.1", user_agent="other", failures_since_start=1, get_data="", post_data=""
    )
    staff = Client()
    staff.force_login(admin_user)
    index = staff.get(reverse("login-lockout:index"))
    assert index.status_code == 200
    html = index.content.decode()
    for text in ("登录锁定", "用户名", "IP 地址", "失败次数", "已锁定", "解锁", "10.0.0.1"):
        assert text in html, text
    assert reverse("login-lockout:index") in staff.get("/admin/").content.decode()  # 设置 menu
    inspect = staff.get(reverse("login-lockout:inspect", args=[attempt.pk]))
    assert inspect.status_code == 200
    assert "登录失败记录" in inspect.content.decode() and "浏览器标识" in inspect.content.decode()
    confirm = staff.get(reverse("login-lockout:delete", args=[attempt.pk]))
    assert "确定解锁用户名“admin”在地址 10.0.0.1 的登录吗" in confirm.content.decode()
    done = staff.post(reverse("login-lockout:delete", args=[attempt.pk]), follow=True)
    assert "已解锁用户名“admin”在地址 10.0.0.1 的登录。" in done.content.decode()
    assert not AccessAttempt.objects.exists()
    assert logged_in(post_login(Client(REMOTE_ADDR="10.0.0.1"), "/admin/login/", RIGHT))


def test_only_superusers_reach_the_lockout_admin(django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("bianji", password="editor-pass-123")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    attempt = AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.9", user_agent="", failures_since_start=5, get_data="", post_data=""
    )
    c = Client()
    c.force_login(editor)
    assert reverse("login-lockout:index") not in c.get("/admin/").content.decode()
    for url in (reverse("login-lockout:index"), reverse("login-lockout:delete", args=[attempt.pk])):
        assert c.get(url).status_code in (302, 403), url
    assert c.post(reverse("login-lockout:delete", args=[attempt.pk])).status_code in (302, 403)
    assert AccessAttempt.objects.exists()


def test_axes_client_ip_is_an_ip_or_none():
    from django.http import HttpRequest

    from website.lockout import axes_client_ip

    request = HttpRequest()
    assert axes_client_ip(request) is None  # no REMOTE_ADDR: client_ip says "unknown"
    request.META["REMOTE_ADDR"] = "2001:db8::1"
    assert axes_client_ip(request) == "2001:db8::1"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        request.META["HTTP_X_FORWARDED_FOR"] = "not-an-address"
        assert axes_client_ip(request) is None


def test_client_login_and_force_login_still_work(client, admin_user):
    from django.http import HttpRequest

    assert client.login(request=HttpRequest(), username="admin", password=RIGHT)
    assert client.get("/admin/").status_code == 200
    other = Client()
    other.force_login(admin_user)
    assert other.get("/admin/").status_code == 200


def test_the_lockout_holds_with_the_cache_down(admin_user):
    """Attempts live in the database, so a Redis outage does not reopen unlimited guessing."""
    from tests.cache_faults import cache_down

    with cache_down():
        c = Client(REMOTE_ADDR="10.0.0.1")
        assert fail_five_times(c, "/_util/login/").status_code == 429
        assert post_login(c, "/_util/login/", RIGHT).status_code == 429
