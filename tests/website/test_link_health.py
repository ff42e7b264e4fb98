"""check_links finds broken internal and external links; the admin reports list them and stale columns."""

import datetime
import http.server
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone

from website.models import LinkCheckResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_http():
    """A tiny HTTP server on loopback: /ok answers 200, anything else 404."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200 if self.path == "/ok" else 404)
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_check_links_reports_broken_links_per_page(make_article, local_http, capsys):
    target = make_article("被引用的文章")
    gone = make_article("将被取消发布的文章")
    body = (
        f'<p><a linktype="page" id="{target.pk}">好链接</a> <a linktype="page" id="{gone.pk}">坏链接</a> '
        f'<a linktype="page" id="999999">已删除</a> <a href="/news/zwdt/bmdt/">栏目</a> <a href="/no-such-page/">站内坏链</a> '
        f'<a href="{local_http}/ok">站外好链</a> <a href="{local_http}/missing">站外坏链</a></p>'
    )
    source = make_article("含链接的文章", body=[("paragraph", body)])
    gone.unpublish()
    call_command("check_links", "--timeout", "2")
    out = capsys.readouterr().out
    assert "《含链接的文章》" in out
    broken = set(LinkCheckResult.objects.filter(page_id=source.pk).values_list("url", "status"))
    assert (f"page:{gone.pk}", "页面未发布") in broken
    assert ("page:999999", "页面已删除") in broken
    assert ("/no-such-page/", "404") in broken
    assert (f"{local_http}/missing", "404") in broken
    urls = {u for u, _ in broken}
    assert f"page:{target.pk}" not in urls and "/news/zwdt/bmdt/" not in urls and f"{local_http}/ok" not in urls
    assert "失效 4 个" in out


def test_offline_skips_external(make_article, capsys):
    make_article("站外链接", body=[("paragraph", '<p><a href="http://192.0.2.1/x">站外</a></p>')])
    call_command("check_links", "--offline")
    assert "站外链接已跳过" in capsys.readouterr().out
    assert not LinkCheckResult.objects.exists()


def test_broken_links_report_in_admin(admin_client, make_article):
    page = make_article("有坏链的页面")
    LinkCheckResult.objects.create(checked_at=timezone.now(), page=page, url="/gone/", kind="internal", status="404")
    html = admin_client.get("/admin/reports/broken-links/").content.decode()
    assert "失效链接" in html and "有坏链的页面" in html and "/gone/" in html
    csv = admin_client.get("/admin/reports/broken-links/?export=csv")
    assert csv.status_code == 200 and "/gone/" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_stale_columns_report(admin_client, columns, make_article):
    old = timezone.now() - datetime.timedelta(days=30)
    make_article("旧动态", column="bmdt", publish_at=old)
    make_article("近期通知", column="tzgg", publish_at=old)
    html = admin_client.get("/admin/reports/stale-columns/").content.decode()
    assert "栏目更新检查" in html
    assert "部门动态" in html  # 30 days > 14-day limit
    assert "政策文件" in html  # no items at all
    assert "通知公告" not in html.split("<tbody>")[1]  # 30 days < 180-day limit
