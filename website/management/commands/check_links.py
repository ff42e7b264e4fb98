"""`python manage.py check_links [--offline] [--timeout S]`: report broken links per page."""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from website.linkcheck import check, find_links
from website.models import LinkCheckResult


class Command(BaseCommand):
    help = "检查已发布内容中的站内、站外链接，报告失效链接。"

    def add_arguments(self, parser):
        parser.add_argument("--offline", action="store_true", help="跳过站外链接（无网络时）")
        parser.add_argument("--timeout", type=float, default=5.0, help="站外链接超时秒数")
        parser.add_argument("--workers", type=int, default=8)

    def handle(self, *args, offline, timeout, workers, **options):
        links = find_links()
        results = check(links, offline=offline, timeout=timeout, workers=workers)
        broken = [r for r in results if not r.ok]
        now = timezone.now()
        with transaction.atomic():
            LinkCheckResult.objects.all().delete()
            LinkCheckResult.objects.bulk_create(
                LinkCheckResult(
                    checked_at=now, page_id=r.link.page_id, url=r.link.url[:2000], kind=r.link.kind, status=r.status
                )
                for r in broken
            )
        by_page = defaultdict(list)
        for r in broken:
            by_page[r.link.page_id].append(r)
        titles = dict(Page.objects.filter(pk__in=by_page).values_list("pk", "title"))
        for page_id, items in by_page.items():
            self.stdout.write(f"《{titles.get(page_id, page_id)}》")
            for r in items:
                self.stdout.write(f"  失效：{r.link.url}（{r.status}）")
        skipped = "，站外链接已跳过" if offline else ""
        self.stdout.write(f"共检查 {len(results)} 个链接，失效 {len(broken)} 个{skipped}。")
