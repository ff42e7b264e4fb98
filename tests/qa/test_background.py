"""Publishing queues the index work; the background worker does it (docs/background-work.md).

The other tests run tasks at once (website.settings.test); here the queue is the database, as under
`make run` and in production, and `db_worker --batch` is the worker.
"""

import logging

import pytest
from django.core.management import call_command
from django_tasks import task

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


@task()
def failing_task():
    raise RuntimeError("索引失败测试")


def test_the_worker_logs_failures_not_every_task(make_article, settings, caplog):
    """`make run` prints the admin and demo passwords once: the worker must not bury them under two
    INFO lines per task (db_worker's default), but a failed task is still logged."""
    settings.TASKS = DATABASE_QUEUE
    make_article("后台任务日志测试")
    failing_task.enqueue()
    with caplog.at_level(logging.INFO):
        call_command("run_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert not [r for r in caplog.records if "state=SUCCESSFUL" in r.getMessage()]
    failed = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failed and "failing_task" in failed[0].getMessage()
