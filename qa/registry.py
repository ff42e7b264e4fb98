"""Which page types the site search and 智能问答 index, and how their text is read.

A page type joins the index by being listed in `QA_INDEXED_PAGE_MODELS` (settings; default below)
or by calling `register(Model)`. Its text is what its Wagtail `search_fields` declare (title apart),
so a new page type needs no code here; a model may define `qa_index_text()` to return its own text.
A listed model whose app is not installed is skipped, so search works without it.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.utils.html import strip_tags
from wagtail.search import index

DEFAULT_MODELS = ["news.ArticlePage", "placenames.PlaceStoryPage"]
_registered: list[type[Model]] = []


def register(model):
    if model not in _registered:
        _registered.append(model)
    return model


def indexed_models():
    models = list(_registered)
    for label in getattr(settings, "QA_INDEXED_PAGE_MODELS", DEFAULT_MODELS):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        if model not in models:
            models.append(model)
    return models


def is_indexed(page_or_model):
    model = page_or_model if isinstance(page_or_model, type) else type(page_or_model)
    return any(issubclass(model, m) for m in indexed_models())


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(t for t in (_as_text(v) for v in value) if t)
    if isinstance(value, dict):
        return _as_text(list(value.values()))
    return strip_tags(str(value)).strip()


def page_text(page):
    """The body text of a page, paragraphs separated by newlines."""
    custom = getattr(page, "qa_index_text", None)
    if callable(custom):
        return custom()
    parts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        try:
            value = search_field.get_value(page)
        except Exception:  # a broken custom field must not stop publishing
            continue
        text = _as_text(value)
        if text and text not in parts:
            parts.append(text)
    return "\n".join(parts)


def page_date(page):
    return getattr(page, "publish_at", None) or page.first_published_at or page.last_published_at
