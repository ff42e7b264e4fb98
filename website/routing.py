"""Route a URL to its page in two queries instead of two per tree level.

Wagtail's default `Page.route` walks the tree one level at a time; a department-news article
four levels deep costs eight queries before rendering starts. Pages carry their full
`url_path`, so the page can be found directly; anything else (a RoutablePage's sub-route such
as a column's `feed/`) falls back to the normal walk.
"""

from wagtail.models import Page


class DirectRouteMixin:
    def route(self, request, path_components):
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path).first()
            if page is not None:
                return page.specific.route(request, [])
        return super().route(request, path_components)
