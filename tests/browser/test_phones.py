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


# Everything the layout test measures, in one call per width and mode: the page scrolled from top to
# bottom a screen at a time, and at each stop every visible control whose centre is on screen must be
# the element found at that centre (not covered by the floating 智能问答 button, a banner, ...).
LAYOUT_PROBLEMS = """() => {
    const problems = [];
    const root = document.documentElement;
    const label = (el) => `<${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}> "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 20)}"`;
    if (root.scrollWidth > window.innerWidth) {
        const wide = [...document.body.querySelectorAll('*')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5));
        problems.push(`page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window: ${wide.slice(0, 3).map(label).join(', ')}`);
    }
    const controls = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
        .filter((el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true}))
        // The county map's areas are polygons: the centre of one's box may lie in its neighbour.
        .filter((el) => !(el instanceof SVGElement));
    const seen = new Set();
    const height = window.innerHeight;
    for (let y = 0; ; y += height - 40) {
        window.scrollTo(0, y);
        for (const el of controls) {
            const rects = [...el.getClientRects()].filter((r) => r.width > 2 && r.height > 2);
            if (!rects.length) continue;
            const r = rects[0];
            const x = r.left + r.width / 2, cy = r.top + r.height / 2;
            if (cy < 2 || cy > height - 2 || x < 2 || x > window.innerWidth - 2) continue;
            const hit = document.elementFromPoint(x, cy);
            if (hit && (hit === el || el.contains(hit))) continue;
            const text = `${label(el)} is covered by ${hit ? label(hit) : 'nothing'}`;
            if (!seen.has(text)) { seen.add(text); problems.push(text); }
        }
        if (y + height >= root.scrollHeight) break;
    }
    window.scrollTo(0, 0);
    const banner = document.querySelector('.home-banner a');
    if (banner) {
        const box = banner.getBoundingClientRect();
        const text = banner.querySelector('.banner-text').getBoundingClientRect();
        const img = banner.querySelector('img');
        if (text.top < box.top - 0.5 || text.bottom > box.bottom + 0.5) problems.push('banner text is cut off');
        if (window.innerWidth < 600 && img) {
            const picture = img.getBoundingClientRect();
            if (text.top < picture.bottom - 0.5) problems.push('banner text covers the picture');
        }
    }
    return problems;
}"""

PHONE_WIDTHS = [320, 375, 414]


@pytest.mark.parametrize("name", ["home", "column", "article", "placenames", "story", "submit", "search", "qa"])
def test_phone_layout(page, site_url, pages, name, screenshot_dir):
    page.set_viewport_size({"width": PHONE_WIDTHS[0], "height": 700})
    page.goto(site_url + pages[name])
    problems = []
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 700})
        for mode in MODES:
            apply_mode(page, mode)
            problems += [f"{width}px {mode}: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
            if width in (320, 375) and mode != "contrast":
                page.screenshot(path=str(screenshot_dir / f"phone-{name}-{mode}-{width}.png"))
                if name == "home":
                    page.locator(".home-banner").screenshot(path=str(screenshot_dir / f"banner-{mode}-{width}.png"))
    apply_mode(page, "normal")
    page.set_viewport_size({"width": 1280, "height": 900})
    problems += [f"1280px: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
    page.screenshot(path=str(screenshot_dir / f"phone-{name}-normal-1280.png"))
    assert not problems, "\n".join(problems)
