"""generate_articles makes valid, published, listed articles in bulk."""

import pytest
from django.core.management import call_command
from django.test import Client

from news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_generate_articles_builds_a_valid_tree(columns):
    call_command(
        "generate_articles",
        "--count",
        "45",
        "--batch-size",
        "20",
        stdout=open("/dev/null", "w"),
        stderr=open("/dev/null", "w"),
    )
    assert ArticlePage.objects.live().count() == 45
    from wagtail.models import Page

    # treebeard's own consistency check: paths, depths and numchild agree.
    assert Page.find_problems() == ([], [], [], [], [])
    for slug in ("bmdt", "tzgg", "zcwj", "jgzn", "czzj"):  # the leaf columns share them
        column = columns[slug]
        column.refresh_from_db()
        assert column.numchild == 9
    html = Client().get(columns["zwdt"].url).content.decode()
    assert html.count("<time datetime=") >= 20
    article = ArticlePage.objects.live().first()
    assert Client().get(article.url).status_code == 200
