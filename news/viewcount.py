"""Counting page views: one atomic upsert per view, so concurrent visits never lose a count.

The page HTML may be served from a cache, so counting happens in a small POST sent by the
page's script (static/js/site.js), never while rendering. See docs/view-counting.md.
"""

import re

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

_bot_re = None


def is_bot(user_agent):
    global _bot_re
    if _bot_re is None:
        _bot_re = re.compile(settings.VIEW_COUNT_BOT_PATTERN, re.IGNORECASE)
    return not user_agent or bool(_bot_re.search(user_agent))


def record_view(page_id):
    """Add one view to the page's total and to today's row; return the new total."""
    today = timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO news_pageviewcount (page_id, count) VALUES (%s, 1) "
            "ON CONFLICT (page_id) DO UPDATE SET count = news_pageviewcount.count + 1 "
            "RETURNING count",
            [page_id],
        )
        total = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO news_pageviewday (page_id, day, count) VALUES (%s, %s, 1) "
            "ON CONFLICT (page_id, day) DO UPDATE SET count = news_pageviewday.count + 1",
            [page_id, today],
        )
    return total


def current_views(page_id):
    from .models import PageViewCount

    return PageViewCount.objects.filter(page_id=page_id).values_list("count", flat=True).first() or 0
