"""Scheduled publishing and expiry through `publish_scheduled`, and times shown in 北京时间."""

import datetime
import re
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from news.models import ArticlePage

from .test_workflow import current_task_name, login, workflow_action

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
ROOT = Path(__file__).resolve().parents[2]


def run_scheduler_at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("publish_scheduled")


def test_approved_article_with_future_go_live_waits_then_goes_live(
    client, roles, make_user, review_setup, article_data
):
    go_live = (timezone.now() + datetime.timedelta(days=2)).astimezone(BEIJING).replace(second=0, microsecond=0)
    column = review_setup["tzgg"]
    login(client, roles["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", column.pk))
    data = article_data(
        "春节期间婚姻登记安排", "cjhydj", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-submit": "1"}
    )
    assert client.post(add_url, data).status_code == 302
    page = ArticlePage.objects.get(slug="cjhydj")
    for user in (make_user("shenhe", "编辑"), roles["head"], roles["leader"]):
        login(client, user)
        workflow_action(client, page, "approve")
    assert current_task_name(page) == "终审"  # the last task state stays the current one
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at == go_live  # 北京时间 input, stored as the same instant

    run_scheduler_at(go_live - datetime.timedelta(minutes=1))
    page.refresh_from_db()
    assert not page.live

    run_scheduler_at(go_live + datetime.timedelta(minutes=1))
    page.refresh_from_db()
    assert page.live
    assert page.publish_at is not None
    assert abs(page.publish_at - go_live) <= datetime.timedelta(minutes=2)
    client.logout()
    assert client.get(page.url).status_code == 200


def test_expire_at_unpublishes(make_article):
    expire = timezone.now() + datetime.timedelta(hours=3)
    page = make_article("限时公示", expire_at=expire)
    assert page.live
    run_scheduler_at(expire - datetime.timedelta(minutes=1))
    page.refresh_from_db()
    assert page.live
    run_scheduler_at(expire + datetime.timedelta(minutes=1))
    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_admin_shows_schedule_in_beijing_time(admin_client, make_article):
    go_live = datetime.datetime(2031, 1, 1, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Beijing
    page = make_article("定时稿件", publish=False, go_live_at=go_live)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert 'value="2031-01-01 09:30"' in html
    assert "2031-01-01 01:30" not in html


def test_no_other_time_zone_can_be_chosen(settings):
    # With a single entry Wagtail offers no time-zone choice: every editor sees 北京时间.
    assert settings.WAGTAIL_USER_TIME_ZONES == ["Asia/Shanghai"]
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_cron_line_runs_publish_scheduled_every_minute():
    lines = [line for line in (ROOT / "deploy" / "cron").read_text().splitlines() if line and not line.startswith("#")]
    jobs = [line for line in lines if "publish_scheduled" in line]
    assert len(jobs) == 1
    assert re.match(r"^\*\s+\*\s+\*\s+\*\s+\*\s+\S+\s", jobs[0])  # every minute, with a user (cron.d format)


def test_run_site_starts_and_stops_the_scheduler():
    from website.management.commands import run_site

    process = mock.Mock()
    with (
        mock.patch.object(run_site.subprocess, "Popen", return_value=process) as popen,
        mock.patch.object(run_site, "call_command") as call,
    ):
        run_site.Command().handle(port="8123")
    started = [c.args[0][1:] for c in popen.call_args_list]
    assert started[0] == ["-m", "website.scheduler"]
    assert started[1][:2] == ["manage.py", "run_worker"]  # the background worker (docs/background-work.md)
    call.assert_called_once()
    assert process.terminate.call_count == 2


def test_scheduler_publishes_every_minute_and_stops_with_its_parent():
    from website import scheduler

    ppids = iter([100] * 63 + [1])  # the parent goes away during the second minute
    with (
        mock.patch.object(scheduler.os, "getppid", side_effect=lambda: next(ppids)),
        mock.patch.object(scheduler.subprocess, "call") as call,
        mock.patch.object(scheduler.time, "sleep") as sleep,
    ):
        scheduler.main()
    assert call.call_count == 2 and call.call_args.args[0][1:] == ["manage.py", "publish_scheduled"]
    assert sleep.call_count == 61


def test_run_site_leaves_no_worker_behind_when_it_is_killed(tmp_path):
    """`make run` killed (SIGTERM skips its cleanup): the scheduler and the worker go with it."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import uuid
    from pathlib import Path

    mark = uuid.uuid4().hex
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", CACHE_DIR=str(tmp_path / "cache"), XCMZ_TEST_MARK=mark
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True, timeout=300)

    def children():
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if f"XCMZ_TEST_MARK={mark}".encode() in (proc / "environ").read_bytes():
                    found.append((int(proc.name), (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
            except OSError:
                continue
        return found

    site = subprocess.Popen([sys.executable, "manage.py", "run_site", "--port", "0"], cwd=root, env=env)
    deadline = time.monotonic() + 60
    while not any("run_worker" in c for _, c in children()):
        assert time.monotonic() < deadline, children()
        time.sleep(0.3)
    site.send_signal(signal.SIGTERM)
    site.wait(timeout=30)
    deadline = time.monotonic() + 90  # a publish_scheduled already running is let finish
    try:
        while children():
            assert time.monotonic() < deadline, f"left behind: {children()}"
            time.sleep(0.3)
    finally:
        for pid, _ in children():
            os.kill(pid, signal.SIGKILL)  # a failing run leaves nothing behind either
