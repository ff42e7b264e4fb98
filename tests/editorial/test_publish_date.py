"""发布时间 is protected after first publication, and every change is in the page history."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from news.models import ArticlePage

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def published(review_setup, make_article):
    return make_article(
        "全市婚姻登记数据发布",
        slug="hydj",
        publish_at=datetime.datetime(2025, 3, 5, 9, 30, 17, tzinfo=BEIJING),
    )


def edit(client, page, article_data, **fields):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = article_data(page.title, page.slug, paragraphs=["正文。"], **fields)
    return client.post(url, data)


def test_editor_cannot_change_publish_date(client, make_user, published, article_data):
    editor = make_user("bianji", "编辑")
    client.force_login(editor)
    response = edit(client, published, article_data, publish_at="2025-01-01 08:00")
    assert response.status_code == 200  # the form comes back with the error
    html = response.content.decode()
    assert "文章已发布，发布时间不能修改" in html
    assert "2025-03-05 09:30" in html  # the original, in 北京时间
    assert 'value="2025-01-01 08:00"' in html  # what the editor typed is kept
    published.refresh_from_db()
    assert published.get_latest_revision_as_object().publish_at == datetime.datetime(
        2025, 3, 5, 9, 30, 17, tzinfo=BEIJING
    )
    assert not PageLogEntry.objects.filter(page=published, action="editorial.publish_date_changed").exists()


def test_untouched_date_is_kept_exactly(client, make_user, published, article_data):
    """The widget shows minutes only; saving the form unchanged must not drop the seconds."""
    editor = make_user("bianji", "编辑")
    client.force_login(editor)
    response = edit(client, published, article_data, publish_at="2025-03-05 09:30", summary="补充摘要")
    assert response.status_code == 302
    draft = ArticlePage.objects.get(pk=published.pk).get_latest_revision_as_object()
    assert draft.summary == "补充摘要"
    assert draft.publish_at == datetime.datetime(2025, 3, 5, 9, 30, 17, tzinfo=BEIJING)


def test_date_can_be_set_freely_before_first_publication(client, make_user, review_setup, article_data):
    editor = make_user("bianji", "编辑")
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", review_setup["bmdt"].pk))
    client.post(add_url, article_data("草稿", "draft", publish_at="2025-02-01 10:00"))
    draft = ArticlePage.objects.get(slug="draft")
    url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    response = client.post(url, article_data("草稿", "draft", publish_at="2025-02-02 11:00"))
    assert response.status_code == 302
    assert ArticlePage.objects.get(pk=draft.pk).get_latest_revision_as_object().publish_at == datetime.datetime(
        2025, 2, 2, 11, 0, tzinfo=BEIJING
    )


def test_permitted_user_changes_date_and_it_is_logged(client, make_user, published, article_data):
    leader = make_user("juzhang", "局领导", first_name="张", last_name="局长")
    assert leader.has_perm("editorial.change_publish_date")
    client.force_login(leader)
    response = edit(client, published, article_data, publish_at="2025-03-04 16:00")
    assert response.status_code == 302
    draft = ArticlePage.objects.get(pk=published.pk).get_latest_revision_as_object()
    assert draft.publish_at == datetime.datetime(2025, 3, 4, 16, 0, tzinfo=BEIJING)

    entry = PageLogEntry.objects.get(page=published, action="editorial.publish_date_changed")
    assert entry.user == leader
    old = datetime.datetime.fromisoformat(entry.data["old"])
    new = datetime.datetime.fromisoformat(entry.data["new"])
    assert old == datetime.datetime(2025, 3, 5, 9, 30, 17, tzinfo=BEIJING)
    assert new == datetime.datetime(2025, 3, 4, 16, 0, tzinfo=BEIJING)

    # The page's history in the admin shows who changed it, from what, to what.
    history = client.get(reverse("wagtailadmin_pages:history", args=(published.pk,)))
    html = history.content.decode()
    assert "修改发布时间" in html
    assert "发布时间由 2025-03-05 09:30 改为 2025-03-04 16:00（北京时间）" in html


def test_permission_can_be_granted_to_any_user(client, make_user, published, article_data):
    editor = make_user("bianji", "编辑")
    editor.user_permissions.add(Permission.objects.get(codename="change_publish_date"))
    client.force_login(editor)
    assert edit(client, published, article_data, publish_at="2025-03-06 08:00").status_code == 302
    assert PageLogEntry.objects.filter(page=published, action="editorial.publish_date_changed", user=editor).exists()


def test_clearing_the_date_counts_as_a_change(client, make_user, published, article_data):
    client.force_login(make_user("bianji", "编辑"))
    response = edit(client, published, article_data, publish_at="")
    assert response.status_code == 200
    assert "发布时间不能修改" in response.content.decode()


def test_permission_is_offered_in_group_settings(admin_client, review_setup):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="编辑")
    response = admin_client.get(reverse("wagtailusers_groups:edit", args=(group.pk,)))
    assert "可修改发布时间" in response.content.decode()


def test_edit_form_says_times_are_beijing_time(admin_client, published):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(published.pk,)))
    html = response.content.decode()
    assert "北京时间" in html
    assert 'value="2025-03-05 09:30"' in html
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_empty_slug_is_filled_in(client, make_user, review_setup, article_data, columns):
    """The admin's JavaScript usually fills the slug; without it the article is still accepted,
    with a short slug of its own (news/slugs.py, issue 11.2), unique among its siblings."""
    client.force_login(make_user("bianji", "编辑"))
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", columns["bmdt"].pk))
    response = client.post(add_url, article_data("慢速浏览器提交的稿件", ""))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(add_url, article_data("慢速浏览器提交的稿件", ""))
    slugs = list(ArticlePage.objects.filter(title="慢速浏览器提交的稿件").values_list("slug", flat=True))
    assert len(slugs) == 2 and len(set(slugs)) == 2
    assert all(re.fullmatch(r"\d{8}-\d{6}", slug) for slug in slugs), slugs
