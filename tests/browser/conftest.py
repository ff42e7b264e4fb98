"""Playwright on Debian's Chromium. Without a browser these tests are skipped with a reason,
unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    # Browser tests last (a stable sort after pytest-django's): they flush the database, and once
    # Playwright's loop runs Django hands out fresh connections without the serialized test data,
    # so any transactional test after them would find no root page. See _wagtail_base_data.
    # The production-stack scenarios (tests/scenarios) drive Playwright too: they go last as well.
    items.sort(key=lambda item: "tests/browser" in str(item.fspath) or "tests/scenarios" in str(item.fspath))
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)")
    skip = pytest.mark.skip(reason="未找到 Chromium：浏览器测试已跳过（apt-get install chromium 后可运行）")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def site_url(live_server, home):
    """The live server's origin; the default Wagtail Site answers for any host."""
    return live_server.url


@pytest.fixture(autouse=True)
def _wagtail_base_data(request):
    """Recreate what Wagtail's migrations made (locale, root page, root collection) after an earlier
    browser test flushed the database, so every browser test can build its site with `home`."""
    if "live_server" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    locale = Locale.objects.order_by("pk").first() or Locale.objects.create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="全部")
