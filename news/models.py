"""Columns (栏目), articles and their view counters."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from editorial.forms import ArticlePageForm
from editorial.panels import PublishChecksPanel
from website.routing import DirectRouteMixin

from . import slugs
from .blocks import ArticleBodyBlock

ARTICLES_PER_PAGE = 20
# A publication later than this after the first one is an edit and shows 更新时间.
UPDATE_THRESHOLD_SECONDS = 60


class CachedCountPaginator(Paginator):
    """A paginator whose COUNT(*) is cached until the column's content changes.

    Counting a column of 100,000 articles costs more than fetching the 20 shown; the count is kept
    under the column's page-cache version (website.pagecache), which every publish, unpublish,
    move or delete below the column bumps.
    """

    def __init__(self, object_list, per_page, count_key=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if not self.count_key:
            return super().count
        from django.core.cache import cache

        value = cache.get(self.count_key)
        if value is None:
            value = super().count
            cache.set(self.count_key, value, 24 * 3600)
        return value


def paginate(request, queryset, per_page, count_key=None):
    """Return a page of `queryset`; a non-number gives page 1, an out-of-range number a 404."""
    paginator = CachedCountPaginator(queryset, per_page, count_key=count_key)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(raw)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as e:
        raise Http404("页码超出范围") from e


class NewsIndexPageForm(slugs.ShortSlugFormMixin, WagtailAdminPageForm):
    short_slug_hint = "留空则按栏目名称的拼音首字母生成（如 部门动态 → bmdt）。"


class ArticlePageAdminForm(slugs.ShortSlugFormMixin, ArticlePageForm):
    short_slug_hint = "留空则自动生成简短网址（发布日期加六位数字，如 20240624-569193）。"


class NewsIndexPage(DirectRouteMixin, RoutablePageMixin, slugs.ShortSlugMixin, Page):
    """栏目: a column of articles; columns nest (资讯中心 > 政务动态 > 部门动态)."""

    intro = models.TextField("栏目简介", blank=True)
    default_source = models.CharField("默认来源", max_length=100, blank=True, help_text="本栏目文章未填写来源时显示。")
    stale_after_days = models.PositiveIntegerField(
        "更新期限（天）",
        default=14,
        help_text="最新信息超过这个天数未更新即列入“栏目更新检查”报告。动态类栏目 14 天，通知公告、政策类 180 天。",
    )

    base_form_class = NewsIndexPageForm  # short slugs (news/slugs.py)
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("default_source")]
    settings_panels = Page.settings_panels + [FieldPanel("stale_after_days")]

    parent_page_types = ["website.HomePage", "website.SectionPage", "news.NewsIndexPage"]
    subpage_types = ["news.NewsIndexPage", "news.ArticlePage"]

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def make_short_slug(self, parent):
        return slugs.column_slug(self.title, parent, self)

    def articles(self):
        """Live articles of this column and its sub-columns, newest first.

        Not filtered with `.public()`: that costs two queries per list and the bureau's site has no
        private pages; a restricted page is still protected when opened.
        """
        return (
            ArticlePage.objects.live().descendant_of(self).order_by("-publish_at", "-pk").only(*ArticlePage.LIST_FIELDS)
        )

    @path("feed/")
    def feed(self, request):
        from website.pagecache import mark_cacheable

        from .feeds import ColumnFeed

        return mark_cacheable(ColumnFeed(self)(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from website.pagecache import content_version

        count_key = f"column-count:{self.pk}:{content_version(self.url)}"
        context["articles"] = paginate(request, self.articles(), ARTICLES_PER_PAGE, count_key=count_key)
        # Sub-columns picked by id from the (small) column table: filtering the column's children by
        # type made SQLite read every article of the column (30 ms at 100,000 articles).
        context["subcolumns"] = (
            self.get_children().live().filter(pk__in=NewsIndexPage.objects.values("pk")).only("id", "title", "url_path")
        )
        context["breadcrumb"] = list(self.get_ancestors().filter(depth__gt=1).specific(defer=True)) + [self]
        return context


class ArticlePage(slugs.ShortSlugMixin, Page):
    """文章: one news item, with every element of the bureau's old article page."""

    publish_at = models.DateTimeField(
        "发布时间",
        null=True,
        blank=True,
        help_text="留空则取首次发布的时间。发布后不会因再次编辑而改变。",
    )
    source = models.CharField("来源", max_length=100, blank=True, help_text="留空则使用栏目或网站的默认来源。")
    author = models.CharField("作者", max_length=100, blank=True, help_text="显示在正文末尾，如：肖昆")
    summary = models.TextField(
        "摘要", blank=True, max_length=500, help_text="用于列表和搜索引擎描述；留空则取正文开头。"
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name="正文", blank=True)
    # Set by import_legacy (news/legacy.py): finds the page again on a re-import. Not in the editor.
    legacy_key = models.CharField("旧网站文章标识", max_length=32, blank=True, db_index=True, editable=False)
    comments_open = models.BooleanField(
        "开放评论", default=True, help_text="关闭后文章下方不显示评论框，也不接受新评论。"
    )

    base_form_class = ArticlePageAdminForm  # 发布时间 protection (editorial.forms), short slugs (news/slugs.py)
    content_panels = [
        PublishChecksPanel(),  # checks before publishing (editorial.checks)
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("publish_at"), FieldPanel("source"), FieldPanel("author")], "发布信息"),
        FieldPanel("summary"),
        FieldPanel("cover"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comments_open")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publish_at"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["legacy_key"]
    route_select_related = ["cover"]  # the og:image tag renders it (website/routing.py)
    # What a list of articles (column pages, the home page) reads of each.
    LIST_FIELDS = ("id", "title", "slug", "url_path", "path", "depth", "publish_at", "first_published_at", "summary")

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        # Column lists and the home page read "newest 20 of this column" (NewsIndexPage.articles):
        # walking this index newest-first stops after 20 rows instead of sorting the whole column.
        indexes = [models.Index(fields=["publish_at", "page_ptr"], name="news_article_publish_idx")]

    def save(self, *args, **kwargs):
        # 发布时间 defaults to the first publication and is never moved by later edits. A page
        # scheduled for later is saved live=True before Wagtail holds it back: wait for go-live.
        # Whole seconds: revisions store times at millisecond precision, and a draft saved later
        # must come back with exactly this value (editorial/forms.py compares them).
        scheduled = self.go_live_at is not None and self.go_live_at > timezone.now()
        if self.live and self.publish_at is None and (self.first_published_at or not scheduled):
            self.publish_at = (self.first_published_at or timezone.now()).replace(microsecond=0)
        return super().save(*args, **kwargs)

    def make_short_slug(self, parent):
        return slugs.article_slug(self, parent)

    @property
    def display_date(self):
        return self.publish_at or self.first_published_at or self.latest_revision_created_at

    @property
    def updated_at(self):
        """更新时间: shown only when the page was republished after its first publication."""
        first, last = self.first_published_at, self.last_published_at
        if first and last and (last - first).total_seconds() > UPDATE_THRESHOLD_SECONDS:
            return last
        return None

    def get_source(self, column=None, site_settings=None):
        if self.source:
            return self.source
        if column is not None and getattr(column, "default_source", ""):
            return column.default_source
        return site_settings.default_source if site_settings else "市民政局"

    def get_context(self, request, *args, **kwargs):
        from website.models import SiteSettings

        context = super().get_context(request, *args, **kwargs)
        # One query: the trail's pages with only their base fields, plus each column's 来源 default
        # (loaded under the field's own name, so `column.default_source` needs no further query).
        column_source = NewsIndexPage.objects.filter(pk=OuterRef("pk")).values("default_source")[:1]
        ancestors = list(
            self.get_ancestors()
            .filter(depth__gt=1)
            .annotate(default_source=Subquery(column_source))
            .specific(defer=True)
        )
        columns = [p for p in ancestors if isinstance(p, NewsIndexPage)]
        site_settings = SiteSettings.for_request(request)
        context["breadcrumb"] = ancestors  # like the old site: the trail ends at the column
        context["column"] = columns[-1] if columns else None
        context["site_settings"] = site_settings
        context["source"] = self.get_source(context["column"], site_settings)
        return context


class PageViewCount(models.Model):
    """Total views of a page, kept apart from the page so publishing a revision never resets it."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="view_count")
    count = models.PositiveBigIntegerField("浏览次数", default=0)

    class Meta:
        verbose_name = "浏览次数"


class PageViewDay(models.Model):
    """Views of a page on one day (北京时间), for the reading statistics."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="views_by_day")
    day = models.DateField("日期")
    count = models.PositiveIntegerField("浏览次数", default=0)

    class Meta:
        verbose_name = "每日浏览"
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="unique_page_view_day")]
        indexes = [models.Index(fields=["day"])]
