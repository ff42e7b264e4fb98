"""Demo columns and articles for `load_demo`: idempotent, found again by slug on every run."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from ..models import ArticlePage, NewsIndexPage
from .articles import ARTICLES

# (slug, title, parent slug or None for the home page, default source, show in menus, intro)
COLUMNS = [
    ("news", "资讯中心", None, "", True, "宣城市民政局发布的工作动态、通知公告和政策文件。"),
    ("zwdt", "政务动态", "news", "", False, "全市民政系统工作动态。"),
    ("bmdt", "部门动态", "zwdt", "市民政局", False, "市民政局各科室和直属单位的工作动态。"),
    ("tzgg", "通知公告", "zwdt", "市民政局", False, "市民政局发布的通知、公告和公示。"),
    ("zcwj", "政策文件", "zwdt", "市民政局", False, "民政领域的规范性文件和政策解读。"),
    ("zwgk", "政务公开", None, "", True, "市民政局机构职能、财政资金、人事信息等政府信息公开。"),
    ("jgzn", "机构职能", "zwgk", "市民政局", False, "市民政局的主要职责和内设机构。"),
    ("czzj", "财政资金", "zwgk", "市民政局", False, "部门预算、决算和民生资金信息。"),
]
# Columns whose items may be older before the column counts as stale (days); default 14.
STALE_AFTER_DAYS = {"tzgg": 180, "zcwj": 180, "news": 180, "zwdt": 14, "zwgk": 365, "jgzn": 365, "czzj": 365}

FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
]


def _font(size):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def make_demo_image(title, seed=0):
    """A generated picture (gradient and caption), so the demo needs no downloaded photos."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = 1200, 675
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    top = (164 - seed * 7 % 60, 40 + seed * 13 % 80, 30 + seed * 17 % 90)
    bottom = (250, 235 - seed * 5 % 40, 200)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    draw.rectangle([60, height - 170, width - 60, height - 60], fill=(255, 255, 255))
    draw.text((90, height - 150), title[:22], fill=(125, 0, 11), font=_font(48))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    image = Image(title=title)
    image.file = ImageFile(buffer, name=f"demo-{seed}.jpg")
    image.save()
    return image


def _paragraph_html(text):
    from django.utils.html import escape

    return f"<p>{escape(text)}</p>"


def build_body(entry, image):
    body = [("paragraph", _paragraph_html(entry["paragraphs"][0]))]
    if image is not None:
        body.append(("image", {"image": image, "alt": entry["image"], "caption": entry["image"]}))
    for text in entry["paragraphs"][1:]:
        body.append(("paragraph", _paragraph_html(text)))
    if entry.get("table"):
        body.append(
            (
                "table",
                {
                    "data": entry["table"],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            )
        )
    return body


def ensure_column(parent, slug, title, source, in_menu, intro):
    existing = NewsIndexPage.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    column = NewsIndexPage(
        title=title,
        slug=slug,
        default_source=source,
        show_in_menus=in_menu,
        intro=intro,
        stale_after_days=STALE_AFTER_DAYS.get(slug, 14),
    )
    parent.add_child(instance=column)
    column.save_revision().publish()
    return column


def load(home, stdout):
    columns = {}
    for slug, title, parent_slug, source, in_menu, intro in COLUMNS:
        parent = columns[parent_slug] if parent_slug else home
        columns[slug] = ensure_column(parent, slug, title, source, in_menu, intro)
    now = timezone.now()
    created = 0
    for index, entry in enumerate(ARTICLES):
        column = columns[entry["column"]]
        if ArticlePage.objects.child_of(column).filter(slug=entry["slug"]).exists():
            continue
        image = make_demo_image(entry["image"], seed=index) if entry.get("image") else None
        local = timezone.localtime(now - datetime.timedelta(days=entry["days_ago"]))
        publish_at = local.replace(hour=entry["hour"], minute=(index * 7) % 60, second=0, microsecond=0)
        article = ArticlePage(
            title=entry["title"],
            slug=entry["slug"],
            publish_at=publish_at,
            source=entry["source"],
            author=entry["author"],
            summary=entry["summary"],
            cover=image,
            body=build_body(entry, image),
        )
        column.add_child(instance=article)
        article.save_revision().publish()
        created += 1
    stdout.write(f"资讯：{len(columns)} 个栏目，新建 {created} 篇文章")
