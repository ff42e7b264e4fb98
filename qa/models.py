"""The FAQ knowledge base (常见问题), the synonym list, unanswered questions and the search index."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin


class SynonymGroup(models.Model):
    """同义词: words that mean the same to a citizen (低保 = 最低生活保障), kept by editors."""

    terms = models.CharField(
        "同义词组",
        max_length=500,
        help_text="用“=”或逗号分隔，第一个词为标准说法，例如：最低生活保障 = 低保 = 城乡低保",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def variants(self):
        from .segment import parse_synonym_line

        return parse_synonym_line(self.terms)


class FAQ(DraftStateMixin, RevisionMixin, ClusterableModel):
    """常见问题: a question the bureau has answered, with the ways citizens phrase it."""

    question = models.CharField("问题", max_length=200)
    alternatives = models.TextField(
        "其他问法", blank=True, help_text="群众可能的其他问法，每行一个，例如：低保怎么申请、吃低保要什么条件"
    )
    answer = RichTextField("答复", features=["bold", "ol", "ul", "link", "document-link"])
    column = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="所属栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="可选：在站内搜索中按栏目筛选时归入该栏目。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="faq")

    panels = [
        FieldPanel("question"),
        FieldPanel("alternatives"),
        FieldPanel("answer"),
        PageChooserPanel("column", ["news.NewsIndexPage"]),
        InlinePanel("related_pages", label="相关页面"),
    ]

    class Meta:
        verbose_name = "常见问题"
        verbose_name_plural = "常见问题"
        ordering = ["question"]

    def __str__(self):
        return self.question

    @property
    def revisions(self):
        return self._revisions

    def alternative_list(self):
        return [line.strip() for line in self.alternatives.splitlines() if line.strip()]

    def answer_text(self):
        return strip_tags(self.answer).strip()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("qa:faq", args=[self.pk])


class FAQRelatedPage(Orderable):
    faq = ParentalKey(FAQ, on_delete=models.CASCADE, related_name="related_pages")
    page = models.ForeignKey("wagtailcore.Page", verbose_name="页面", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = "相关页面"


class UnansweredQuestion(models.Model):
    """未解答问题: a question 智能问答 could not answer; no visitor data, only the text and counts."""

    text = models.CharField("问题", max_length=200, unique=True)
    count = models.PositiveIntegerField("提问次数", default=1)
    first_asked = models.DateTimeField("首次提问", auto_now_add=True)
    last_asked = models.DateTimeField("最近提问", auto_now=True)

    class Meta:
        verbose_name = "未解答问题"
        verbose_name_plural = "未解答问题"
        ordering = ["-count", "-last_asked"]

    def __str__(self):
        return self.text


class SearchDocument(models.Model):
    """One indexed thing (a live page or a live FAQ entry): what results and snippets show."""

    KIND_PAGE = "page"
    KIND_FAQ = "faq"

    key = models.CharField(max_length=40, unique=True)  # "page:12", "faq:3"
    kind = models.CharField(max_length=10)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    column_id = models.PositiveBigIntegerField(null=True, blank=True)
    path = models.CharField(max_length=255, blank=True, db_index=True)  # tree path, for column filters
    text = models.TextField(blank=True)  # plain text, paragraphs separated by newlines
    length = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "搜索索引文档"
        indexes = [models.Index(fields=["kind", "object_id"])]


class Posting(models.Model):
    """Term -> document, with a precomputed BM25 weight and the character offsets of each occurrence."""

    term = models.CharField(max_length=40)
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="postings")
    weight = models.FloatField()
    positions = models.TextField()  # "start" or "start:length", comma separated

    class Meta:
        verbose_name = "索引词项"
        constraints = [models.UniqueConstraint(fields=["term", "document"], name="qa_posting_term_document")]
        indexes = [models.Index(fields=["term", "-weight"], name="qa_posting_term_weight")]


class Term(models.Model):
    """Document frequency of a term, kept up to date by the indexer (idf without counting postings)."""

    term = models.CharField(max_length=40, primary_key=True)
    df = models.IntegerField(default=0)

    class Meta:
        verbose_name = "词项统计"
