import io

import pytest
from django.core.management import call_command

from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_load_demo_adds_comments_once():
    call_command("load_demo", stdout=io.StringIO())
    first = Comment.objects.count()
    assert first >= 3 and Comment.objects.approved().exclude(reply="").exists()
    assert Comment.objects.pending().exists()
    call_command("load_demo", stdout=io.StringIO())
    assert Comment.objects.count() == first
