"""三审三校 on every column (issue 11.7): inherited from the root, and separation of duties."""

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState, Workflow, WorkflowState

from editorial.setup import DEFAULT_WORKFLOW_NAMES
from news.models import ArticlePage, NewsIndexPage

from .test_workflow import current_task_name, login, workflow_action


def post_action(client, page, action):
    """POST a workflow action without following redirects: Wagtail's admin turns a refused action
    (PermissionDenied) into a redirect to the dashboard with an error message."""
    page.refresh_from_db()
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, page.current_workflow_task_state.pk))
    return client.post(url, {"comment": ""})


def approve_actions(page, user):
    page.refresh_from_db()
    task = page.current_workflow_task
    return [name for name, _label, _modal in task.get_actions(page, user) if name == "approve"]


def test_migration_retires_default_workflow(db):
    """Migrations alone: 三审三校 on the root, 'Moderators approval' attached nowhere and inactive."""
    root = Page.get_first_root_node()
    assert root.get_workflow().name == "三审三校"
    for workflow in Workflow.objects.exclude(name="三审三校"):
        assert not workflow.active
        assert not workflow.workflow_pages.exists()
    assert {t.specific_class.__name__ for t in Workflow.objects.get(name="三审三校").tasks} == {"ReviewTask"}


def test_every_column_gets_the_workflow(review_setup):
    home = review_setup["news"].get_parent()
    assert review_setup["zwgk"].get_workflow().name == "三审三校"
    assert review_setup["jgzn"].get_workflow().name == "三审三校"
    column = NewsIndexPage(title="乡村振兴", slug="xczx")
    home.add_child(instance=column)
    assert Page.objects.get(pk=column.pk).get_workflow() == Workflow.objects.get(name="三审三校")
    assert Workflow.objects.filter(active=True).count() == 1


@pytest.fixture
def new_column(review_setup):
    column = NewsIndexPage(title="乡村振兴", slug="xczx")
    review_setup["news"].get_parent().add_child(instance=column)
    return column


@pytest.fixture
def submitted_in_new_column(client, roles, new_column, article_data):
    login(client, roles["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", new_column.pk))
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, article_data("乡村振兴工作动态", "xczx-dt", **{"action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ArticlePage.objects.get(slug="xczx-dt")
    assert not page.live
    return page


def test_submission_in_new_column_enters_first_task(submitted_in_new_column):
    assert current_task_name(submitted_in_new_column) == "初审"


def test_submission_in_zwgk_enters_first_task(client, roles, review_setup, article_data):
    login(client, roles["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", review_setup["jgzn"].pk))
    response = client.post(add_url, article_data("机构职能调整", "jgzn-tz", **{"action-submit": "1"}))
    assert response.status_code == 302
    assert current_task_name(ArticlePage.objects.get(slug="jgzn-tz")) == "初审"


def test_author_cannot_approve_own_first_review(client, roles, make_user, submitted_in_new_column):
    page = submitted_in_new_column
    author = roles["editor"]  # in 编辑, the 初审 group
    assert approve_actions(page, author) == []
    assert approve_actions(page, make_user("shenhe", "编辑")) == ["approve", "approve"]
    # The edit page offers no 通过 either.
    login(client, author)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert 'data-workflow-action-name="approve"' not in html
    assert "您是本稿件的提交人，不能审核自己提交的稿件（初审）。请由其他审核人员审核。" in html
    # Posting it anyway is refused.
    response = post_action(client, page, "approve")
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert current_task_name(page) == "初审"
    # Posting it through the task directly (as any other caller would) is refused too.
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="提交人"):
        task_state.task.specific.on_action(task_state, author, "approve")
    assert current_task_name(page) == "初审"


def test_first_reviewer_cannot_pass_second_review(client, roles, make_user, submitted_in_new_column):
    from django.contrib.auth.models import Group

    page = submitted_in_new_column
    both = make_user("liangshen", "编辑")
    both.groups.add(Group.objects.get(name="科室负责人"))
    login(client, both)
    workflow_action(client, page, "approve", "初审通过")
    assert current_task_name(page) == "复审"
    both = type(both).objects.get(pk=both.pk)  # fresh user: no cached group checks
    assert approve_actions(page, both) == []
    assert approve_actions(page, type(both).objects.get(pk=roles["head"].pk)) == ["approve", "approve"]
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "您已通过本稿件的初审，同一人不能审核两个环节（复审）。" in html
    response = post_action(client, page, "approve")
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert current_task_name(page) == "复审"
    # Rejecting is still possible for him (it passes no stage).
    page.refresh_from_db()
    names = [name for name, _l, _m in page.current_workflow_task.get_actions(page, both)]
    assert "reject" in names


def test_three_different_people_pass_all_stages(client, roles, make_user, submitted_in_new_column):
    page = submitted_in_new_column
    for user, expected_next in (
        (make_user("shenhe", "编辑"), "复审"),
        (roles["head"], "终审"),
        (roles["leader"], None),
    ):
        login(client, user)
        assert workflow_action(client, page, "approve").status_code == 200
        if expected_next:
            assert current_task_name(page) == expected_next
    page.refresh_from_db()
    assert page.live
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert [t.finished_by.username for t in TaskState.objects.filter(workflow_state=state).order_by("pk")] == [
        "shenhe",
        "kezhang",
        "juzhang",
    ]


def test_dashboard_lists_only_reviews_the_user_may_approve(roles, make_user, submitted_in_new_column):
    page = submitted_in_new_column
    task = page.current_workflow_task.specific
    assert not task.get_task_states_user_can_moderate(roles["editor"]).exists()
    assert task.get_task_states_user_can_moderate(make_user("shenhe", "编辑")).exists()


def test_setup_converts_plain_tasks_and_cancels_default_reviews(review_setup, roles, make_user):
    """A database set up before issue 11.7: 三审三校 steps were plain GroupApprovalTasks and a page
    was in review in 'Moderators approval'. Setting up again converts the steps in place and
    cancels that review."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask, Task, WorkflowPage

    from editorial.models import ReviewTask
    from editorial.setup import setup_all

    workflow = Workflow.objects.get(name="三审三校")
    first = workflow.tasks.first()
    ReviewTask.objects.filter(pk=first.pk)._raw_delete(ReviewTask.objects.db)  # back to a plain task
    Task.objects.filter(pk=first.pk).update(content_type=ContentType.objects.get_for_model(GroupApprovalTask))
    assert type(Task.objects.get(pk=first.pk).specific) is GroupApprovalTask

    default = Workflow.objects.get(name__in=DEFAULT_WORKFLOW_NAMES)
    default.active = True
    default.save()
    default.tasks.update(active=True)
    other = review_setup["zwgk"]
    WorkflowPage.objects.update_or_create(page=other, defaults={"workflow": default})
    moderator = make_user("moderator")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    other.save_revision(user=roles["editor"])
    state = default.start(other, moderator)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    setup_all(apps)
    task = Task.objects.get(pk=first.pk).specific
    assert type(task) is ReviewTask and [g.name for g in task.groups.all()] == ["编辑"]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert not TaskState.objects.filter(workflow_state=state, status="in_progress").exists()
    default.refresh_from_db()
    assert not default.active and not default.workflow_pages.exists()
    assert Page.objects.get(pk=other.pk).get_workflow() == workflow
