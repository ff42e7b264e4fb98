"""`make run` makes one demo account per role, passwords printed once (issue 11, "try it")."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_demo_accounts_for_every_role_can_open_the_admin(home):
    out = StringIO()
    call_command("ensure_demo_accounts", stdout=out)
    printed = dict(re.findall(r"^\s+(\w+)\s+密码 (\S+)", out.getvalue(), re.M))
    assert set(printed) == {"bianji", "chushen", "kezhang", "juzhang", "shenhe"}
    for username, password in printed.items():
        client = Client()
        assert client.login(request=HttpRequest(), username=username, password=password), username
        assert client.get("/admin/").status_code == 200, username
    again = StringIO()
    call_command("ensure_demo_accounts", stdout=again)
    assert "试用账号已存在" in again.getvalue() and "密码" not in again.getvalue()
