"""Site-wide pages and settings: the home page and the footer/identity settings."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from .routing import DirectRouteMixin


class HomePage(DirectRouteMixin, Page):
    """网站首页: the root of the bureau's site. What it shows comes from content editors choose."""

    intro = models.TextField("网站简介", blank=True, help_text="用于搜索引擎描述。")
    lead_article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name="头条文章",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="留空则自动取首页栏目中最新的带封面图文章。",
    )
    featured_columns = StreamField(
        [("column", blocks.PageChooserBlock(page_type="news.NewsIndexPage", label="栏目"))],
        verbose_name="首页栏目",
        blank=True,
        help_text="首页按顺序显示这些栏目的最新信息；留空则显示所有末级栏目。",
    )
    banner_title = models.CharField("专题横幅标题", max_length=100, blank=True)
    banner_text = models.CharField("专题横幅说明", max_length=200, blank=True)
    banner_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="专题横幅图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="专题横幅链接",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("lead_article"),
        FieldPanel("featured_columns"),
        MultiFieldPanel(
            [
                FieldPanel("banner_title"),
                FieldPanel("banner_text"),
                FieldPanel("banner_image"),
                FieldPanel("banner_page"),
            ],
            "专题横幅（如红色地名专栏）",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage", "website.SectionPage", "placenames.PlaceNameColumnPage"]
    max_count = 1

    class Meta:
        verbose_name = "网站首页"
        verbose_name_plural = "网站首页"

    def get_context(self, request, *args, **kwargs):
        from .home import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context


class SectionPage(Page):
    """栏目导航页: a top-level section such as 互动交流 or 专题专栏, a set of links and sub-columns."""

    intro = models.TextField("简介", blank=True)
    links = StreamField(
        [
            (
                "link",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock(label="标题", max_length=60)),
                        ("page", blocks.PageChooserBlock(label="站内页面", required=False)),
                        ("url", blocks.CharBlock(label="或链接地址", required=False, max_length=300)),
                        ("description", blocks.CharBlock(label="说明", required=False, max_length=200)),
                    ],
                    label="入口",
                ),
            )
        ],
        verbose_name="入口链接",
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("links")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["news.NewsIndexPage"]

    class Meta:
        verbose_name = "栏目导航页"
        verbose_name_plural = "栏目导航页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumb"] = list(self.get_ancestors().filter(depth__gt=1)) + [self]
        context["children"] = self.get_children().live().in_menu() or self.get_children().live()
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
    conac_url = models.URLField(
        "党政机关网站标识链接", blank=True, help_text="开办机构核发的“党政机关”网站标识验证地址；填写后页脚显示标识。"
    )
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
                FieldPanel("conac_url"),
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


class LinkCheckResult(models.Model):
    """A broken link found by the last `check_links` run (older runs are replaced)."""

    checked_at = models.DateTimeField("检查时间", db_index=True)
    page = models.ForeignKey("wagtailcore.Page", verbose_name="所在页面", on_delete=models.CASCADE, related_name="+")
    url = models.CharField("链接", max_length=2000)
    kind = models.CharField("类型", max_length=20)
    status = models.CharField("结果", max_length=100)

    class Meta:
        verbose_name = "失效链接"
        verbose_name_plural = "失效链接"
        ordering = ["page_id", "url"]
