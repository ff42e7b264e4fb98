"""Admin: Chinese page search, FAQ snippets with revisions, 未解答问题 with a start-an-FAQ button."""

from qa.models import FAQ, UnansweredQuestion


def test_admin_page_search_finds_chinese_words_in_titles(admin_client, make_article):
    article = make_article("我市上调城乡最低生活保障标准 全市低保对象月人均增收")
    other = make_article("关于国庆节期间婚姻登记服务安排的通知")
    for q in ["低保", "最低生活保障", "生活保障"]:
        html = admin_client.get("/admin/pages/search/", {"q": q}).content.decode()
        assert f"/admin/pages/{article.pk}/edit/" in html, q
        assert f"/admin/pages/{other.pk}/edit/" not in html, q
    html = admin_client.get("/admin/pages/search/", {"q": "婚姻登记"}).content.decode()
    assert f"/admin/pages/{other.pk}/edit/" in html


def test_faq_is_an_admin_snippet_with_revisions(admin_client):
    response = admin_client.get("/admin/snippets/qa/faq/add/")
    assert response.status_code == 200
    response = admin_client.post(
        "/admin/snippets/qa/faq/add/",
        {
            "question": "高龄津贴怎么申请？",
            "alternatives": "八十岁老人补贴",
            "answer": '{"blocks":[{"key":"a","text":"向社区提出申请。","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "related_pages-TOTAL_FORMS": "0",
            "related_pages-INITIAL_FORMS": "0",
            "related_pages-MIN_NUM_FORMS": "0",
            "related_pages-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    faq = FAQ.objects.get(question="高龄津贴怎么申请？")
    assert faq.live and faq.revisions.count() == 1
    from qa import retrieval

    assert retrieval.answer("高龄津贴怎么申请", record=False).faq == faq


def test_unanswered_questions_most_frequent_first_with_a_button(admin_client):
    rare = UnansweredQuestion.objects.create(text="宠物走丢了怎么办", count=1)
    common = UnansweredQuestion.objects.create(text="高龄津贴怎么领", count=7)
    html = admin_client.get("/admin/snippets/qa/unansweredquestion/").content.decode()
    assert "未解答问题" in html
    assert html.index("高龄津贴怎么领") < html.index("宠物走丢了怎么办")
    assert f"/admin/snippets/qa/faq/add/?from_question={common.pk}" in html
    form = admin_client.get(f"/admin/snippets/qa/faq/add/?from_question={rare.pk}").content.decode()
    assert 'value="宠物走丢了怎么办"' in form
