"""阅读统计: the reading-statistics report in the admin, with a CSV export of each table."""

import csv
import datetime
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from website.spreadsheet import safe_row

from . import stats
from .charts import line_chart

STATISTICS_PERMISSION = "editorial.view_statistics"
MAX_RANGE_DAYS = 366
EARLIEST = datetime.date(2000, 1, 1)
EXPORTS = {"top7", "top30", "range", "columns", "comments"}


def can_view_statistics(user):
    return user.is_active and (user.is_superuser or user.has_perm(STATISTICS_PERMISSION))


class DateRangeForm(forms.Form):
    start = forms.DateField(
        label="开始日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写开始日期。", "invalid": "请输入有效的日期，例如 2025-07-01。"},
    )
    end = forms.DateField(
        label="结束日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写结束日期。", "invalid": "请输入有效的日期，例如 2025-07-31。"},
    )

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start < EARLIEST:
            raise forms.ValidationError("开始日期不能早于 2000 年 1 月 1 日。")
        if start > timezone.localdate():
            raise forms.ValidationError("开始日期不能晚于今天。")
        return start

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "结束日期不能早于开始日期。")
            elif (end - start).days + 1 > MAX_RANGE_DAYS:
                self.add_error("end", f"统计范围最长 {MAX_RANGE_DAYS} 天，请缩短日期范围。")
        return cleaned


def csv_response(filename, header, rows):
    """UTF-8 with a byte-order mark, so Excel on Windows shows the Chinese text correctly. Titles
    are written as text, never as formulas (safe_cell)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReadingReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/reading_report.html"
    page_title = "阅读统计"
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_statistics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "阅读统计"}]

    def get_range(self):
        today = timezone.localdate()
        default = {"start": today - datetime.timedelta(days=29), "end": today}
        if "start" in self.request.GET or "end" in self.request.GET:
            form = DateRangeForm(self.request.GET)
            if form.is_valid():
                return form, form.cleaned_data["start"], form.cleaned_data["end"]
            return form, default["start"], default["end"]
        return DateRangeForm(initial=default), default["start"], default["end"]

    def get(self, request, *args, **kwargs):
        self.form, self.start, self.end = self.get_range()
        export = request.GET.get("export")
        if export in EXPORTS and not self.form.errors:
            return self.export(export)
        return super().get(request, *args, **kwargs)

    def last_days(self, n):
        today = timezone.localdate()
        return today - datetime.timedelta(days=n - 1), today

    def export(self, name):
        if name in ("top7", "top30", "range"):
            start, end = {"top7": self.last_days(7), "top30": self.last_days(30)}.get(name, (self.start, self.end))
            rows = [
                (r["rank"], r["page"].title, r["column"], r["views"], r["page"].url_path)
                for r in stats.top_pages(start, end)
            ]
            return csv_response(
                f"reading-{name}-{start:%Y%m%d}-{end:%Y%m%d}.csv", ["排名", "标题", "栏目", "浏览次数", "路径"], rows
            )
        if name == "columns":
            days, columns = stats.views_by_column(self.start, self.end)
            rows = [[day.isoformat()] + [c["by_day"][n] for c in columns] for n, day in enumerate(days)]
            return csv_response(
                f"reading-columns-{self.start:%Y%m%d}-{self.end:%Y%m%d}.csv",
                ["日期"] + [c["title"] for c in columns],
                rows,
            )
        comments = stats.comments_by_day(self.start, self.end) or []
        rows = [(r["day"].isoformat(), r["total"], r["approved"], r["pending"], r["rejected"]) for r in comments]
        return csv_response(
            f"comments-{self.start:%Y%m%d}-{self.end:%Y%m%d}.csv",
            ["日期", "评论数", "已通过", "待审核", "未通过"],
            rows,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days, columns = stats.views_by_column(self.start, self.end)
        query = f"start={self.start:%Y-%m-%d}&end={self.end:%Y-%m-%d}"
        context.update(
            {
                "form": self.form,
                "start": self.start,
                "end": self.end,
                "query": query,
                "top7": stats.top_pages(*self.last_days(7)),
                "top30": stats.top_pages(*self.last_days(30)),
                "top_range": stats.top_pages(self.start, self.end),
                "days": days,
                "columns": columns,
                "column_rows": [(day, [c["by_day"][n] for c in columns]) for n, day in enumerate(days)],
                "chart": line_chart(days, columns),
                "comments": stats.comments_by_day(self.start, self.end),
            }
        )
        return context
