"""Column (栏目) pages list their own and their sub-columns' articles, newest first, 20 a page."""

import datetime
import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_articles(make_article):
    base = timezone.now() - datetime.timedelta(days=100)
    made = []
    for i in range(23):
        column = "bmdt" if i % 2 else "tzgg"
        made.append(make_article(f"第{i:02d}号文章", column=column, publish_at=base + datetime.timedelta(days=i)))
    return made


def titles(html):
    return re.findall(r"第(\d\d)号文章", html)


def test_parent_column_lists_subcolumn_articles_newest_first(client, columns, many_articles):
    html = client.get(columns["zwdt"].url).content.decode()
    listed = titles(html)
    assert listed == [f"{i:02d}" for i in range(22, 2, -1)]  # 20 on page 1, newest first
    assert re.search(r"第22号文章</a> <time datetime=\"[^\"]+\">\d{4}-\d\d-\d\d</time>", html)
    page2 = client.get(columns["zwdt"].url + "?page=2").content.decode()
    assert titles(page2) == ["02", "01", "00"]


def test_leaf_column_lists_only_its_own(client, columns, many_articles):
    html = client.get(columns["bmdt"].url).content.decode()
    assert all(int(n) % 2 == 1 for n in titles(html))


@pytest.mark.parametrize("value", ["abc", "", "1.5", "-1", "%00", "9" * 50])
def test_junk_page_numbers_give_page_one_or_404(client, columns, many_articles, value):
    response = client.get(columns["zwdt"].url, {"page": value})
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert titles(response.content.decode())[0] == "22"


def test_out_of_range_page_is_404_in_chinese(client, columns, many_articles):
    response = client.get(columns["zwdt"].url + "?page=99")
    assert response.status_code == 404
    assert "您访问的页面不存在" in response.content.decode()


def test_empty_column_says_so(client, columns):
    assert "本栏目暂无信息" in client.get(columns["zcwj"].url).content.decode()


def test_column_query_budget(client, columns, many_articles, django_assert_max_num_queries):
    client.get(columns["zwdt"].url)
    with django_assert_max_num_queries(12):
        response = client.get(columns["zwdt"].url)
    assert response.status_code == 200
