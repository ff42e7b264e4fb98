"""Point 7: 200 comments posted concurrently (threads, each its own connection) are each stored
exactly once, even when every form is also posted a second time at the same moment."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from comments.models import Comment

from .conftest import form_data, post_json

COUNT = 200


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="需要 PostgreSQL（设置 DATABASE_URL）")
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_comments_stored_exactly_once(article, settings):
    settings.COMMENTS_RATE_LIMIT = (COUNT * 2, 600)
    settings.COMMENTS_ATTEMPT_LIMIT = (COUNT * 4, 600)
    client = Client()
    forms = [form_data(client, article, text=f"并发评论第{i:03d}条") for i in range(COUNT)]

    def post(job):
        data, token = job
        try:
            return post_json(Client(), article, data, token).status_code
        finally:
            connections.close_all()

    # Each form twice: a double submit racing with itself.
    jobs = [job for job in forms for _ in range(2)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(post, jobs))

    assert codes.count(200) == COUNT, codes
    assert set(codes) <= {200, 400, 409}
    texts = list(Comment.objects.filter(page=article).values_list("text", flat=True))
    assert len(texts) == COUNT
    assert sorted(texts) == [f"并发评论第{i:03d}条" for i in range(COUNT)]
