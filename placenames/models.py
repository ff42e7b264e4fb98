"""红色地名 culture column: the column page, place-name story pages and works sent in by citizens."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from news.blocks import ArticleBodyBlock

from .counties import COUNTY_CHOICES
from .pinyin import place_pinyin

# Roughly 宣城市 with a margin: a coordinate outside this box is a typing mistake.
XUANCHENG_LAT = (Decimal("29.5"), Decimal("31.8"))
XUANCHENG_LNG = (Decimal("117.5"), Decimal("120.0"))


class PlaceNameColumnPage(Page):
    """忆红色地名，感峥嵘岁月: the column with the stories, the map and the call for works."""

    banner = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="栏目横幅",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner_alt = models.CharField("横幅替代文字", max_length=200, blank=True, help_text="为视障读者描述横幅图片。")
    intro = models.TextField("栏目简介", blank=True)
    call_for_works = RichTextField(
        "作品征集说明", blank=True, features=["bold", "link", "ol", "ul"], help_text="显示在栏目页和投稿页。"
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("banner"), FieldPanel("banner_alt")], "横幅"),
        FieldPanel("intro"),
        FieldPanel("call_for_works"),
    ]

    parent_page_types = ["website.HomePage"]
    subpage_types = ["placenames.PlaceStoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "红色地名栏目"
        verbose_name_plural = "红色地名栏目"

    def get_context(self, request, *args, **kwargs):
        from .listing import column_context

        context = super().get_context(request, *args, **kwargs)
        context.update(column_context(self, request))
        return context


class PlaceStoryPage(Page):
    """一个红色地名的故事: where it is, what happened there, pictures and citizens' works."""

    place_name = models.CharField("地名", max_length=50)
    pinyin = models.CharField("拼音", max_length=200, blank=True, help_text="留空则根据地名自动生成，可手动修改。")
    county = models.CharField("所在区县", max_length=10, choices=COUNTY_CHOICES)
    address = models.CharField("地址", max_length=200, blank=True)
    latitude = models.DecimalField(
        "纬度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
        help_text="可选，如 30.602000（北纬）。",
    )
    longitude = models.DecimalField(
        "经度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
        help_text="可选，如 118.311000（东经）。",
    )
    era = models.CharField("年代与事件", max_length=100, blank=True, help_text="如：1938—1941年 新四军军部驻地")
    summary = models.TextField("摘要", max_length=300, blank=True, help_text="用于卡片和搜索引擎描述。")
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField("封面替代文字", max_length=200, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name="故事", blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("place_name"), FieldPanel("pinyin")]),
                FieldPanel("county"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("era"),
            ],
            "地名信息",
        ),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover"), FieldPanel("cover_alt")], "封面"),
        FieldPanel("body"),
        InlinePanel("gallery_images", label="图集", heading="图集"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("place_name"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("county"),
    ]

    parent_page_types = ["placenames.PlaceNameColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = "红色地名故事"
        verbose_name_plural = "红色地名故事"

    def clean(self):
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            errors[missing] = "经纬度需要同时填写，或同时留空。"
        if self.latitude is not None and not XUANCHENG_LAT[0] <= self.latitude <= XUANCHENG_LAT[1]:
            errors["latitude"] = "纬度不在宣城市范围内（约北纬 29.9°—31.3°），请检查。"
        if self.longitude is not None and not XUANCHENG_LNG[0] <= self.longitude <= XUANCHENG_LNG[1]:
            errors["longitude"] = "经度不在宣城市范围内（约东经 118.0°—119.7°），请检查。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not (self.pinyin or "").strip() and self.place_name:
            self.pinyin = place_pinyin(self.place_name)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .listing import story_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_context(self, request))
        return context


class PlaceStoryGalleryImage(Orderable):
    page = ParentalKey(PlaceStoryPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("wagtailimages.Image", verbose_name="图片", on_delete=models.CASCADE, related_name="+")
    alt = models.CharField("替代文字", max_length=200, help_text="用中文描述图片内容，供视障读者使用。")
    caption = models.CharField("图片说明", max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "图集图片"


class WorkQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Work.Status.APPROVED)

    def pending_first(self):
        return self.annotate(
            pending_order=models.Case(
                models.When(status="pending", then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            )
        ).order_by("pending_order", "-submitted_at", "-pk")


class Work(models.Model):
    """作品: a photograph, short video or poster sent in through the public form."""

    class Kind(models.TextChoices):
        PHOTO = "photo", "摄影"
        VIDEO = "video", "短视频"
        POSTER = "poster", "海报"

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    title = models.CharField("作品名称", max_length=60)
    kind = models.CharField("作品类别", max_length=10, choices=Kind.choices)
    story = models.ForeignKey(
        PlaceStoryPage,
        verbose_name="关联地名故事",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="works",
    )
    place_name = models.CharField("投稿人填写的地名", max_length=50, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="图片", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    video = models.ForeignKey(
        "wagtailmedia.Media", verbose_name="视频", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField("作品简介", max_length=500, blank=True)
    author_name = models.CharField("作者", max_length=30)
    phone = models.CharField("联系电话", max_length=20, help_text="仅供工作人员联系，不公开。")
    consent = models.BooleanField("同意公开发布", default=False)
    status = models.CharField("审核状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    reject_reason = models.TextField("未通过原因", blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = WorkQuerySet.as_manager()

    class Meta:
        verbose_name = "作品"
        verbose_name_plural = "作品征集"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return self.title

    @property
    def is_video(self):
        return self.kind == self.Kind.VIDEO

    @property
    def place_label(self):
        return self.story.place_name if self.story_id else self.place_name

    @property
    def alt_text(self):
        return f"{self.get_kind_display()}作品《{self.title}》，作者{self.author_name}"
