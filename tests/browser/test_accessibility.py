"""axe-core over every page type, in normal mode and in 关怀模式: no serious or critical violations."""

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def page_urls():
    from comments.models import Comment
    from news.models import NewsIndexPage
    from placenames.models import PlaceNameColumnPage, PlaceStoryPage

    commented = Comment.objects.filter(status="approved").select_related("page").first()
    column = PlaceNameColumnPage.objects.live().first()
    urls = [
        ("home", "/"),
        ("column", NewsIndexPage.objects.get(slug="bmdt").url),
        ("article-with-comments", commented.page.url),
        ("placenames-column", column.url),
        ("story", PlaceStoryPage.objects.live().first().url),
        ("works-form", "/placenames/submit/"),
        ("search", "/search/?q=低保"),
        ("not-found", "/no-such-page/"),
    ]
    return urls


def serious(results):
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_violations_anywhere(page, site_url, screenshot_dir):
    from axe_playwright_python.sync_playwright import Axe

    call_command("load_demo", stdout=open("/dev/null", "w"))
    axe = Axe()
    found = {}
    for mode in ("normal", "care"):
        page.goto(site_url + "/")
        page.evaluate("m => { localStorage.setItem('xcmz-care-mode', m === 'care' ? 'on' : 'off'); }", mode)
        for name, url in page_urls():
            page.goto(site_url + url)
            page.wait_for_load_state("networkidle")
            violations = serious(axe.run(page))
            if violations:
                found[(mode, name)] = violations
        if apps.is_installed("qa"):
            page.goto(site_url + "/")
            page.get_by_role("button", name="智能问答").first.click()
            page.wait_for_timeout(300)
            violations = serious(axe.run(page))
            if violations:
                found[(mode, "qa-panel")] = violations
            page.screenshot(path=str(screenshot_dir / f"qa-panel-{mode}.png"))
    import pprint

    assert found == {}, pprint.pformat(found, width=200)
