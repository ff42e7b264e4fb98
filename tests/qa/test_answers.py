"""智能问答: JSON endpoint, the no-JavaScript page, suggestions, misses, and the panel on every page."""

import json
import re

import pytest

from qa.models import UnansweredQuestion


@pytest.fixture
def content(synonyms, make_article, make_faq):
    article = make_article(
        "宣城市临时救助实施办法",
        paragraphs=[
            "临时救助是对遭遇突发性、紧迫性困难的家庭给予的应急性救助。",
            "因病等刚性支出导致困难的，临时救助最高可达月低保标准的12倍。",
        ],
        slug="linshi",
    )
    faq = make_faq(
        "低保怎么申请？",
        alternatives="吃低保怎么办理\n低保在哪申请",
        answer="<p>向户籍所在地乡镇人民政府（街道办事处）提出书面申请。</p>",
    )
    return {"article": article, "faq": faq}


def ask(client, q):
    response = client.get("/qa/ask/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return json.loads(response.content)


def test_faq_answer(client, content):
    data = ask(client, "低保咋申请")
    assert data["kind"] == "faq"
    assert "乡镇人民政府" in data["answer"]
    assert data["sources"][0]["url"] == content["faq"].get_absolute_url()
    assert set(data["sources"][0]) == {"title", "url", "date", "snippet"}


def test_passage_answer_is_a_sentence_with_its_source(client, content):
    data = ask(client, "临时救助最高可达多少倍")
    assert data["kind"] == "passage"
    source = data["sources"][0]
    assert source["url"] == content["article"].url
    assert source["title"] == "宣城市临时救助实施办法"
    assert re.match(r"\d{4}-\d{2}-\d{2}$", source["date"])
    assert "12倍" in source["snippet"] and "应急性救助" not in source["snippet"]
    assert "<mark>" in data["answer"]


def test_no_answer_records_the_miss_without_personal_data(client, content):
    data = ask(client, "宠物狗走丢了怎么办 我的电话13912345678")
    assert data == {"answer": None, "kind": "none", "sources": [], "contact": data["contact"]}
    assert data["contact"]["hotline"] == "12345" and data["contact"]["phone"] == "0563-3020123"
    ask(client, "宠物狗走丢了怎么办 我的电话13912345678")
    miss = UnansweredQuestion.objects.get()
    assert miss.count == 2
    assert "13912345678" not in miss.text and "宠物狗" in miss.text


@pytest.mark.parametrize("q", ["", "？？？", "<script>alert(1)</script>", "问" * 2000, "%"])
def test_junk_questions_never_fail(client, content, q):
    data = ask(client, q)
    assert data["kind"] in {"none", "faq", "passage"}
    assert "<script>" not in json.dumps(data, ensure_ascii=False)


def test_no_js_page_gives_the_same_answer(client, content):
    html = client.get("/qa/", {"q": "低保咋申请"}).content.decode()
    assert "乡镇人民政府" in html and content["faq"].get_absolute_url() in html
    html = client.get("/qa/", {"q": "宠物狗走丢了"}).content.decode()
    assert "暂未找到答案" in html and "12345" in html and "0563-3020123" in html
    html = client.get("/qa/").content.decode()
    assert "低保怎么申请？" in html


def test_suggestions_while_typing(client, content):
    data = json.loads(client.get("/qa/suggest/", {"q": "低保"}).content)
    assert data["suggestions"][0]["question"] == "低保怎么申请？"
    assert data["suggestions"][0]["url"] == content["faq"].get_absolute_url()
    assert json.loads(client.get("/qa/suggest/", {"q": ""}).content) == {"suggestions": []}


def test_panel_is_on_every_page_without_inline_script(client, article):
    for url in ["/", article.url, "/search/?q=低保"]:
        html = client.get(url).content.decode()
        assert 'id="qa-dialog"' in html and "智能问答" in html
        assert "/static/js/qa.js" in html
        assert 'href="/qa/"' in html  # works without JavaScript
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
        assert "暂未找到答案" in html  # the fallback template, the same for everyone
