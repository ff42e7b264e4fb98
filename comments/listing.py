"""The public list under a page: approved comments only, newest first, with the count."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.urls import reverse

from .models import Comment


def list_context(page, page_number=1):
    """Context for comments/_list.html: one query for a page of the list, and one more for the
    count only where the first page is full (most articles have fewer comments than a page)."""
    per_page = settings.COMMENTS_PER_PAGE
    queryset = Comment.objects.for_page(page.pk).only("id", "page_id", "text", "nickname", "created_at", "reply")
    paginator = Paginator(queryset, per_page)
    first_rows = None
    if str(page_number) == "1":
        first_rows = list(queryset[:per_page])
        if len(first_rows) < per_page:
            paginator.count = len(first_rows)  # the whole list fits on the first page
    try:
        current = paginator.page(page_number)
    except (PageNotAnInteger, EmptyPage):
        current = paginator.page(1)
    if first_rows is not None and current.number == 1:
        current.object_list = first_rows
    return {
        "comment_page": page,
        "comments": list(current.object_list),
        "comment_count": paginator.count,
        "comments_paginated": current,
        "comments_all_url": reverse("comments:post", args=[page.pk]),
    }


def commentable_page(page_id):
    """The live, public page `page_id` as its specific type, or None."""
    from wagtail.models import Page

    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        return None
    page = page.specific
    return page if hasattr(page, "comments_open") else None
