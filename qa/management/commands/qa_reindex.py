"""Rebuild the site-search / 智能问答 index from the live pages and FAQ entries."""

from django.core.management.base import BaseCommand

from qa.indexer import rebuild


class Command(BaseCommand):
    help = "重建站内搜索和智能问答索引（正常情况下发布时会自动更新，无需手动运行）。"

    def handle(self, *args, **options):
        rebuild(self.stdout)
