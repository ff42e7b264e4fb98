"""三审三校: the whole path through the admin as each role, including a rejection."""

import io

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.models import Page, TaskState, Workflow, WorkflowPage, WorkflowState

from news.models import ArticlePage


def test_migration_sets_up_workflow_and_groups(db):
    """The data migration alone (no load_demo) gives production the workflow and the groups."""
    from django.contrib.auth.models import Group

    workflow = Workflow.objects.get(name="三审三校")
    tasks = [(t.name, [g.name for g in t.specific.groups.all()]) for t in workflow.tasks]
    assert tasks == [("初审", ["编辑"]), ("复审", ["科室负责人"]), ("终审", ["局领导"])]
    leaders = Group.objects.get(name="局领导")
    assert leaders.permissions.filter(codename="change_publish_date").exists()
    assert not Group.objects.get(name="编辑").permissions.filter(codename="change_publish_date").exists()


def test_load_demo_assigns_workflow_to_news_tree(columns):
    from editorial import demo
    from editorial.setup import default_page_ids

    demo.load(columns["news"].get_parent(), io.StringIO())
    demo.load(columns["news"].get_parent(), io.StringIO())  # idempotent
    assert WorkflowPage.objects.get(page=columns["news"]).workflow.name == "三审三校"
    assert columns["bmdt"].get_workflow().name == "三审三校"
    # Without the placenames app there is no 红色地名 column, and nothing fails.
    assert default_page_ids(apps) == [columns["news"].pk]
    assert Workflow.objects.filter(name="三审三校").count() == 1


def login(client, user):
    client.logout()
    client.force_login(user)
    return client


def workflow_action(client, page, action, comment=""):
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment}, follow=True)


def current_task_name(page):
    state = WorkflowState.objects.for_instance(page).order_by("-pk").first()
    return state.current_task_state.task.name if state and state.current_task_state else None


@pytest.fixture
def submitted(client, roles, review_setup, article_data):
    """An article the editor created in the admin and submitted for review."""
    column = review_setup["bmdt"]
    login(client, roles["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", column.pk))
    response = client.get(add_url)
    assert response.status_code == 200
    assert 'name="action-publish"' not in response.content.decode()  # editors cannot publish
    response = client.post(add_url, article_data("我市开展养老机构安全检查", "yljg-aqjc", **{"action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ArticlePage.objects.get(slug="yljg-aqjc")
    assert not page.live
    assert current_task_name(page) == "初审"
    return page


def test_editor_cannot_publish_directly(client, roles, review_setup, article_data):
    column = review_setup["bmdt"]
    login(client, roles["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", column.pk))
    client.post(add_url, article_data("擅自发布的稿件", "no-publish", **{"action-publish": "1"}))
    page = ArticlePage.objects.get(slug="no-publish")
    assert not page.live
    assert not page.permissions_for_user(roles["editor"]).can_publish()


def test_three_reviews_then_live(client, roles, make_user, submitted):
    first_reviewer = make_user("shenhe", "编辑")
    # 初审 by another editor.
    login(client, first_reviewer)
    response = workflow_action(client, submitted, "approve", "初审通过")
    assert response.status_code == 200
    assert current_task_name(submitted) == "复审"
    submitted.refresh_from_db()
    assert not submitted.live
    # The section head cannot skip ahead: there is no 终审 task for him to approve.
    login(client, roles["head"])
    workflow_action(client, submitted, "approve", "复审通过")
    assert current_task_name(submitted) == "终审"
    submitted.refresh_from_db()
    assert not submitted.live
    # 终审 by the bureau leader publishes it.
    login(client, roles["leader"])
    workflow_action(client, submitted, "approve", "同意发布")
    submitted.refresh_from_db()
    assert submitted.live
    assert submitted.publish_at is not None
    state = WorkflowState.objects.for_instance(submitted).get()
    assert state.status == WorkflowState.STATUS_APPROVED
    approvals = TaskState.objects.filter(workflow_state=state).order_by("pk")
    assert [(t.task.name, t.status, t.finished_by.username) for t in approvals] == [
        ("初审", "approved", "shenhe"),
        ("复审", "approved", "kezhang"),
        ("终审", "approved", "juzhang"),
    ]
    client.logout()
    assert client.get(submitted.url).status_code == 200


def test_wrong_group_cannot_approve(client, roles, submitted):
    login(client, roles["leader"])  # 局领导 is not in 编辑, so cannot do 初审
    response = workflow_action(client, submitted, "approve")
    assert response.status_code in (200, 403)
    assert current_task_name(submitted) == "初审"
    submitted.refresh_from_db()
    assert not submitted.live


def test_rejection_returns_to_editor_with_comment(client, roles, make_user, article_data, submitted):
    login(client, make_user("shenhe", "编辑"))
    workflow_action(client, submitted, "approve")
    login(client, roles["head"])
    workflow_action(client, submitted, "reject", "请补充养老机构检查的具体数量。")
    state = WorkflowState.objects.for_instance(submitted).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    submitted.refresh_from_db()
    assert not submitted.live

    # The editor sees the reviewer's comment in the editor.
    login(client, roles["editor"])
    edit_url = reverse("wagtailadmin_pages:edit", args=(submitted.pk,))
    response = client.get(edit_url)
    assert response.status_code == 200
    assert "请补充养老机构检查的具体数量。" in response.content.decode()

    # The editor fixes it and resubmits: the review resumes at 复审.
    data = article_data(
        "我市开展养老机构安全检查", "yljg-aqjc", paragraphs=["共检查养老机构 32 家。"], **{"action-submit": "1"}
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302
    assert current_task_name(submitted) == "复审"


def test_leader_cannot_bypass_review(client, roles, review_setup, article_data):
    """Even a user with publish rights goes through the three reviews on 资讯中心."""
    column = review_setup["bmdt"]
    login(client, roles["leader"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", column.pk))
    assert 'name="action-publish"' not in client.get(add_url).content.decode()
    response = client.post(add_url, article_data("领导直接发布", "direct", **{"action-publish": "1"}), follow=True)
    page = ArticlePage.objects.get(slug="direct")
    assert not page.live
    assert page.get_latest_revision() is not None  # the draft is kept
    assert "三审三校" in response.content.decode()


def test_superuser_can_still_publish(admin_client, review_setup, article_data):
    column = review_setup["bmdt"]
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", column.pk))
    admin_client.post(add_url, article_data("紧急通知", "urgent", **{"action-publish": "1"}))
    assert ArticlePage.objects.get(slug="urgent").live


def test_home_page_is_under_review_too(review_setup):
    home = Page.objects.get(pk=review_setup["news"].get_parent().pk)
    assert home.get_workflow().name == "三审三校"  # issue 11.7: every page, from the root down
