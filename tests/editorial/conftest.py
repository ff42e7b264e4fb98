"""Fixtures for the editors' side: 三审三校 set up on the demo tree, one user per role, form data."""

import pytest
from django.apps import apps
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


@pytest.fixture
def review_setup(columns):
    """The groups and the workflow (the migration made them, but transactional tests flush them)."""
    from editorial.setup import setup_all

    setup_all(apps)
    return columns


@pytest.fixture
def make_user(db, django_user_model):
    from django.contrib.auth.models import Group

    def make(username, group=None, **extra):
        user = django_user_model.objects.create_user(username, f"{username}@example.invalid", "pass-12345", **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def roles(review_setup, make_user):
    from editorial.setup import EDITORS, LEADERS, SECTION_HEADS

    return {
        "editor": make_user("bianji", EDITORS, first_name="小王"),
        "head": make_user("kezhang", SECTION_HEADS, first_name="科长"),
        "leader": make_user("juzhang", LEADERS, first_name="局长"),
    }


@pytest.fixture
def article_data():
    """POST data for the ArticlePage edit form, as the admin's JavaScript would send it."""

    def build(title="测试文章", slug="test-article", paragraphs=("正文第一段。",), body=None, **fields):
        data = {
            "title": title,
            "slug": slug,
            "body": streamfield(
                body if body is not None else [("paragraph", rich_text(f"<p>{p}</p>")) for p in paragraphs]
            ),
            "comments": inline_formset([]),
            "publish_at": "",
            "source": "",
            "author": "",
            "summary": "",
        }
        data.update(fields)
        return nested_form_data(data)

    return build
