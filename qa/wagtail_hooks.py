"""Admin: 常见问题 (with drafts and revisions), 同义词, and 未解答问题 (most asked first)."""

from django.urls import reverse
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet, SnippetViewSetGroup

from .models import FAQ, SynonymGroup, UnansweredQuestion


class FAQCreateView(CreateView):
    """`?from_question=<id>` starts the entry with the text of an unanswered question."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        raw = self.request.GET.get("from_question", "")
        if raw.isdigit():
            miss = UnansweredQuestion.objects.filter(pk=int(raw)).first()
            if miss is not None:
                instance = instance or self.model()
                instance.question = miss.text[:200]
        return instance


class FAQViewSet(SnippetViewSet):
    model = FAQ
    icon = "help"
    menu_label = "常见问题"
    add_view_class = FAQCreateView
    list_display = ["question", "column", "live", "updated_at"]
    list_filter = ["live"]
    search_fields = ["question", "alternatives"]
    ordering = ["question"]


class SynonymViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = "同义词"
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]


class UnansweredIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = reverse("wagtailsnippets_qa_faq:add")
        buttons.insert(0, ListingButton("新建常见问题", url=f"{url}?from_question={instance.pk}", icon_name="plus"))
        return buttons


class UnansweredViewSet(SnippetViewSet):
    model = UnansweredQuestion
    icon = "warning"
    menu_label = "未解答问题"
    index_view_class = UnansweredIndexView
    list_display = ["text", "count", "last_asked"]
    search_fields = ["text"]
    ordering = ["-count", "-last_asked"]
    copy_view_enabled = False


class QAGroup(SnippetViewSetGroup):
    items = (FAQViewSet, SynonymViewSet, UnansweredViewSet)
    menu_icon = "help"
    menu_label = "智能问答"
    menu_name = "qa"


register_snippet(QAGroup)
