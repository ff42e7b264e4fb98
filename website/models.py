"""Site-wide pages and settings: the home page and the footer/identity settings."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from .routing import DirectRouteMixin


class HomePage(DirectRouteMixin, Page):
    """网站首页: the root of the bureau's site."""

    intro = models.TextField("网站简介", blank=True, help_text="用于首页的简短介绍和搜索引擎描述。")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "网站首页"
        verbose_name_plural = "网站首页"

    def get_context(self, request, *args, **kwargs):
        from news.models import NewsIndexPage

        context = super().get_context(request, *args, **kwargs)
        # Columns picked by id from the (small) column table: with only the tree filter SQLite walks
        # every page under the home page (150 ms at 100,000 articles instead of 2 ms).
        columns = NewsIndexPage.objects.live().descendant_of(self).filter(pk__in=NewsIndexPage.objects.values("pk"))
        leaf_columns = [c for c in columns.order_by("path") if c.is_leaf() or c.numchild]
        context["columns"] = [
            {"page": column, "articles": list(column.articles()[:6])} for column in leaf_columns if column.depth > 3
        ]
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The bureau's identity and the footer every government website must carry."""

    site_name = models.CharField("网站名称", max_length=100, default="宣城市民政局")
    organizer = models.CharField("主办单位", max_length=100, default="宣城市民政局")
    undertaker = models.CharField("承办单位", max_length=100, blank=True, default="宣城市民政局办公室")
    site_id_code = models.CharField("网站标识码", max_length=30, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True)
    icp_url = models.URLField("ICP备案查询地址", blank=True, default="https://beian.miit.gov.cn/")
    police_number = models.CharField("公安机关备案号", max_length=50, blank=True)
    police_url = models.URLField("公安备案查询地址", blank=True, default="https://beian.mps.gov.cn/")
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=10, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    default_source = models.CharField(
        "默认来源", max_length=100, default="市民政局", help_text="文章和栏目都未填写来源时显示。"
    )
    site_domain = models.CharField(
        "网站域名", max_length=100, blank=True, help_text="用于 SiteDomain 元数据，例如 mzj.xuancheng.gov.cn"
    )

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("site_domain"), FieldPanel("default_source")], "网站"),
        MultiFieldPanel(
            [
                FieldPanel("organizer"),
                FieldPanel("undertaker"),
                FieldPanel("site_id_code"),
                FieldPanel("icp_number"),
                FieldPanel("icp_url"),
                FieldPanel("police_number"),
                FieldPanel("police_url"),
            ],
            "页脚与备案",
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("postcode"), FieldPanel("phone"), FieldPanel("email")], "联系方式"
        ),
    ]

    class Meta:
        verbose_name = "网站设置"


@register_snippet
class SensitiveWord(models.Model):
    """敏感词: an editor-kept word that flags comments for moderators and warns editors."""

    word = models.CharField("词语", max_length=50, unique=True)
    note = models.CharField("备注", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    panels = [FieldPanel("word"), FieldPanel("note"), FieldPanel("active")]

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["word"]

    def __str__(self):
        return self.word

    @classmethod
    def active_words(cls):
        """The active list, cached until a word is saved or deleted (website.signals)."""
        from django.core.cache import cache

        words = cache.get(SENSITIVE_WORDS_CACHE_KEY)
        if words is None:
            words = list(cls.objects.filter(active=True).values_list("word", flat=True))
            cache.set(SENSITIVE_WORDS_CACHE_KEY, words, 3600)
        return words


SENSITIVE_WORDS_CACHE_KEY = "sensitive-words:v1"
