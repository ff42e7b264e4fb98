"""The background worker (docs/background-work.md): django-tasks-db's `db_worker`, logging only
warnings and failed tasks at the default verbosity. `db_worker` itself logs two INFO lines per task
(over a thousand after `load_demo`), which buried the admin and demo passwords `make run` prints
once. `-v 2` logs every task as `db_worker` does."""

import logging

from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands import db_worker


class Command(db_worker.Command):
    help = "运行后台任务进程（搜索索引、CDN 清除等）；默认只记录警告和失败的任务。"

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        if verbosity == 1:
            for name in (TASKS_LOGGER, db_worker.logger.name):
                logging.getLogger(name).setLevel(logging.WARNING)
