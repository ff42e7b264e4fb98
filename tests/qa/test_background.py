"""Publishing queues the index work; the background worker does it (docs/background-work.md).

The other tests run tasks at once (website.settings.test); here the queue is the database, as under
`make run` and in production, and `db_worker --batch` is the worker.
"""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_make_run_and_production_queue_tasks_in_the_database():
    from website.settings import base

    assert base.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_publish_queues_indexing_and_the_worker_does_it(make_article, settings):
    from django_tasks_db.models import DBTaskResult

    from qa import retrieval
    from qa.models import SearchDocument

    settings.TASKS = DATABASE_QUEUE
    article = make_article("我市开展养老服务机构消防安全检查", paragraphs=["检查覆盖全市养老服务机构。"])
    key = f"page:{article.pk}"
    queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "qa.tasks.index_page" in queued
    assert not SearchDocument.objects.filter(key=key).exists()  # not done in the publishing request

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert SearchDocument.objects.filter(key=key).exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    answer = retrieval.answer("养老服务机构消防安全检查")
    assert answer and "消防安全检查" in str(answer)

    article.unpublish()
    assert SearchDocument.objects.filter(key=key).exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert not SearchDocument.objects.filter(key=key).exists()
