"""RSS feed of a column (`<column>/feed/`): its newest articles and those of its sub-columns."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from .qrcode import canonical_url

FEED_ITEMS = 20


class ColumnFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, column):
        super().__init__()
        self.column = column

    def title(self):
        return f"{self.column.title} - 宣城市民政局"

    def link(self):
        return canonical_url(self.column)

    def description(self):
        return self.column.intro or f"宣城市民政局“{self.column.title}”栏目最新信息"

    def items(self):
        return self.column.articles()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.title

    def item_link(self, item):
        return canonical_url(item)

    def item_pubdate(self, item):
        return item.display_date
