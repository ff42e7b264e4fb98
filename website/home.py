"""What the home page shows: the lead story, the newest items of each column, the special banner.

Kept out of the page model so it can be tested alone and stays a fixed number of queries
(one per column shown), whatever the size of the site.
"""

from django.apps import apps

HOME_ITEMS_PER_COLUMN = 6


def _columns(home):
    from news.models import NewsIndexPage

    chosen = [block.value for block in home.featured_columns if block.value and block.value.live]
    if chosen:
        return [c.specific for c in chosen]
    # Picked by id from the (small) column table: with only the tree filter SQLite walks every page
    # under the home page (150 ms at 100,000 articles instead of 2 ms).
    columns = list(
        NewsIndexPage.objects.live()
        .descendant_of(home)
        .filter(pk__in=NewsIndexPage.objects.values("pk"))
        .order_by("path")
    )
    parents = {c.path[: -NewsIndexPage.steplen] for c in columns}
    return [c for c in columns if c.path not in parents]  # leaf columns: they hold the articles


def _lead(home, columns):
    from news.models import ArticlePage

    if home.lead_article_id and home.lead_article and home.lead_article.live:
        return home.lead_article
    if not columns:
        return None
    return (
        ArticlePage.objects.live()
        .descendant_of(columns[0].get_parent())
        .filter(cover__isnull=False)
        .select_related("cover")
        .order_by("-publish_at")
        .first()
    )


def _banner(home):
    if home.banner_page_id or home.banner_title:
        return {
            "title": home.banner_title or (home.banner_page.title if home.banner_page else ""),
            "text": home.banner_text,
            "image": home.banner_image,
            "page": home.banner_page,
        }
    if apps.is_installed("placenames"):
        column = apps.get_model("placenames", "PlaceNameColumnPage").objects.live().select_related("banner").first()
        if column is not None:
            return {
                "title": column.title,
                "text": column.intro[:60] if column.intro else "",
                "image": column.banner,
                "page": column,
            }
    return None


def home_context(home):
    columns = _columns(home)
    return {
        "lead": _lead(home, columns),
        "columns": [
            {"page": column, "articles": list(column.articles()[:HOME_ITEMS_PER_COLUMN])} for column in columns
        ],
        "banner": _banner(home),
    }
