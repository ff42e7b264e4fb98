"""`python manage.py generate_articles --count N`: bulk synthetic articles for scale tests."""

import sys
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from news.models import NewsIndexPage
from news.synthetic import generate


class Command(BaseCommand):
    help = "批量生成模拟文章（用于性能测试，不要在正式站点运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--column", help="栏目路径，如 /news/zwdt/bmdt/；默认分布到所有末级栏目")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, column, batch_size, seed, **options):
        if count < 1:
            raise CommandError("--count 必须是正整数")
        columns = None
        if column:
            path = "/" + column.strip("/") + "/"
            match = [c for c in NewsIndexPage.objects.all() if c.url == path]
            if not match:
                raise CommandError(f"找不到栏目 {column}")
            columns = match
        start = time.monotonic()

        def progress(done, total):
            width = 30
            filled = int(width * done / total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stderr.flush()

        try:
            made = generate(count, columns=columns, batch_size=batch_size, seed=seed, progress=progress)
        except ValueError as e:
            raise CommandError(str(e)) from e
        sys.stderr.write("\n")
        if apps.is_installed("qa"):
            # The bulk insert bypasses publishing signals: rebuild the search and 智能问答 index.
            call_command("qa_reindex", stdout=self.stdout)
        self.stdout.write(f"已生成 {made} 篇文章，用时 {time.monotonic() - start:.1f} 秒。")
