"""Phones (issues 11.4 and 11.6): the QR code scans from the screen's pixels, and narrow screens have
no sideways scroll and no control hidden under another element."""

import io

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

MODES = {"normal": [], "care": ["care-mode"], "contrast": ["high-contrast"]}


@pytest.fixture
def pages(home, columns, make_article, wagtail_image):
    """One page of each kind, with long (percent-encoded Chinese) addresses so the QR code is large."""
    from placenames.demo import ensure_column
    from placenames.models import PlaceStoryPage

    article = make_article(
        "我市提高城乡低保标准",
        slug="我市提高城乡低保标准",
        paragraphs=["自7月起，城乡最低生活保障标准提高到每人每月860元。" * 3, "特困人员基本生活标准同步提高。" * 5],
        source="社会救助科",
        author="肖昆",
        cover=wagtail_image,
    )
    pn_column, _ = ensure_column(home)
    story = PlaceStoryPage(
        title="云岭的故事", slug="云岭新四军军部旧址的故事", place_name="云岭新四军军部旧址", county="泾县"
    )
    pn_column.add_child(instance=story)
    story.save_revision().publish()
    return {
        "home": "/",
        "column": columns["bmdt"].url,
        "article": article.url,
        "placenames": pn_column.url,
        "story": story.url,
        "submit": "/placenames/submit/",
        "search": "/search/?q=低保",
        "qa": "/qa/?q=低保怎么申请",
    }


def set_mode(page, mode):
    """What the 关怀模式 / 高对比度 switches store; prefs.js applies it before the first paint."""
    page.evaluate(
        """(classes) => {
            localStorage.setItem('xcmz-care-mode', classes.includes('care-mode') ? 'on' : 'off');
            localStorage.setItem('xcmz-contrast', classes.includes('high-contrast') ? 'on' : 'off');
        }""",
        MODES[mode],
    )


def decode_pixels(png):
    import zxingcpp
    from PIL import Image

    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    return results[0].text if results else None


QR_PAGES = ["article", "column", "placenames", "story"]


def apply_mode(page, mode):
    """Switch mode on the loaded page the way site.js does (classes on <html>), without a reload."""
    page.evaluate(
        """(classes) => {
            const root = document.documentElement;
            root.classList.remove('care-mode', 'high-contrast');
            classes.forEach((c) => root.classList.add(c));
        }""",
        MODES[mode],
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_qr_code_scans_from_the_screen(page, site_url, pages, width, screenshot_dir):
    page.set_viewport_size({"width": width, "height": 900})
    failures = []
    for name in QR_PAGES:
        page.goto(site_url + pages[name])
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        for mode in ["normal", "care", "contrast"]:
            for media in ["screen", "print"]:
                if media == "print" and mode == "contrast":
                    continue
                apply_mode(page, mode)
                page.emulate_media(media=media)
                block = page.locator(".qr-block")
                block.scroll_into_view_if_needed()
                box = block.locator("svg").bounding_box()
                if box["width"] < 160 or abs(box["width"] - box["height"]) > 1:
                    failures.append(f"{name}/{mode}/{media}: QR box {box['width']}x{box['height']}")
                png = block.screenshot()
                if width == 375:
                    (screenshot_dir / f"qr-{name}-{mode}-{media}-{width}.png").write_bytes(png)
                decoded = decode_pixels(png)
                if decoded != canonical:
                    failures.append(f"{name}/{mode}/{media}: decoded {decoded!r}, expected {canonical!r}")
        page.emulate_media(media="screen")
    assert not failures, "\n".join(failures)
