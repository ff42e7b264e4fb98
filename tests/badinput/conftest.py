"""One site tree for the whole bad-input module, built once and rolled back at the end.

The tree is made inside an outer transaction opened when the module starts; each test's own
transaction (pytest-django's `db`) is a savepoint inside it, so what a test saves is undone after
it while the tree stays. Building it once is what keeps ~2,000 cases under a minute."""

import io
from types import SimpleNamespace

import pytest
from django.db import connections, transaction


class _Quiet:
    def write(self, *args, **kwargs):
        pass


def build_tree():
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from django.utils.html import escape
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from comments.models import Comment
    from news.models import ArticlePage, NewsIndexPage
    from placenames.models import PlaceNameColumnPage, PlaceStoryPage, Work
    from qa.models import FAQ
    from tests.placenames.files import jpeg_bytes
    from website import demo

    home = demo.load(_Quiet())
    news_column = NewsIndexPage(title="部门动态", slug="bmdt", default_source="市民政局", show_in_menus=True)
    home.add_child(instance=news_column)
    news_column.save_revision().publish()
    article = ArticlePage(
        title="我市提高城乡低保标准",
        slug="dibao",
        body=[("paragraph", f"<p>{escape('自7月起，城乡最低生活保障标准提高到每人每月860元。')}</p>")],
        comments_open=True,
    )
    news_column.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    comment = Comment.objects.create(page=article, text="一条已公开的评论", status=Comment.Status.APPROVED)

    column = PlaceNameColumnPage(title="忆红色地名 感峥嵘岁月", slug="hongse-diming", intro="红色地名故事。")
    home.add_child(instance=column)
    column.save_revision().publish()
    story = PlaceStoryPage(title="云岭的故事", slug="yunling", place_name="云岭新四军军部旧址", county="泾县")
    column.add_child(instance=story)
    story.save_revision().publish()
    image = Image(title="作品")
    image.file = ImageFile(io.BytesIO(jpeg_bytes()), name="work.jpg")
    image.save()
    work = Work.objects.create(
        title="云岭晨雾",
        kind="photo",
        story=story,
        image=image,
        author_name="张三",
        phone="13912345678",
        consent=True,
        status="approved",
    )

    faq = FAQ(question="低保怎么申请？", answer="<p>向户籍所在地乡镇（街道）提出申请。</p>", alternatives="低保申请")
    faq.save()
    faq.save_revision().publish()
    document = Document.objects.create(title="通知", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="notice.pdf"))
    get_user_model().objects.create_user("bianji", password="right-pass-123")  # for logins that succeed
    return SimpleNamespace(
        home=home,
        news_column=news_column,
        article=article,
        comment=comment,
        column=column,
        story=story,
        work=work,
        image=image,
        faq=faq,
        document=document,
    )


def _warm_up(tree):
    """Render the pages once so the work's picture renditions exist in the outer transaction;
    otherwise every case showing the column would make them again (and roll them back)."""
    from django.test import Client

    client = Client()
    for url in (tree.column.url, tree.story.url, tree.article.url):
        assert client.get(url).status_code == 200


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    from qa.retrieval import invalidate_faqs
    from qa.segment import invalidate_lexicon

    with django_db_blocker.unblock():
        outer = {alias: transaction.atomic(using=alias) for alias in connections}
        for block in outer.values():
            block.__enter__()
        try:
            invalidate_lexicon()
            invalidate_faqs()
            tree = build_tree()
            _warm_up(tree)
            yield tree
        finally:
            for alias, block in outer.items():
                transaction.set_rollback(True, using=alias)
                block.__exit__(None, None, None)
            invalidate_lexicon()
            invalidate_faqs()
