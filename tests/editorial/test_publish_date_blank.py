"""Issue 11.3: an article first published with 发布时间 left blank stays editable afterwards."""

import re

from django.urls import reverse
from wagtail.models import PageLogEntry

from news.models import ArticlePage

from .test_workflow import login, workflow_action


def rendered_publish_at(client, page):
    """The 发布时间 value exactly as the edit page shows it to the editor."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    tag = re.search(r'<input[^>]*name="publish_at"[^>]*>', response.content.decode()).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else ""


def publish_with_blank_date(client, roles, make_user, review_setup, article_data):
    login(client, roles["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", review_setup["bmdt"].pk))
    data = article_data("低保标准调整公告", "dbbz", publish_at="", **{"action-submit": "1"})
    assert client.post(add_url, data).status_code == 302
    page = ArticlePage.objects.get(slug="dbbz")
    for user in (make_user("shenhe", "编辑"), roles["head"], roles["leader"]):
        login(client, user)
        workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert page.live
    assert page.publish_at is not None
    return page


def test_editor_edits_article_published_with_blank_date(client, roles, make_user, review_setup, article_data):
    page = publish_with_blank_date(client, roles, make_user, review_setup, article_data)
    published_at = page.publish_at
    login(client, roles["editor"])
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    for n in (2, 3):
        shown = rendered_publish_at(client, page)
        data = article_data(page.title, page.slug, paragraphs=[f"第{n}次修改。"], publish_at=shown)
        response = client.post(url, data)
        assert response.status_code == 302, re.findall(r"发布时间不能修改[^<]*", response.content.decode())
        draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
        assert draft.publish_at == published_at  # seconds included
    # A real change by an editor is still refused.
    response = client.post(url, article_data(page.title, page.slug, publish_at="2020-01-01 08:00"))
    assert response.status_code == 200
    assert "文章已发布，发布时间不能修改" in response.content.decode()


def test_superuser_save_keeps_blank_published_date(
    client, roles, make_user, review_setup, article_data, django_user_model
):
    page = publish_with_blank_date(client, roles, make_user, review_setup, article_data)
    published_at = page.publish_at
    admin = django_user_model.objects.create_superuser("admin", "admin@example.invalid", "pass-12345")
    login(client, admin)
    shown = rendered_publish_at(client, page)
    assert shown  # the field holds the real time after first publication
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(url, article_data(page.title, page.slug, summary="补充摘要", publish_at=shown))
    assert response.status_code == 302
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.publish_at == published_at
    assert not PageLogEntry.objects.filter(page=page, action="editorial.publish_date_changed").exists()
