"""Site chrome in a real browser: care mode, high contrast, phone menu, read aloud, no sideways scroll."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def px(value):
    return float(value.replace("px", ""))


def test_care_mode_is_large_contrasty_and_kept(page, site_url, article, columns):
    page.goto(site_url + article.url)
    base = px(page.evaluate("getComputedStyle(document.body).fontSize"))
    page.get_by_role("button", name="关怀模式").click()
    expect(page.get_by_role("button", name="关怀模式")).to_have_attribute("aria-pressed", "true")
    body_size = px(page.evaluate("getComputedStyle(document.body).fontSize"))
    line_height = px(page.evaluate("getComputedStyle(document.body).lineHeight"))
    assert body_size >= 22 > base
    assert line_height >= 1.5 * body_size
    assert "underline" in page.evaluate("getComputedStyle(document.querySelector('.breadcrumb a')).textDecorationLine")
    for selector in [".breadcrumb a", ".font-size-control button", ".tool-toggle", ".main-nav a"]:
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, selector
    # The article's font-size control still works inside care mode.
    medium = px(page.evaluate("getComputedStyle(document.querySelector('.article-body p')).fontSize"))
    page.get_by_role("button", name="大", exact=True).click()
    large = px(page.evaluate("getComputedStyle(document.querySelector('.article-body p')).fontSize"))
    assert large > medium >= 22
    # Kept across pages and visits.
    page.goto(site_url + columns["bmdt"].url)
    assert page.evaluate("document.documentElement.classList.contains('care-mode')")
    expect(page.get_by_role("button", name="关怀模式")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="关怀模式").click()
    assert not page.evaluate("document.documentElement.classList.contains('care-mode')")


def test_high_contrast_toggle(page, site_url, article):
    page.goto(site_url + article.url)
    page.get_by_role("button", name="高对比度").click()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('.article-body p')).color") == "rgb(255, 255, 0)"
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('high-contrast')")


@pytest.mark.parametrize("width", [375, 1280])
def test_no_sideways_scroll_and_screenshots(page, site_url, article, columns, width, screenshot_dir):
    page.set_viewport_size({"width": width, "height": 900})
    for name, url in [("home", "/"), ("column", columns["bmdt"].url), ("article", article.url)]:
        page.goto(site_url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
        page.screenshot(path=str(screenshot_dir / f"chrome-{name}-{width}.png"), full_page=True)
    if width == 375:
        size = px(page.evaluate("getComputedStyle(document.querySelector('.article-body p')).fontSize"))
        assert size >= 16


def test_phone_menu_works_with_keyboard(page, site_url, home, columns):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + "/")
    toggle = page.get_by_role("button", name="菜单")
    menu_link = page.locator("#main-menu a").first
    expect(menu_link).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    assert page.evaluate("document.activeElement.textContent") == "首页"
    for link in page.locator("#main-menu a").all():
        assert link.bounding_box()["height"] >= 44
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()
    assert page.evaluate("document.activeElement.textContent") == "菜单"


def test_read_aloud_speaks_or_says_why_not(page, site_url, article):
    page.goto(site_url + article.url)
    page.get_by_role("button", name="朗读").click()
    status = page.locator("[data-read-status]")
    expect(status).not_to_be_empty()
    assert any(word in status.text_content() for word in ("朗读", "语音"))
    if page.get_by_role("button", name="停止").is_visible():
        page.get_by_role("button", name="停止").click()
        expect(status).to_have_text("已停止朗读")


def test_skip_link_moves_focus_to_main(page, site_url, article):
    page.goto(site_url + article.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_print_stylesheet_drops_navigation_and_keeps_qr(page, site_url, article):
    page.goto(site_url + article.url)
    expect(page.get_by_role("button", name="打印本页")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".page-tools")).to_be_hidden()
    expect(page.locator(".qr-block svg")).to_be_visible()
    expect(page.locator(".article-body")).to_be_visible()
