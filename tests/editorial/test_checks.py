"""Checks before publishing: sensitive words, 规范用语, missing alt text, links to unpublished pages."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from editorial.checks import check_page, wrong_expressions_in
from editorial.models import WrongExpression
from news.models import ArticlePage
from website.models import SensitiveWord


@pytest.fixture
def lists(db):
    SensitiveWord.objects.get_or_create(word="赌博")
    WrongExpression.objects.update_or_create(
        wrong="坚持以人民为中心思想", defaults={"correct": "坚持以人民为中心的发展思想"}
    )
    WrongExpression.objects.update_or_create(wrong="民政局长", defaults={"correct": "市民政局局长"})


def kinds(findings):
    return sorted(f.kind for f in findings)


def test_wrong_expression_not_flagged_inside_correct_form():
    pairs = [("民政", "民政局"), ("坚持以人民为中心思想", "坚持以人民为中心的发展思想")]
    assert wrong_expressions_in("市民政局召开会议", pairs) == []
    assert wrong_expressions_in("要坚持以人民为中心 思想", pairs) == [pairs[1]]


def test_clean_article_has_no_findings(lists, make_article):
    page = make_article("我市发放高龄津贴", paragraphs=["全市 8 万余名老人按月领取高龄津贴。"])
    assert check_page(page) == []


def test_findings_for_each_kind(lists, make_article, wagtail_image):
    draft = make_article("未发布的通知", slug="unpublished", publish=False)
    page = make_article(
        "问题稿件",
        body=[
            ("paragraph", "<p>全市坚持以人民为中心思想，严厉打击赌 博活动。</p>"),
            ("image", {"image": wagtail_image, "alt": "", "caption": "检查现场"}),
            ("image", {"image": wagtail_image, "alt": "工作人员检查消防设施", "caption": ""}),
            (
                "paragraph",
                f'<p>详见<a linktype="page" id="{draft.pk}">通知</a>和<a linktype="page" id="999999">旧页面</a>。</p>',
            ),
        ],
    )
    findings = check_page(page)
    assert kinds(findings) == ["alt", "expression", "link", "link", "sensitive"]
    text = "\n".join(f.message for f in findings)
    assert "赌博" in text
    assert "“坚持以人民为中心思想”应写作“坚持以人民为中心的发展思想”" in text
    assert "1 张图片未填写替代文字" in text
    assert "尚未发布的页面“未发布的通知”" in text
    assert "已删除的页面（编号 999999）" in text


def test_inactive_entries_are_ignored(lists, make_article):
    SensitiveWord.objects.filter(word="赌博").update(active=False)
    from django.core.cache import cache

    cache.clear()
    WrongExpression.objects.update(active=False)
    page = make_article("稿件", paragraphs=["坚持以人民为中心思想，打击赌博。"])
    assert check_page(page) == []


def test_words_in_title_summary_and_table_are_checked(lists, make_article):
    page = make_article(
        "民政局长调研",
        summary="关于赌博的说明",
        body=[("table", {"data": [["项目"], ["坚持以人民为中心思想"]], "first_row_is_table_header": True})],
    )
    assert kinds(check_page(page)) == ["expression", "expression", "sensitive"]


def test_warnings_shown_on_submit_and_publishing_proceeds(client, lists, roles, article_data, review_setup):
    client.force_login(roles["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", review_setup["bmdt"].pk))
    data = article_data(
        "社区活动",
        "sqhd",
        body=[("paragraph", rich_text("<p>坚持以人民为中心思想，远离赌博。</p>"))],
        **{"action-submit": "1"},
    )
    response = client.post(add_url, data, follow=True)
    html = response.content.decode()
    assert "发布前检查：含有敏感词：赌博" in html
    assert "发布前检查：规范用语" in html
    page = ArticlePage.objects.get(slug="sqhd")
    assert page.current_workflow_state is not None  # submitted despite the warnings

    # The panel in the editor lists them for the reviewers too.
    client.force_login(roles["head"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    panel = edit.content.decode()
    assert "发布前检查" in panel
    assert "含有敏感词：赌博" in panel


def test_superuser_publish_is_warned_not_blocked(admin_client, lists, review_setup, article_data):
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", review_setup["bmdt"].pk))
    data = article_data("紧急通知", "jjtz", paragraphs=["严禁赌博。"], **{"action-publish": "1"})
    response = admin_client.post(add_url, data, follow=True)
    assert "发布前检查：含有敏感词：赌博" in response.content.decode()
    assert ArticlePage.objects.get(slug="jjtz").live


def test_plain_draft_save_is_quiet(client, lists, roles, review_setup, article_data):
    client.force_login(roles["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", review_setup["bmdt"].pk))
    response = client.post(add_url, article_data("草稿", "cg", paragraphs=["赌博"]), follow=True)
    assert "发布前检查：" not in response.content.decode()
    assert "含有敏感词：赌博" in response.content.decode()  # but the panel shows it


def test_migration_ships_starting_list(db):
    assert WrongExpression.objects.filter(wrong="坚持以人民为中心思想").exists()
    assert WrongExpression.objects.count() >= 10


def test_wrong_form_that_contains_the_correct_one_is_flagged():
    """国家民政部 → 民政部: the correct form inside the wrong one must not hide the error."""
    pairs = [("国家民政部", "民政部")]
    assert wrong_expressions_in("国家民政部印发通知", pairs) == pairs[:1]
    assert wrong_expressions_in("民政部印发通知", pairs) == []
    assert wrong_expressions_in("民政部和国家民政部", pairs) == pairs[:1]


def test_starter_list_flags_every_wrong_form():
    from editorial.setup import WRONG_EXPRESSIONS

    for wrong, correct, _why in WRONG_EXPRESSIONS:
        assert wrong_expressions_in(f"本文写了{wrong}一词", [(wrong, correct)]), wrong
        assert not wrong_expressions_in(f"本文写了{correct}一词", [(wrong, correct)]), correct


def test_migration_ships_starter_sensitive_words(db):
    from website.sensitive_words import STARTER_WORDS

    words = set(SensitiveWord.active_words())
    assert {"赌博", "博彩", "代开发票", "裸聊", "六合彩", "毒品", "刷单"} <= words
    assert set(STARTER_WORDS) <= words


def test_starter_words_flag_an_article(make_article):
    from django.core.cache import cache

    cache.clear()
    page = make_article("提醒", paragraphs=["有人在群里招揽刷单和代开发票。"])
    (finding,) = check_page(page)
    assert finding.kind == "sensitive"
    assert "代开发票" in finding.message and "刷单" in finding.message


def test_panel_says_plainly_when_the_sensitive_word_list_is_empty(admin_client, make_article):
    from django.core.cache import cache

    page = make_article("我市发放高龄津贴", paragraphs=["全市老人按月领取高龄津贴。"])
    SensitiveWord.objects.all().delete()
    cache.clear()
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "敏感词词库为空，未做敏感词检查" in html
    assert f'href="{reverse("wagtailsnippets_website_sensitiveword:list")}"' in html
    assert "未发现敏感词" not in html

    SensitiveWord.objects.create(word="赌博")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "敏感词词库为空" not in html
    assert "未发现敏感词" in html
