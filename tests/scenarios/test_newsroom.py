"""The newsroom's whole job, as the people who do it, in Chromium: an editor writes an article with
a Chinese title, a paragraph and a cover photo and submits it to 三审三校; three different
reviewers approve it; a citizen finds it on the column, the home page and the RSS feed, carries it
to a phone by scanning the QR code on the screen, and comments from the 375 px phone behind the
captcha; the moderator approves the comment; the editor corrects the article twice (发布时间 left
blank, as its help text advises), each correction passing 三审三校 again; the bureau leader
withdraws it and it is gone at once.

Runs twice: on the test server (`make run`'s default stack: the settings and database of the pass)
and, in the PostgreSQL pass, on the production stack (nginx with TLS in front of gunicorn with the
production settings, PostgreSQL, Redis: the `stack` fixture of test_production_stack.py). The demo
accounts are the ones `make run` creates (manage.py ensure_demo_accounts); Wagtail's autosave stays
on, as editors have it, and each step waits for what a person would see before the next click.
"""

import io
import json
import random
import re
import time
import urllib.parse

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.qr_utils import decode_screenshot
from tests.scenarios.steps import post_comment
from tests.scenarios.test_production_stack import UA, _get, _missing, stack  # noqa: F401

TITLE = "市民政局开展冬季困难群众走访慰问"
PARAGRAPH = "市民政局工作人员走访慰问全市困难群众，送去棉被、米面油和慰问金。"
COVER_TITLE = "冬季走访慰问现场"
COMMENT = "看到走访慰问的报道很暖心，感谢民政局的工作人员！"
CORRECTIONS = ("（第二次修改）", "（第三次修改）")
REVIEWERS = ("chushen", "kezhang", "juzhang")  # 初审, 复审, 终审: three different people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["test-server", "production"])
def site(request, columns):
    """The origin a browser talks to: the live test server, or nginx on the production stack."""
    if request.param == "production":
        if _missing():
            pytest.skip(f"production-stack scenario skipped: {_missing()}")
        return request.getfixturevalue("stack")["url"]
    # On the test server (one process, threads, SQLite in the first pass) Wagtail's first autosave
    # of a new page came late or not at all under CI's load, and a submit then raced it; autosave
    # is off here. The production stack keeps it on, as editors have it.
    request.getfixturevalue("settings").WAGTAIL_AUTOSAVE_INTERVAL = 0
    return request.getfixturevalue("live_server").url


@pytest.fixture
def accounts(site):
    """The demo accounts of `make run`, with the passwords it prints once (after `stack` set the
    production password hashers, so the app servers accept them)."""
    out = io.StringIO()
    call_command("ensure_demo_accounts", stdout=out)
    return dict(re.findall(r"^\s+(\w+)\s+密码 (\S+)", out.getvalue(), re.M))


def _context(browser, **kwargs):
    return browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", ignore_https_errors=True, user_agent=UA, **kwargs
    )


def log_in(browser, site, accounts, username):
    context = _context(browser, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{site}/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", accounts[username])
    tab.get_by_role("button", name="登录").click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))
    return context, tab


def _open_action_menu(tab):
    tab.locator("footer [data-w-dropdown-target='toggle']").first.click()


def _no_errors(tab, what):
    errors = tab.locator(".messages .error, .error-message, .w-field__errors").all_inner_texts()
    assert not any(e.strip() for e in errors), f"{what}: {errors}"


def _cover_jpeg():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 800), (200, 40, 40))
    ImageDraw.Draw(image).rectangle((200, 200, 1000, 600), fill=tuple(random.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return {"name": "走访慰问.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def write_article(tab, site, column):
    """The editor's part: title, cover photo uploaded through the chooser, one paragraph, submit."""
    tab.goto(f"{site}/admin/pages/add/news/articlepage/{column.pk}/")
    tab.fill("#id_title", TITLE)
    tab.press("#id_title", "Tab")
    expect(tab.locator("[data-publish-checks]")).to_be_visible()

    tab.locator("#id_cover-chooser button[data-chooser-action-choose]").click()
    modal = tab.locator(".modal-dialog")
    modal.get_by_role("tab", name="上传").click()
    modal.locator("input[type=file]").set_input_files(_cover_jpeg())
    modal.locator("input[name='image-chooser-upload-title']").fill(COVER_TITLE)
    modal.get_by_role("button", name="上传").click()
    expect(modal).to_be_hidden()
    expect(tab.locator("#id_cover-title")).to_have_text(COVER_TITLE)

    tab.locator("[data-contentpath='body'] button.c-sf-add-button").first.click()
    tab.get_by_role("option", name="段落").click()
    editor = tab.locator("[data-contentpath='body'] .public-DraftEditor-content").first
    editor.click()
    editor.type(PARAGRAPH)
    # What the editor sees before reaching for the menu: the text is in the form (Draftail writes
    # it after a pause) and the first autosave has made the draft (the address becomes …/edit/).
    expect(tab.locator("input[name='body-0-value']")).to_have_value(re.compile(PARAGRAPH[:10]))
    if _autosaving(tab):
        expect(tab).to_have_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=20_000)
    submit(tab, "新稿件")


def _autosaving(tab):
    return tab.locator("#page-edit-form[data-controller~='w-autosave']").count() > 0


def submit(tab, what):
    # As a person reaching for the menu: Wagtail's autosave has caught up with the last change. A
    # submit sent while an autosave is still due lets that autosave land after the submission, as
    # a new revision the reviewers are warned about ("张编辑保存了新版本").
    if _autosaving(tab):
        tab.wait_for_timeout(1500)
        expect(tab.locator("#w-autosave-indicator")).not_to_have_attribute("data-w-autosave-state-value", "saving")
    _open_action_menu(tab)
    expect(tab.locator("button[name='action-publish']")).to_have_count(0)  # editors cannot publish
    tab.get_by_role("button", name="提交给三审三校").click()
    expect(tab.locator(".messages")).to_contain_text(re.compile("已经提交进行审核|已创建并提交审核"))  # edit / add form
    _no_errors(tab, f"{what} was refused")


def review_round(tabs, site, page):
    """初审, 复审, 终审, each in the reviewer's own browser; nothing is public before 终审."""
    for username in REVIEWERS:
        tab = tabs[username]
        tab.goto(f"{site}/admin/pages/{page.pk}/edit/")
        _open_action_menu(tab)
        approve = tab.locator(
            "footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
        )
        expect(approve).to_contain_text("批准")  # "批准 和发布" at 终审
        approve.click()
        expect(tab.locator(".messages")).to_be_visible()
        _no_errors(tab, f"{username} could not approve")
        page.refresh_from_db()
        if username != REVIEWERS[-1]:
            assert page.has_unpublished_changes or not page.live, f"public before 终审 (after {username})"
    assert page.live and not page.has_unpublished_changes


def _fetch(site, path):
    status, _, body = _get(site + path)
    return status, body


def assert_public(site, page, title, column):
    """On the article's own address, its column, the home page and the column's feed, at once."""
    status, body = _fetch(site, page.url)
    assert status == 200 and title in body
    for path in (column.url, "/", f"{column.url}feed/"):
        status, body = _fetch(site, path)
        assert status == 200 and title in body, f"{title} missing from {path}"


def find_in_search(site, page_url):
    """Site search finds the new article: at once on the test server (tasks run immediately), within
    seconds on the production stack, where the background worker indexes it."""
    deadline = time.monotonic() + 30
    while True:
        status, body = _fetch(site, "/search/?q=" + urllib.parse.quote("冬季困难群众走访慰问"))
        if status == 200 and f'href="{page_url}"' in body:  # the title itself is highlighted
            return
        assert time.monotonic() < deadline, "the published article never appeared in site search"
        time.sleep(0.5)


def assert_gone(site, page_url, column):
    status, body = _fetch(site, page_url)
    assert status == 404 and TITLE not in body
    for path in (column.url, "/", f"{column.url}feed/"):
        status, body = _fetch(site, path)
        assert status == 200 and TITLE not in body, f"withdrawn article still on {path}"


def scan_and_comment(browser, site, page_url):
    """A citizen on a 375 px phone: the QR code decodes to the article's address (from the pixels
    of a screenshot), then a comment with the captcha."""
    context = _context(browser, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(site + page_url)
    expect(phone.locator("h1")).to_contain_text(TITLE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    qr = phone.locator(".qr-block svg").first
    qr.scroll_into_view_if_needed()
    scanned = decode_screenshot(qr.screenshot())
    assert scanned, "the QR code on the phone screen does not decode"
    assert urllib.parse.unquote(urllib.parse.urlsplit(scanned).path) == urllib.parse.unquote(page_url)
    post_comment(phone, COMMENT)
    context.close()


def _comments_html(site, page):
    status, body = _fetch(site, f"/comments/{page.pk}/")
    assert status == 200
    return json.loads(body)["html"]


def see_comment(browser, site, page_url):
    """The citizen reloads the article on the phone and finds the approved comment under it."""
    context = _context(browser, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(site + page_url)
    phone.locator("[data-comment-form]").scroll_into_view_if_needed()
    expect(phone.locator(".comment-list")).to_contain_text(COMMENT, timeout=20_000)
    context.close()


def moderate(tab, site):
    tab.goto(f"{site}/admin/snippets/comments/comment/?status=pending")
    row = tab.locator("tr", has_text=COMMENT[:12])
    expect(row).to_have_count(1)
    row.locator("input[type=checkbox]").check()
    tab.locator("[data-bulk-action-footer]").get_by_role("link", name="审核通过").click()
    tab.get_by_role("button", name="审核通过").click()
    expect(tab.locator(".messages")).to_contain_text("已审核通过 1 条评论")


def withdraw(tab, site, page):
    tab.goto(f"{site}/admin/pages/{page.pk}/unpublish/")
    tab.get_by_role("button", name="是，取消发布").click()
    expect(tab.locator(".messages")).to_contain_text("取消发布")
    _no_errors(tab, "the withdrawal was refused")


def test_newsroom_article_from_draft_to_withdrawal(site, accounts, columns, browser):
    from comments.models import Comment
    from news.models import ArticlePage

    started = time.monotonic()
    column = columns["bmdt"]
    contexts, tabs = [], {}
    try:
        for username in ("bianji", *REVIEWERS, "shenhe"):
            context, tabs[username] = log_in(browser, site, accounts, username)
            contexts.append(context)

        write_article(tabs["bianji"], site, column)
        page = ArticlePage.objects.get(title=TITLE)
        assert not page.live and re.fullmatch(r"\d{8}-\d{6}", page.slug)  # a short ASCII address
        status, _ = _fetch(site, f"{column.url}{page.slug}/")
        assert status == 404  # nothing public before 三审三校

        review_round(tabs, site, page)
        assert page.cover.title == COVER_TITLE
        assert PARAGRAPH in str(page.body)
        first_published = page.publish_at
        assert_public(site, page, TITLE, column)
        find_in_search(site, page.url)

        scan_and_comment(browser, site, page.url)
        assert Comment.objects.get(text=COMMENT).status == Comment.Status.PENDING
        assert COMMENT not in _comments_html(site, page)  # not before the moderator approves
        moderate(tabs["shenhe"], site)
        assert Comment.objects.get(text=COMMENT).status == Comment.Status.APPROVED
        see_comment(browser, site, page.url)

        # The editor corrects the article twice; each correction is public only after 终审.
        title = TITLE
        for correction in CORRECTIONS:
            editor = tabs["bianji"]
            editor.goto(f"{site}/admin/pages/{page.pk}/edit/")
            editor.fill("#id_title", TITLE + correction)
            editor.press("#id_title", "Tab")
            submit(editor, correction)
            status, body = _fetch(site, page.url)
            assert status == 200 and title in body and TITLE + correction not in body
            review_round(tabs, site, page)
            title = TITLE + correction
            assert page.title == title and page.publish_at == first_published
            assert_public(site, page, title, column)

        page_url = page.url
        withdraw(tabs["juzhang"], site, page)
        page.refresh_from_db()
        assert not page.live
        assert_gone(site, page_url, column)
    finally:
        for context in contexts:
            context.close()
    print(f"newsroom scenario on {site}: {time.monotonic() - started:.0f} s")
