"""The 发布前检查 panel: the checks before publishing, shown to editors and reviewers in the editor."""

from wagtail.admin.panels import Panel


class PublishChecksPanel(Panel):
    def __init__(self, heading="发布前检查", **kwargs):
        super().__init__(heading=heading, **kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "publish_checks"

    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/panels/publish_checks.html"

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            from website.models import SensitiveWord

            from .checks import check_page

            context = super().get_context_data(parent_context)
            context["findings"] = check_page(self.instance)
            # An empty list checks nothing: say so instead of "未发现敏感词".
            context["no_sensitive_words"] = not SensitiveWord.active_words()
            context["sensitive_words_url"] = reverse("wagtailsnippets_website_sensitiveword:list")
            return context
