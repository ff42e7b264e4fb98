"""The article edit form: 发布时间 is protected once the article has been published.

The URL slug may be left empty: a short one is filled in when the page is saved (news/slugs.py,
de-duplicated among its siblings). A slow or old browser, or Wagtail 8's autosave firing before
the title lost focus, would otherwise be refused.

Only a user with `editorial.change_publish_date` (可修改发布时间) may change it afterwards, and every
change is logged (`editorial.publish_date_changed`) with the old and new value, so the page history
shows who moved a publication date and from what to what.
"""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.admin.forms import WagtailAdminPageForm

PUBLISH_DATE_PERMISSION = "editorial.change_publish_date"
LOG_ACTION = "editorial.publish_date_changed"
BEIJING_TIME_FIELDS = ("publish_at", "go_live_at", "expire_at")


def format_beijing(value):
    if value is None:
        return "（空）"
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def same_minute(a, b):
    """The admin widget has minute precision, so an untouched field comes back without seconds."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in BEIJING_TIME_FIELDS:
            field = self.fields.get(name)
            if field is not None and "北京时间" not in str(field.help_text):
                field.help_text = f"{field.help_text} 时间均为北京时间（UTC+8）。".strip()
        slug = self.fields.get("slug")
        if slug is not None:
            slug.required = False
            slug.help_text = f"{slug.help_text} 留空则根据标题自动生成。".strip()
        self.publish_date_change = None

    def stored_publish_at(self):
        """发布时间 as last saved, not what this form was built from (another tab may have saved since).

        Read the same source the edit view renders (`get_latest_revision_as_object`): the page row
        while there are no unpublished changes, else the latest revision. The row matters after a
        first publication with 发布时间 left blank: `ArticlePage.save` fills in the real time on the
        row only, the published revision still says blank, and the edit page shows the row's value.
        """
        page = self.instance
        if not page.pk:
            return page.publish_at
        row = type(page).objects.filter(pk=page.pk).values("has_unpublished_changes", "publish_at").first()
        if row is not None and not row["has_unpublished_changes"]:
            return row["publish_at"]
        revision = page.get_latest_revision()
        if revision is not None and "publish_at" in revision.content:
            raw = revision.content.get("publish_at")
            if not raw:
                return None
            value = parse_datetime(raw) if isinstance(raw, str) else raw
            if value is not None and timezone.is_naive(value):
                value = timezone.make_aware(value, datetime.UTC)
            return value
        return page.publish_at

    def has_been_published(self):
        page = self.instance
        if not page.pk:
            return False
        return type(page).objects.filter(pk=page.pk, first_published_at__isnull=False).exists()

    def clean(self):
        cleaned_data = super().clean()
        if "publish_at" not in self.fields or "publish_at" in self.errors or not self.has_been_published():
            return cleaned_data
        old = self.stored_publish_at()
        new = cleaned_data.get("publish_at")
        if same_minute(old, new):
            cleaned_data["publish_at"] = old  # keep the seconds the widget cannot show
            return cleaned_data
        if not (self.for_user and self.for_user.has_perm(PUBLISH_DATE_PERMISSION)):
            self.add_error(
                "publish_at",
                f"文章已发布，发布时间不能修改（原发布时间：{format_beijing(old)}，北京时间）。"
                "如确需更正，请联系具有“可修改发布时间”权限的人员。",
            )
            return cleaned_data
        self.publish_date_change = (old, new)
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=commit)
        if self.publish_date_change is not None and page.pk:
            from wagtail.log_actions import log

            old, new = self.publish_date_change
            log(
                instance=page,
                action=LOG_ACTION,
                user=self.for_user,
                data={
                    "old": old.isoformat() if old else None,
                    "new": new.isoformat() if new else None,
                },
                content_changed=True,
            )
            self.publish_date_change = None
        return page
