"""Steps the scenarios share: what a citizen does on an article page in Chromium."""

from playwright.sync_api import expect


def post_comment(page, text):
    """Fill in the comment form under the article (the captcha is fetched on first focus) and
    send it; the form says the comment waits for a moderator."""
    from captcha.models import CaptchaStore

    form = page.locator("[data-comment-form]")
    form.scroll_into_view_if_needed()
    form.get_by_label("*正文").click()
    key = form.locator("[data-captcha-key]")
    expect(key).not_to_have_value("", timeout=20_000)
    form.get_by_label("*正文").fill(text)
    form.get_by_label("验证码").fill(CaptchaStore.objects.get(hashkey=key.input_value()).response)
    form.get_by_role("button", name="提交评论").click()
    expect(form.locator("[data-form-status]")).to_have_text("评论已提交，审核通过后显示", timeout=20_000)
