"""智能问答 panel in a real browser: keyboard opens it, focus moves in and back, answers cite sources, 375 px."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _wagtail_root(transactional_db):
    """The flush after an earlier live-server test removes the root page and locale that Wagtail's
    migrations created; put them back so `home` can be built."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.first()))


@pytest.fixture
def qa_content(home, columns):
    from django.utils.html import escape

    from news.models import ArticlePage
    from qa.models import FAQ
    from qa.retrieval import invalidate_faqs
    from qa.segment import invalidate_lexicon

    invalidate_lexicon()
    invalidate_faqs()
    article = ArticlePage(
        title="宣城市临时救助实施办法",
        slug="linshi",
        body=[("paragraph", f"<p>{escape('因病等刚性支出导致困难的，临时救助最高可达月低保标准的12倍。')}</p>")],
    )
    columns["zcwj"].add_child(instance=article)
    article.save_revision().publish()
    faq = FAQ(
        question="低保怎么申请？", alternatives="吃低保怎么办理", answer="<p>向户籍所在地乡镇人民政府提出申请。</p>"
    )
    faq.save()
    faq.save_revision().publish()
    return {"article": article, "faq": faq}


def test_panel_with_keyboard_on_a_phone(page, site_url, qa_content):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site_url + "/")
    trigger = page.locator("[data-qa-open]")
    trigger.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#qa-dialog")
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.id") == "qa-input"
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375

    # Suggestions while typing, then the FAQ answer with its source link.
    page.keyboard.type("低保")
    page.locator(".qa-suggestion", has_text="低保怎么申请？").wait_for()
    page.keyboard.type("咋申请")
    page.keyboard.press("Enter")
    answer = dialog.locator(".qa-answer-faq")
    answer.wait_for()
    assert "乡镇人民政府" in answer.inner_text()
    assert answer.locator(f'a[href="/qa/faq/{qa_content["faq"].pk}/"]').count() == 1

    # A passage from an article, with title and link.
    page.fill("#qa-input", "临时救助最高可达多少倍")
    page.keyboard.press("Enter")
    passage = dialog.locator(".qa-answer-passage")
    passage.wait_for()
    assert "12倍" in passage.inner_text()
    assert passage.locator(f'a[href="{qa_content["article"].url}"]').count() == 1

    # Nothing found: 12345 and the bureau's phone.
    page.fill("#qa-input", "宠物狗走丢了怎么找")
    page.keyboard.press("Enter")
    dialog.locator(".qa-none").wait_for()
    assert "暂未找到答案" in dialog.inner_text() and "12345" in dialog.inner_text()

    # Esc closes and gives focus back to the button; nothing scrolls sideways at 375 px.
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.hasAttribute('data-qa-open')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_without_javascript_the_link_opens_the_qa_page(browser, site_url, qa_content):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(site_url + "/")
    page.click("[data-qa-open]")
    page.fill("#qa-page-q", "低保咋申请")
    page.click(".search-form button[type=submit]")
    assert "乡镇人民政府" in page.inner_text("main")
    context.close()
