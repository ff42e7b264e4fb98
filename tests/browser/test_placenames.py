"""A citizen sends in a photo through the 作品征集 form; after an editor approves it, it is in the
story's gallery, and the gallery's lightbox works with the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.placenames.files import jpeg_bytes


@pytest.fixture
def home(transactional_db):
    """The site's home page. A live-server test flushes the database when it ends, which also removes
    the rows Wagtail's migrations made (root page, default locale); put them back so these tests do
    not depend on which browser test ran before them. (serialized_rollback cannot help: Playwright's
    event loop gives the test another database connection object than the one that was serialized.)"""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale, Page

    from website import demo

    Locale.objects.get_or_create(language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))

    class Quiet:
        def write(self, *args, **kwargs):
            pass

    return demo.load(Quiet())


@pytest.fixture
def story(site_url, home):
    from placenames.models import PlaceNameColumnPage, PlaceStoryPage

    column = PlaceNameColumnPage(title="忆红色地名 感峥嵘岁月", slug="hongse-diming", show_in_menus=True)
    home.add_child(instance=column)
    column.save_revision().publish()
    page = PlaceStoryPage(title="云岭的故事", slug="yunling", place_name="云岭新四军军部旧址", county="泾县")
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_photo_sent_through_the_form_appears_in_the_gallery_after_approval(page, site_url, story, admin_user):
    from captcha.models import CaptchaStore

    from placenames import moderation
    from placenames.models import Work

    page.goto(site_url + story.url)
    page.get_by_role("link", name=re.compile("投稿您的摄影")).click()
    expect(page.get_by_role("heading", name="作品征集")).to_be_visible()
    expect(page.get_by_label("作品所写的地名")).to_have_value(str(story.pk))

    page.get_by_label("作品名称").fill("云岭雨后")
    page.get_by_label("摄影").check()
    page.get_by_label("作品文件").set_input_files(
        files=[{"name": "yunling.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(320, 240))}]
    )
    page.get_by_label("作品简介").fill("雨后的军部旧址。")
    page.get_by_label("作者姓名").fill("赵敏")
    page.get_by_label("联系电话").fill("0563-1234567")
    page.get_by_label(re.compile("同意在本网站公开展示")).check()

    # First a wrong captcha: the page explains, keeps what was typed and keeps the file (placenames.held).
    page.get_by_label("验证码").fill("9999x")
    page.get_by_role("button", name="提交作品").click()
    expect(page.get_by_role("alert")).to_contain_text("已保留您上次选择的文件")
    expect(page.get_by_label("作品名称")).to_have_value("云岭雨后")
    assert Work.objects.count() == 0

    page.get_by_label("作品文件").set_input_files(
        files=[{"name": "yunling.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(320, 240))}]
    )
    page.get_by_label(re.compile("同意在本网站公开展示")).check()
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("验证码").fill(CaptchaStore.objects.get(hashkey=key).response)
    page.get_by_role("button", name="提交作品").click()
    expect(page.get_by_role("status")).to_contain_text("作品已提交，审核通过后展示")

    work = Work.objects.get()
    assert work.status == "pending" and work.story_id == story.pk
    page.goto(site_url + story.url)
    expect(page.get_by_text("云岭雨后")).to_have_count(0)

    moderation.approve(work, admin_user)
    _approved_photo(story, "云岭秋色")
    page.goto(site_url + story.url)
    gallery = page.locator(".pn-gallery")
    expect(gallery.get_by_text("《云岭雨后》")).to_be_visible()
    expect(gallery.get_by_text("作者：赵敏")).to_be_visible()
    thumbnail = gallery.get_by_role("img", name=re.compile("云岭雨后"))
    expect(thumbnail).to_be_visible()

    # Lightbox: Enter opens, Esc closes, focus goes back to the picture.
    link = gallery.locator("a[data-lightbox]").first
    link.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="图片浏览")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name=re.compile("关闭"))).to_be_focused()
    counter = dialog.locator(".lightbox-counter")
    expect(counter).to_have_text("第 1 张，共 2 张")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("第 2 张，共 2 张")
    expect(dialog.locator("figcaption")).to_contain_text("云岭秋色")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("第 1 张，共 2 张")
    for _ in range(4):  # Tab cycles through 上一张, 下一张, 关闭 and never leaves the dialog
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.lightbox') !== null")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()


def _approved_photo(story, title):
    import io

    from django.core.files.images import ImageFile
    from django.utils import timezone
    from wagtail.images.models import Image

    from placenames.models import Work

    image = Image(title=title)
    image.file = ImageFile(io.BytesIO(jpeg_bytes(color=(20, 90, 160))), name="second.jpg")
    image.save()
    Work.objects.create(
        title=title,
        kind="photo",
        story=story,
        image=image,
        author_name="钱七",
        phone="13912345678",
        status="approved",
        moderated_at=timezone.now(),
    )


def test_column_and_form_have_no_axe_violations(page, site_url, story):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in [story.get_parent().url, story.get_parent().url + "?county=泾县&kind=photo", "/placenames/submit/"]:
        page.goto(site_url + path)
        results = axe.run(page, context={"include": [["main"]]})
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
        assert violations == [], (path, violations)
