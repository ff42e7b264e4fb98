"""【字体大小: 大 中 小】 in a real browser: sizes, aria-pressed, memory, keyboard, no-JS fallback."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# Body paragraph and title sizes in CSS pixels for each choice (static/css/site.css).
BODY = {"小": 16, "中": 18, "大": 22}
TITLE = {"小": 22, "中": 24, "大": 28}
PRESSED = {"大": "large", "中": "medium", "小": "small"}


@pytest.fixture
def articles(make_article, image_file):
    from wagtail.images.models import Image

    photo = Image.objects.create(
        title="走访困难家庭", file=image_file("visit.jpg", size=(1200, 675), color=(90, 120, 160))
    )
    long_text = (
        "今年以来，全市民政部门聚焦困难群众急难愁盼问题，持续完善分层分类的社会救助体系，"
        "推动救助政策从“人找政策”向“政策找人”转变，全年累计发放各类救助资金3.2亿元。"
    )
    first = make_article(
        "我市完善分层分类社会救助体系 困难群众基本生活得到有效保障",
        body=[
            ("paragraph", f"<p>{long_text}</p>"),
            ("image", {"image": photo, "alt": "社区工作人员走访困难家庭", "caption": "社区工作人员走访困难家庭"}),
            ("paragraph", "<p>各县市区建立低收入人口动态监测信息库，对重点人群每月开展数据比对。</p>"),
            (
                "table",
                {
                    "data": [
                        ["项目", "人数", "资金（万元）"],
                        ["最低生活保障", "71820", "26540"],
                        ["特困供养", "13650", "9820"],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            ),
        ],
        source="社会救助科",
        author="王晓明",
    )
    second = make_article("市民政局开展养老服务质量检查", paragraphs=["检查覆盖全市所有养老机构。"])
    return first, second


def sizes(page):
    return page.evaluate(
        """() => ({
            body: parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize),
            title: parseFloat(getComputedStyle(document.querySelector('.article-title')).fontSize),
        })"""
    )


def pressed(page):
    return {
        label: page.get_by_role("button", name=label, exact=True).get_attribute("aria-pressed") for label in PRESSED
    }


def assert_choice(page, label):
    assert sizes(page) == {"body": BODY[label], "title": TITLE[label]}
    assert pressed(page) == {other: "true" if other == label else "false" for other in PRESSED}


def test_buttons_change_the_size_and_the_choice_is_kept(page, site_url, articles):
    first, second = articles
    page.goto(site_url + first.url)
    assert_choice(page, "中")  # the default
    for label in ["大", "小", "中", "大"]:
        page.get_by_role("button", name=label, exact=True).click()
        assert_choice(page, label)

    page.reload()
    assert_choice(page, "大")  # kept across a reload
    page.goto(site_url + second.url)
    assert_choice(page, "大")  # and on another article


def test_keyboard_can_use_the_buttons(page, site_url, articles):
    page.goto(site_url + articles[0].url)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-font-size')") == "small":
            break
    else:
        pytest.fail("Tab never reached the 小 button")
    page.keyboard.press("Enter")
    assert_choice(page, "小")
    page.keyboard.press("Shift+Tab")  # back to 中
    assert page.evaluate("document.activeElement.textContent") == "中"
    page.keyboard.press("Space")
    assert_choice(page, "中")


def test_without_javascript_the_page_is_readable_at_the_default_size(browser, site_url, articles):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + articles[0].url)
        assert sizes(page) == {"body": BODY["中"], "title": TITLE["中"]}
        # Buttons that cannot work are not shown; the article itself is all there.
        assert not page.locator(".font-size-control").is_visible()
        assert page.get_by_text("各县市区建立低收入人口动态监测信息库").is_visible()
        assert page.get_by_text("扫一扫在手机打开当前页").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_article_screenshots(page, site_url, articles, screenshot_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + articles[0].url)
    page.wait_for_load_state("networkidle")
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(screenshot_dir / f"article-{width}.png"), full_page=True)
    page.get_by_role("button", name="大", exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(screenshot_dir / f"article-{width}-large.png"), full_page=True)
