"""Blank the IP address and user agent of comments older than N days.

互联网跟帖评论服务管理规定 asks for records to be kept at least six months, so N may not be below
COMMENTS_RECORD_DAYS (184: the longest six calendar months) unless --force is given on purpose.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = "清除超过保存期限的网友评论记录（IP地址、浏览器标识）。评论本身和审核记录保留。"

    def add_arguments(self, parser):
        minimum = settings.COMMENTS_RECORD_DAYS
        parser.add_argument(
            "--days", type=int, default=minimum, help=f"清除早于这么多天的记录（默认且最少 {minimum} 天，即六个月）"
        )
        parser.add_argument("--force", action="store_true", help="允许少于六个月（仅在法规或上级另有要求时使用）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不清除")

    def handle(self, *args, days, force, dry_run, **options):
        minimum = settings.COMMENTS_RECORD_DAYS
        if days < 0:
            raise CommandError("--days 不能为负数。")
        if days < minimum and not force:
            raise CommandError(
                f"评论记录须至少保存六个月（{minimum} 天）；--days {days} 少于此期限。确有需要请加 --force。"
            )
        cutoff = timezone.now() - datetime.timedelta(days=days)
        queryset = Comment.objects.filter(created_at__lt=cutoff).filter(~Q(user_agent="") | Q(ip_address__isnull=False))
        if dry_run:
            self.stdout.write(
                f"将清除 {queryset.count()} 条评论的记录（早于 {timezone.localtime(cutoff):%Y-%m-%d %H:%M}）。"
            )
            return
        count = queryset.update(ip_address=None, user_agent="")
        self.stdout.write(
            self.style.SUCCESS(
                f"已清除 {count} 条评论的IP地址和浏览器标识（早于 {timezone.localtime(cutoff):%Y-%m-%d %H:%M}）。"
            )
        )
