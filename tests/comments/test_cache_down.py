"""With the cache down or hung, a citizen's comment and report are still accepted (issue 12.2)."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.cache_faults import cache_down, cache_hung
from website import ratelimit

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fault", [cache_down, cache_hung], ids=["down", "hung"])
def test_comment_is_accepted_without_the_cache(csrf_client, article, fault):
    with fault():
        response = submit(csrf_client, article, "缓存故障时也能留言。")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["ok"] is True
    assert Comment.objects.get().text == "缓存故障时也能留言。"


def test_report_is_accepted_without_the_cache(article, make_comment):
    comment = make_comment(status="approved")
    with cache_down():
        response = Client().post(f"/comments/report/{comment.pk}/", HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.reported_count == 1


def test_rate_limit_fails_open_and_warns_once(rf, caplog):
    ratelimit._last_warning[0] = 0.0
    request = rf.post("/", REMOTE_ADDR="10.0.0.9")
    with cache_down():
        assert [ratelimit.hit("t", request, 1, 60) for _ in range(3)] == [False, False, False]
    assert caplog.text.count("form rate limits are not counted") == 1
