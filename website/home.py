"""What the home page shows: the lead story, the newest items of each column, the special banner.

Kept out of the page model so it can be tested alone and stays a fixed number of queries,
whatever the size of the site or the number of columns shown.
"""

from django.apps import apps
from django.db.models.expressions import RawSQL

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


def _newest_by_column(columns):
    """The newest HOME_ITEMS_PER_COLUMN articles of each column, in one query.

    Each column's "newest N" is the LIMIT query its own list uses (an index walk that stops after N
    rows); the parts are glued with UNION ALL, each wrapped as a sub-select so SQLite accepts
    their ORDER BY/LIMIT, and the rows are fetched by id. Columns may nest (a featured parent and
    its child): a row goes to every column above it, and each column keeps its own newest N, which
    are all in the result because each column's part fetched exactly those.
    """
    from news.models import ArticlePage

    if not columns:
        return []
    parts, params = [], []
    for i, column in enumerate(columns):
        ids = column.articles().values("pk")[:HOME_ITEMS_PER_COLUMN]
        sql, part_params = ids.query.get_compiler(using=ids.db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) AS newest_{i}")
        params.extend(part_params)
    rows = list(
        ArticlePage.objects.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))
        .order_by("-publish_at", "-pk")
        .only(*ArticlePage.LIST_FIELDS)
    )
    return [
        [row for row in rows if row.path.startswith(column.path) and row.depth > column.depth][:HOME_ITEMS_PER_COLUMN]
        for column in columns
    ]


def home_context(home):
    columns = _columns(home)
    return {
        "lead": _lead(home, columns),
        "columns": [
            {"page": column, "articles": articles}
            for column, articles in zip(columns, _newest_by_column(columns), strict=True)
        ],
        "banner": _banner(home),
    }
