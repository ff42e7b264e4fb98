"""Route a URL to its page in two queries instead of two per tree level.

Wagtail's default `Page.route` walks the tree one level at a time; a department-news article
four levels deep costs eight queries before rendering starts. Pages carry their full
`url_path`, so the deepest page whose path is a prefix of the URL is found in one query; what
remains of the URL (a RoutablePage's sub-route such as a column's `feed/`) is routed from there.
A page type may name foreign keys its page always renders (`route_select_related`, e.g. an
article's cover image): they come with the page's own row instead of costing a query each.
"""

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


class DirectRouteMixin:
    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        prefixes = [self.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]
        page = Page.objects.filter(url_path__in=prefixes).order_by("-depth").first()
        if page is None:
            raise Http404
        remaining = path_components[page.depth - self.depth :]
        specific = _specific(page)
        if not remaining:
            return specific.route(request, [])
        if not isinstance(specific, RoutablePageMixin):
            raise Http404
        # The page's own sub-routes (e.g. feed/), without another prefix lookup.
        return RoutablePageMixin.route(specific, request, remaining)


def _specific(page):
    """`page.specific` in one query, with the page type's `route_select_related` joined in."""
    model = page.specific_class
    related = getattr(model, "route_select_related", ())
    if model is None or not related:
        return page.specific
    specific = model._default_manager.select_related(*related).filter(pk=page.pk).first()
    if specific is None:  # deleted between the two queries
        raise Http404
    return specific
