"""The 作品征集 menu in the Wagtail admin: listing (pending first) with a preview of each work,
and the approve / reject views that go through placenames.moderation."""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import moderation
from .models import PlaceStoryPage, Work


class PreviewColumn(Column):
    cell_template_name = "placenames/admin/preview_cell.html"


class WorkPreviewPanel(Panel):
    """The picture or the playable video, with the moderation state and buttons, on the edit page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "placenames/admin/work_preview_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["work"] = self.instance
            context["approve_url"] = reverse("wagtailsnippets_placenames_work:approve", args=[self.instance.pk])
            context["reject_url"] = reverse("wagtailsnippets_placenames_work:reject", args=[self.instance.pk])
            return context


def moderation_buttons(work):
    # ListingButton: Wagtail's small listing buttons. A plain Button outside the "more" dropdown is an
    # unstyled link whose ✓/✕ icon is drawn at the full width of the cell.
    buttons = []
    if work.status != Work.Status.APPROVED:
        buttons.append(
            ListingButton(
                "通过",
                url=reverse("wagtailsnippets_placenames_work:approve", args=[work.pk]),
                icon_name="check",
                priority=1,
            )
        )
    if work.status != Work.Status.REJECTED:
        buttons.append(
            ListingButton(
                "不通过",
                url=reverse("wagtailsnippets_placenames_work:reject", args=[work.pk]),
                icon_name="cross",
                priority=2,
            )
        )
    return buttons


class WorkIndexView(IndexView):
    # Works come only from the public form; there is nothing for an editor to add here.
    @cached_property
    def add_url(self):
        return None

    def get_list_buttons(self, instance):
        if not self.user_has_permission("change"):
            return super().get_list_buttons(instance)
        return moderation_buttons(instance) + super().get_list_buttons(instance)


class ApproveForm(forms.Form):
    story = forms.ModelChoiceField(
        label="关联地名故事",
        queryset=PlaceStoryPage.objects.order_by("path"),
        required=False,
        empty_label="（不关联，只在栏目作品中展示）",
        help_text="通过后作品显示在所选故事的图集和栏目的作品区。",
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="未通过原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写未通过的原因。"},
        help_text="原因记入审核日志，不向公众展示。",
    )


class ModerateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    model = Work
    permission_required = "change"
    template_name = "placenames/admin/moderate.html"
    header_icon = "image"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.work = get_object_or_404(Work.objects.select_related("image", "video", "story"), pk=kwargs["pk"])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_placenames_work:list"), "label": "作品征集"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(work=self.work, submit_label=self.submit_label, danger=self.danger)
        return context

    def get_success_url(self):
        return reverse("wagtailsnippets_placenames_work:list")


class ApproveView(ModerateView):
    form_class = ApproveForm
    submit_label = "确认通过"
    danger = False

    def get_page_title(self):
        return f"通过作品：{self.work.title}"

    def get_initial(self):
        return {"story": self.work.story_id}

    def form_valid(self, form):
        moderation.approve(self.work, self.request.user, story=form.cleaned_data["story"])
        messages.success(self.request, f"作品《{self.work.title}》已通过审核，已公开展示。")
        return redirect(self.get_success_url())


class RejectView(ModerateView):
    form_class = RejectForm
    submit_label = "确认不通过"
    danger = True

    def get_page_title(self):
        return f"不通过作品：{self.work.title}"

    def form_valid(self, form):
        moderation.reject(self.work, self.request.user, form.cleaned_data["reason"])
        messages.success(self.request, f"作品《{self.work.title}》未通过审核，不会公开展示。")
        return redirect(self.get_success_url())


class WorkViewSet(SnippetViewSet):
    model = Work
    icon = "image"
    menu_label = "作品征集"
    menu_name = "works"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = WorkIndexView
    list_display = [
        "title",
        PreviewColumn("preview", label="预览"),
        "kind",
        "status",
        "author_name",
        Column("place_label", label="地名"),
        "submitted_at",
    ]
    list_filter = ["status", "kind"]
    list_per_page = 30
    search_fields = ["title", "author_name", "place_name"]
    edit_handler = ObjectList(
        [
            WorkPreviewPanel(heading="作品预览与审核"),
            FieldPanel("title"),
            FieldPanel("kind", read_only=True),
            FieldPanel("story"),
            FieldPanel("place_name", read_only=True),
            FieldPanel("description"),
            FieldPanel("author_name"),
            FieldPanel("phone", read_only=True),
            FieldPanel("status", read_only=True),
            FieldPanel("reject_reason", read_only=True),
        ]
    )

    @property
    def add_view(self):
        def no_adding(request):
            messages.warning(request, "作品只能由市民通过网站的作品征集表单提交。")
            return redirect(self.get_url_name("list"))

        return no_adding

    def get_queryset(self, request):
        return Work.objects.pending_first().select_related("image", "video", "story")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", ApproveView.as_view(), name="approve"),
            path("reject/<int:pk>/", RejectView.as_view(), name="reject"),
        ]
