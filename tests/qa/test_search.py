"""Site search at /search/: Chinese words, synonyms, phrase ranking, highlights, filters, junk."""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def corpus(synonyms, make_article):
    a = make_article(
        "我市上调城乡最低生活保障标准",
        paragraphs=["自7月起，全市城乡低保标准调整为每人每月860元。", "特困人员基本生活标准同步提高。"],
        slug="dibao",
    )
    b = make_article(
        "社区开展文化活动",
        paragraphs=["居民的文化生活日益丰富，社区活动室全天开放，欢迎参加。", "活动经费由街道统一保障。"],
        slug="far-apart",
        column="tzgg",
        publish_at=timezone.make_aware(datetime.datetime(2024, 5, 1, 9, 0)),
    )
    c = make_article("关于国庆节期间婚姻登记服务安排的通知", paragraphs=["结婚登记正常办理。"], slug="marriage")
    d = make_article("泾县云岭新四军军部旧址修缮完成", paragraphs=["云岭是重要的红色地名。"], slug="yunling")
    return {"dibao": a, "far": b, "marriage": c, "yunling": d}


def titles(response):
    return [r["url"] for r in response.context["results"]]


@pytest.mark.parametrize("q", ["低保", "最低生活保障", "特困", "低保 标准"])
def test_finds_the_dibao_article_and_not_unrelated_ones(client, corpus, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    urls = titles(response)
    assert corpus["dibao"].url in urls
    assert corpus["marriage"].url not in urls
    assert corpus["yunling"].url not in urls


def test_place_name_is_found(client, corpus):
    urls = titles(client.get("/search/", {"q": "云岭"}))
    assert urls == [corpus["yunling"].url]


def test_phrase_ranks_above_words_far_apart(client, corpus):
    urls = titles(client.get("/search/", {"q": "生活保障"}))
    assert urls.index(corpus["dibao"].url) < urls.index(corpus["far"].url)


def test_matches_are_highlighted_in_title_and_snippet(client, corpus):
    html = client.get("/search/", {"q": "低保"}).content.decode()
    assert "<mark>最低生活保障</mark>" in html
    assert "低保</mark>" in html.split("<mark>最低生活保障</mark>", 1)[1]


def test_filters_by_column_and_year(client, corpus, columns):
    response = client.get("/search/", {"q": "生活", "column": columns["tzgg"].pk})
    assert titles(response) == [corpus["far"].url]
    response = client.get("/search/", {"q": "生活", "year": 2024})
    assert titles(response) == [corpus["far"].url]
    facets = client.get("/search/", {"q": "生活"}).context
    assert {f["year"] for f in facets["year_facets"]} >= {2024}
    assert any(f["id"] == columns["tzgg"].pk for f in facets["column_facets"])


def test_ten_results_a_page(client, make_article):
    for n in range(12):
        make_article(f"养老服务第{n}期", paragraphs=["养老服务进社区。"], slug=f"yl-{n}")
    first = client.get("/search/", {"q": "养老服务"})
    assert len(first.context["results"]) == 10 and first.context["total"] == 12
    second = client.get("/search/", {"q": "养老服务", "page": 2})
    assert len(second.context["results"]) == 2
    assert client.get("/search/", {"q": "养老服务", "page": "abc"}).status_code == 200


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "！！！？？",
        "，。、",
        "低" * 2000,
        "<script>alert(1)</script>",
        "<b>低保</b>",
        "%00",
        "'; drop table",
    ],
)
def test_junk_queries_get_a_friendly_page(client, corpus, q):
    response = client.get("/search/", {"q": q, "column": "x", "year": "99999", "page": "-1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "站内搜索" in html


def test_faq_answers_are_searchable(client, synonyms, make_faq):
    faq = make_faq("低保怎么申请？", answer="<p>向户籍所在地乡镇人民政府提出书面申请。</p>")
    response = client.get("/search/", {"q": "最低生活保障 申请"})
    assert faq.get_absolute_url() in titles(response)
    assert client.get(faq.get_absolute_url()).status_code == 200


def test_same_results_through_the_engine_and_view(corpus):
    from qa import engine

    hits = engine.run(engine.parse("低保"))
    assert hits and all(h.coverage > 0 for h in hits)


def _snippet_of(response, url):
    return next(str(r["snippet"]) for r in response.context["results"] if r["url"] == url)


def test_faq_snippet_shows_the_answer_not_the_other_phrasings(client, synonyms, make_faq):
    faq = make_faq(
        "低保怎么申请？",
        answer="<p>向户籍所在地乡镇人民政府提出书面申请，并如实提供家庭收入和财产情况。</p>",
        alternatives="吃低保要什么条件\n低保去哪里办理",
    )
    response = client.get("/search/", {"q": "条件"})  # only in 其他问法: still found
    url = faq.get_absolute_url()
    assert url in titles(response)
    snippet = _snippet_of(response, url)
    assert "向户籍所在地乡镇人民政府提出书面申请" in snippet
    assert "吃低保要什么条件" not in snippet and "去哪里办理" not in snippet
    html = response.content.decode()
    assert "吃低保要什么条件" not in html

    response = client.get("/search/", {"q": "家庭收入"})  # a word of the answer is highlighted there
    snippet = _snippet_of(response, url)
    assert "<mark>" in snippet and "收入" in snippet and "去哪里办理" not in snippet
