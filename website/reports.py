"""Admin reports for the yearly inspection: broken links and stale columns."""

import datetime

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from wagtail.admin.views.reports import ReportView

from .models import LinkCheckResult


class BrokenLinksReport(ReportView):
    page_title = "失效链接"
    header_icon = "link"
    results_template_name = "website/reports/broken_links_results.html"
    index_url_name = "broken_links_report"
    index_results_url_name = "broken_links_report_results"
    list_export = ["page.title", "url", "kind", "status", "checked_at"]
    export_headings = {
        "page.title": "所在页面",
        "url": "链接",
        "kind": "类型",
        "status": "结果",
        "checked_at": "检查时间",
    }
    any_permission_required = ["wagtailadmin.access_admin"]

    def get_queryset(self):
        return LinkCheckResult.objects.select_related("page").order_by("page__title", "url")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["last_run"] = LinkCheckResult.objects.aggregate(last=Max("checked_at"))["last"]
        return context

    def get_filename(self):
        return f"broken-links-{datetime.date.today():%Y-%m-%d}"


class StaleColumnsReport(ReportView):
    page_title = "栏目更新检查"
    header_icon = "time"
    results_template_name = "website/reports/stale_columns_results.html"
    index_url_name = "stale_columns_report"
    index_results_url_name = "stale_columns_report_results"
    list_export = ["title", "newest", "stale_after_days", "days_since"]
    export_headings = {
        "title": "栏目",
        "newest": "最新信息时间",
        "stale_after_days": "更新期限（天）",
        "days_since": "已过天数",
    }
    any_permission_required = ["wagtailadmin.access_admin"]
    paginate_by = None

    def get_queryset(self):
        from news.models import ArticlePage, NewsIndexPage

        newest = (
            ArticlePage.objects.live()
            .filter(path__startswith=OuterRef("path"))
            .order_by("-publish_at")
            .values("publish_at")[:1]
        )
        columns = NewsIndexPage.objects.live().annotate(newest=Subquery(newest)).order_by("path")
        now = timezone.now()
        stale = []
        for column in columns:
            column.days_since = (now - column.newest).days if column.newest else None
            if column.newest is None or column.days_since > column.stale_after_days:
                stale.append(column)
        return stale

    def get_filename(self):
        return f"stale-columns-{datetime.date.today():%Y-%m-%d}"
