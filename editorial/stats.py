"""Reading statistics for the 阅读统计 report and the dashboard, aggregated in SQL.

Views come from news.PageViewDay (one row per page per day, counted by news.viewcount). A page's
column (栏目) is its parent page; column pages themselves (home, NewsIndexPage, the 红色地名
column) are not "articles" and are left out of the rankings. Every function costs a fixed number of
queries, whatever the number of pages or days.
"""

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, Sum
from django.db.models.functions import Length, Substr, TruncDate
from django.utils import timezone
from wagtail.models import Page

from news.models import PageViewDay

COLUMN_MODELS = [("website", "homepage"), ("news", "newsindexpage"), ("placenames", "placenamecolumnpage")]


def column_type_ids():
    """Content types of pages that are columns rather than articles (one cached lookup each)."""
    ids = []
    for app_label, model in COLUMN_MODELS:
        try:
            ids.append(ContentType.objects.get_by_natural_key(app_label, model).pk)
        except ContentType.DoesNotExist:
            continue
    return ids


def _article_views(start, end):
    return PageViewDay.objects.filter(day__gte=start, day__lte=end, page__depth__gt=2).exclude(
        page__content_type_id__in=column_type_ids()
    )


def top_pages(start, end, limit=20):
    """The most read articles between two dates (inclusive): dicts with page, column, views."""
    rows = list(
        _article_views(start, end).values("page_id").annotate(views=Sum("count")).order_by("-views", "page_id")[:limit]
    )
    pages = {
        p.pk: p
        for p in Page.objects.filter(pk__in=[r["page_id"] for r in rows]).only(
            "id", "title", "path", "depth", "url_path", "live"
        )
    }
    parents = {
        p.path: p.title
        for p in Page.objects.filter(path__in=[p.path[: -Page.steplen] for p in pages.values()]).only("path", "title")
    }
    result = []
    for rank, row in enumerate(rows, start=1):
        page = pages.get(row["page_id"])
        if page is None:
            continue
        result.append(
            {"rank": rank, "page": page, "column": parents.get(page.path[: -Page.steplen], ""), "views": row["views"]}
        )
    return result


def days_between(start, end):
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def views_by_column(start, end):
    """Views per column per day: (days, columns) where columns is a list of
    {"title", "path", "total", "by_day": [views for each day]} sorted by total, largest first."""
    rows = (
        _article_views(start, end)
        .annotate(column_path=Substr("page__path", 1, Length("page__path") - Page.steplen))
        .values("column_path", "day")
        .annotate(views=Sum("count"))
        .order_by()
    )
    days = days_between(start, end)
    index = {day: n for n, day in enumerate(days)}
    series = {}
    for row in rows:
        by_day = series.setdefault(row["column_path"], [0] * len(days))
        by_day[index[row["day"]]] += row["views"]
    titles = dict(Page.objects.filter(path__in=list(series)).values_list("path", "title"))
    columns = [
        {"title": titles.get(path, "（已删除的栏目）"), "path": path, "total": sum(by_day), "by_day": by_day}
        for path, by_day in series.items()
    ]
    columns.sort(key=lambda c: (-c["total"], c["path"]))
    return days, columns


def comment_model():
    if not apps.is_installed("comments"):
        return None
    try:
        return apps.get_model("comments", "Comment")
    except LookupError:
        return None


def comments_by_day(start, end):
    """Comments received per day with their moderation status, or None without the comments app."""
    Comment = comment_model()
    if Comment is None:
        return None
    tz = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    last = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz)
    rows = (
        Comment.objects.filter(created_at__gte=first, created_at__lt=last)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")
        .annotate(
            total=Count("pk"),
            approved=Count("pk", filter=Q(status="approved")),
            pending=Count("pk", filter=Q(status="pending")),
            rejected=Count("pk", filter=Q(status="rejected")),
        )
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    empty = {"total": 0, "approved": 0, "pending": 0, "rejected": 0}
    return [{"day": day, **{k: by_day.get(day, empty)[k] for k in empty}} for day in days_between(start, end)]


def _pending_count(app_label, model_name):
    if not apps.is_installed(app_label):
        return None
    try:
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field("status")
    except (LookupError, FieldDoesNotExist):
        return None
    values = [value for value, _label in (field.choices or [])]
    if values and "pending" not in values:
        return None
    return model.objects.filter(status="pending").count()


def dashboard_numbers():
    """Today's views and the queues waiting for a moderator (None where the app is not installed)."""
    today = timezone.localdate()
    return {
        "today": today,
        "views_today": PageViewDay.objects.filter(day=today).aggregate(total=Sum("count"))["total"] or 0,
        "pending_comments": _pending_count("comments", "Comment"),
        "pending_works": _pending_count("placenames", "Work"),
    }
