"""The admin's slug field in a real browser: a Chinese title is not copied into a new page's slug,
an old page's Chinese slug is left alone (issue 11.2, news/slugs.py)."""

import re

from playwright.sync_api import expect

PASSWORD = "slug-pass-2025"
TITLE = "宣城市民政局关于开展养老服务机构安全生产专项整治行动的通知"


def log_in(browser, site_url, django_user_model):
    django_user_model.objects.create_superuser("guanli", "guanli@example.invalid", PASSWORD)
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    tab = context.new_page()
    tab.goto(f"{site_url}/admin/login/")
    tab.fill("#id_username", "guanli")
    tab.fill("#id_password", PASSWORD)
    tab.get_by_role("button", name="登录").click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))
    return context, tab


def test_slug_field_in_the_browser(browser, site_url, columns, django_user_model, settings):
    from news.models import ArticlePage

    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # one draft, saved by the button below
    context, tab = log_in(browser, site_url, django_user_model)
    tab.goto(f"{site_url}/admin/pages/add/news/articlepage/{columns['bmdt'].pk}/")
    tab.fill("#id_title", "Annual Report")
    tab.press("#id_title", "Tab")
    expect(tab.locator("#id_slug")).to_have_value("annual-report")  # the title sync still works
    tab.fill("#id_title", TITLE)
    tab.press("#id_title", "Tab")
    expect(tab.locator("#id_slug")).to_have_value("")  # no Chinese copied in
    tab.locator("footer button[type='submit']").first.click()  # 保存草稿
    tab.wait_for_load_state()
    page = ArticlePage.objects.get(title=TITLE)
    assert re.fullmatch(r"\d{8}-\d{6}", page.slug), page.slug

    old = ArticlePage(title="我市提高城乡低保标准", slug="我市提高城乡低保标准", live=True)
    columns["bmdt"].add_child(instance=old)
    old.save_revision().publish()
    tab.goto(f"{site_url}/admin/pages/{old.pk}/edit/")
    tab.locator("#id_slug").dispatch_event("blur")  # Wagtail slugifies the field when it loses focus
    expect(tab.locator("#id_slug")).to_have_value("我市提高城乡低保标准")
    context.close()
