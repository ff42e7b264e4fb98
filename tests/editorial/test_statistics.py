"""阅读统计 report, its CSV exports and the dashboard panel."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial import stats
from news.models import ArticlePage, PageViewDay

REPORT = "/admin/reports/reading/"


@pytest.fixture
def viewed(make_article):
    """Three articles in two columns with views on several days (北京时间 dates)."""
    today = timezone.localdate()
    a = make_article("高龄津贴发放通知", slug="gljt", column="tzgg")
    b = make_article("养老服务调研", slug="ylfw", column="bmdt")
    c = make_article("去年的旧闻", slug="old", column="bmdt")
    rows = [
        (a, 0, 50),
        (a, 3, 10),
        (b, 1, 30),
        (b, 20, 100),  # outside the last 7 days, inside the last 30
        (c, 60, 500),  # outside both
    ]
    for page, days_ago, count in rows:
        PageViewDay.objects.create(page=page, day=today - datetime.timedelta(days=days_ago), count=count)
    return {"a": a, "b": b, "c": c, "today": today}


def titles(rows):
    return [(r["page"].title, r["views"]) for r in rows]


def test_top_pages(viewed):
    today = viewed["today"]
    assert titles(stats.top_pages(today - datetime.timedelta(days=6), today)) == [
        ("高龄津贴发放通知", 60),
        ("养老服务调研", 30),
    ]
    assert titles(stats.top_pages(today - datetime.timedelta(days=29), today)) == [
        ("养老服务调研", 130),
        ("高龄津贴发放通知", 60),
    ]
    top = stats.top_pages(today - datetime.timedelta(days=90), today)
    assert top[0]["page"].title == "去年的旧闻" and top[0]["column"] == "部门动态"


def test_column_pages_are_not_ranked(viewed, columns):
    PageViewDay.objects.create(page=columns["bmdt"], day=viewed["today"], count=999)
    assert all(r["page"].pk != columns["bmdt"].pk for r in stats.top_pages(viewed["today"], viewed["today"]))


def test_views_by_column(viewed):
    today = viewed["today"]
    days, columns = stats.views_by_column(today - datetime.timedelta(days=6), today)
    assert len(days) == 7 and days[-1] == today
    by_title = {c["title"]: c for c in columns}
    assert by_title["通知公告"]["total"] == 60
    assert by_title["通知公告"]["by_day"][-1] == 50
    assert by_title["部门动态"]["total"] == 30


def test_report_page(admin_client, viewed):
    response = admin_client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("阅读统计", "最近 7 天阅读排行", "最近 30 天阅读排行", "所选期间阅读排行", "各栏目每日浏览量"):
        assert heading in html
    assert "<svg" in html and "<polyline" in html and "通知公告（60）" in html
    assert "高龄津贴发放通知" in html
    assert "评论功能未启用" not in html and "每日评论数" in html


def test_chart_is_plain_svg_without_script_or_style(viewed):
    from editorial.charts import line_chart

    today = viewed["today"]
    days, columns = stats.views_by_column(today - datetime.timedelta(days=6), today)
    svg = str(line_chart(days, columns))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "style=" not in svg and "http://" not in svg.replace("http://www.w3.org", "")


def test_chart_escapes_column_titles(columns):
    from editorial.charts import line_chart

    svg = str(line_chart([timezone.localdate()], [{"title": "<b>&x", "by_day": [3], "total": 3}]))
    assert "<b>" not in svg and "&lt;b&gt;&amp;x" in svg


def test_chosen_range(admin_client, viewed):
    today = viewed["today"]
    start = today - datetime.timedelta(days=70)
    response = admin_client.get(REPORT, {"start": start.isoformat(), "end": today.isoformat()})
    assert response.status_code == 200
    assert [r["page"].title for r in response.context["top_range"]][0] == "去年的旧闻"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "不是日期", "end": "2025-01-01"}, "请输入有效的日期"),
        ({"start": "2025-03-01", "end": "2025-02-01"}, "结束日期不能早于开始日期。"),
        ({"start": "2020-01-01", "end": "2025-01-01"}, "统计范围最长 366 天"),
        ({"start": "2999-01-01", "end": "2999-01-02"}, "开始日期不能晚于今天。"),
        ({"start": "", "end": ""}, "请填写开始日期。"),
        ({"start": "<script>", "end": "x" * 5000}, "请输入有效的日期"),
    ],
)
def test_bad_dates_get_chinese_messages(admin_client, params, message):
    response = admin_client.get(REPORT, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>" not in html.split("统计范围", 1)[1].split("</form>")[0]
    # An export with bad dates falls back to the page with the errors, never a 500.
    assert admin_client.get(REPORT, {**params, "export": "range"})["Content-Type"].startswith("text/html")


def read_csv(response):
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # BOM for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_exports(admin_client, viewed):
    from comments.models import Comment

    page = ArticlePage.objects.first()
    for status in ("approved", "pending", "rejected"):
        Comment.objects.create(page=page, text=f"评论{status}", status=status)
    exports = {}
    for name in ("top7", "top30", "range", "columns", "comments"):
        response = admin_client.get(REPORT, {"export": name})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment;" in response["Content-Disposition"]
        exports[name] = read_csv(response)
    assert exports["top7"][0] == ["排名", "标题", "栏目", "浏览次数", "路径"]
    assert exports["top7"][1][:4] == ["1", "高龄津贴发放通知", "通知公告", "60"]
    assert [row[1] for row in exports["top30"][1:]] == ["养老服务调研", "高龄津贴发放通知"]
    assert exports["range"] == exports["top30"]  # the default range is the last 30 days
    assert exports["columns"][0][0] == "日期" and "通知公告" in exports["columns"][0]
    assert len(exports["columns"]) == 31  # header + 30 days
    assert exports["comments"][0] == ["日期", "评论数", "已通过", "待审核", "未通过"]
    assert len(exports["comments"]) == 31
    today = timezone.localdate().isoformat()
    assert [today, "3", "1", "1", "1"] in exports["comments"]


def test_report_query_count_does_not_grow_with_pages(admin_client, make_article, django_assert_max_num_queries):
    today = timezone.localdate()

    def add(n, start):
        for i in range(start, start + n):
            page = make_article(f"文章{i}", slug=f"a{i}", column=("bmdt", "tzgg", "zcwj")[i % 3])
            PageViewDay.objects.bulk_create(
                [PageViewDay(page=page, day=today - datetime.timedelta(days=d), count=i + d) for d in range(0, 30, 3)]
            )

    add(3, 0)
    admin_client.get(REPORT)  # warm caches (content types, site root paths)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin_client.get(REPORT)
    add(30, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(REPORT)
    assert len(response.context["top30"]) == 20


def test_permissions(client, make_user, review_setup, django_user_model):
    plain = django_user_model.objects.create_user("plain", password="x-12345678")
    client.force_login(plain)
    assert client.get(REPORT).status_code == 302  # no admin access: to the login page
    from django.contrib.auth.models import Permission

    plain.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client.get(REPORT).status_code == 302  # admin, but no 可查看阅读统计 (Wagtail redirects home)
    client.force_login(make_user("bianji", "编辑"))
    assert client.get(REPORT).status_code == 200


def test_menu_item_and_dashboard_panel(admin_client, viewed):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "阅读统计" in html
    assert "今日概况" in html
    assert "data-views-today>50<" in html
    assert "待审核评论：<strong data-pending-count>0</strong>" in html


def test_dashboard_without_views(admin_client, db):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-views-today>0<" in html


def test_pending_comments_and_works_counted(make_article):
    from comments.models import Comment

    page = make_article("有评论的文章")
    Comment.objects.create(page=page, text="待审核的评论", status="pending")
    Comment.objects.create(page=page, text="已通过的评论", status="approved")
    rows = stats.comments_by_day(timezone.localdate(), timezone.localdate())
    assert rows[0]["total"] == 2 and rows[0]["pending"] == 1
    numbers = stats.dashboard_numbers()
    assert numbers["pending_comments"] == 1 and numbers["pending_works"] == 0


def test_comments_by_day_groups_by_beijing_day(monkeypatch, review_setup, make_article):
    """Stand-in for comments.Comment (absent in this worktree): any model with status and created_at."""
    from types import SimpleNamespace

    from wagtail.models import Workflow, WorkflowState

    workflow = Workflow.objects.get(name="三审三校")
    day = datetime.date(2025, 3, 1)
    for n, (hour, minute) in enumerate([(0, 10), (23, 50)]):  # both on 1 March in Beijing
        page = make_article(f"稿件{n}", slug=f"wf{n}", publish=False)
        state = workflow.start(page, None)
        moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())
        WorkflowState.objects.filter(pk=state.pk).update(created_at=moment)
    monkeypatch.setattr(stats, "comment_model", lambda: WorkflowState)
    rows = stats.comments_by_day(day - datetime.timedelta(days=1), day + datetime.timedelta(days=1))
    assert [(r["day"], r["total"]) for r in rows] == [
        (day - datetime.timedelta(days=1), 0),
        (day, 2),
        (day + datetime.timedelta(days=1), 0),
    ]
    assert rows[1]["approved"] == 0

    # A model whose status has no "pending" choice is left out of the dashboard instead of showing 0.
    fake_apps = SimpleNamespace(is_installed=lambda label: True, get_model=lambda app, model: WorkflowState)
    monkeypatch.setattr(stats, "apps", fake_apps)
    assert stats.dashboard_numbers()["pending_comments"] is None


def _y_ticks(svg):
    """{label: y of its grid line} of the chart's Y axis."""
    import re

    return {
        int(label): float(y)
        for y, label in re.findall(
            r'<line x1="\d+" x2="\d+" y1="([\d.]+)" y2="[\d.]+"[^>]*/><text[^>]*>(\d+)</text>', svg
        )
    }


@pytest.mark.parametrize("peak", [1, 3, 7, 10, 60, 123])
def test_chart_y_axis_labels_match_what_is_plotted(peak):
    import re

    from editorial.charts import line_chart

    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in (2, 1, 0)]
    values = [0, 2 if peak >= 2 else 1, peak]
    svg = str(line_chart(days, [{"title": "通知公告", "by_day": values, "total": sum(values)}]))
    ticks = _y_ticks(svg)
    assert 0 in ticks and max(ticks) >= peak
    steps = sorted(ticks)
    assert len({b - a for a, b in zip(steps, steps[1:], strict=False)}) == 1  # evenly spaced whole numbers
    points = re.search(r'<polyline points="([^"]+)"', svg).group(1).split()
    plotted = {v: float(p.split(",")[1]) for v, p in zip(values, points, strict=True)}
    for value, y in plotted.items():
        if value in ticks:
            assert ticks[value] == pytest.approx(y, abs=0.11), value  # the grid line labelled 2 is at 2
    assert "每日浏览量（次）" in svg  # the axis says what it measures


def test_axis_ticks():
    from editorial.charts import axis_ticks

    assert axis_ticks(0) == [0, 1]
    assert axis_ticks(1) == [0, 1]
    assert axis_ticks(7) == [0, 2, 4, 6, 8]
    assert axis_ticks(10) == [0, 2, 4, 6, 8, 10]
    assert axis_ticks(60) == [0, 20, 40, 60]
    assert axis_ticks(123) == [0, 50, 100, 150]
