"""Shared fixtures: a small site tree built the way load_demo builds it, and article factories."""

import io
import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
# such a thread unless told it is safe (it is: the loop is idle while our code runs).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_caches():
    """Each test starts with empty caches (they may be a shared Redis in the PostgreSQL pass)."""
    from django.core.cache import caches

    for alias in ("default", "renditions"):
        caches[alias].clear()
    yield


def _ensure_wagtail_root():
    """A transactional test (live server, threads) empties every table when it ends, including
    the locale and root page Wagtail's migrations create; put them back for the tests after it."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def home(db):
    from website import demo

    _ensure_wagtail_root()

    class Quiet:
        def write(self, *args, **kwargs):
            pass

    return demo.load(Quiet())


@pytest.fixture
def columns(home):
    """网站首页 > 资讯中心 > 政务动态 > {部门动态, 通知公告, 政策文件} and 政务公开 > {机构职能, 财政资金},
    keyed by slug. Created live without revisions: four times faster than publishing each."""
    from news.demo import COLUMNS, STALE_AFTER_DAYS
    from news.models import NewsIndexPage

    result = {}
    for slug, title, parent_slug, source, in_menu, intro in COLUMNS:
        parent = result[parent_slug] if parent_slug else home
        column = NewsIndexPage(
            title=title,
            slug=slug,
            default_source=source,
            show_in_menus=in_menu,
            intro=intro,
            stale_after_days=STALE_AFTER_DAYS.get(slug, 14),
        )
        parent.add_child(instance=column)
        result[slug] = column
    return result


@pytest.fixture
def make_article(columns):
    """Create and publish an article: make_article("标题", column="bmdt", paragraphs=[...], **fields)."""
    from django.utils.html import escape

    from news.models import ArticlePage

    counter = {"n": 0}

    def factory(title="测试文章", column="bmdt", paragraphs=("这是一段测试正文。",), publish=True, **fields):
        counter["n"] += 1
        body = fields.pop("body", None)
        if body is None:
            body = [("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs]
        fields.setdefault("slug", f"article-{counter['n']}")
        article = ArticlePage(title=title, body=body, live=publish, **fields)
        columns[column].add_child(instance=article)
        revision = article.save_revision()
        if publish:
            revision.publish()
            article.refresh_from_db()
        return article

    return factory


@pytest.fixture
def article(make_article):
    return make_article(
        "我市提高城乡低保标准",
        paragraphs=["自7月起，城乡最低生活保障标准提高到每人每月860元。", "特困人员基本生活标准同步提高。"],
        source="社会救助科",
        author="肖昆",
    )


@pytest.fixture
def image_file():
    """A real JPEG in memory, for Wagtail images in tests."""

    def make(name="test.jpg", size=(64, 48), color=(180, 20, 30)):
        from django.core.files.images import ImageFile
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", size, color).save(buffer, "JPEG")
        return ImageFile(buffer, name=name)

    return make


@pytest.fixture
def wagtail_image(db, image_file):
    from wagtail.images.models import Image

    return Image.objects.create(title="测试图片", file=image_file())


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.invalid", "secret-pass-123")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
