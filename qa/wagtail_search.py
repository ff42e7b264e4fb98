"""Wagtail search backend that understands Chinese words: used by the admin's page search.

Wagtail's database backends (SQLite FTS5, PostgreSQL tsvector) split text on spaces and
punctuation, so "我市上调城乡最低生活保障标准" is one token and searching 低保 finds nothing. This
backend is the stock database backend with both sides segmented: indexed text is stored as words
separated by spaces (with sub-words, so 最低生活保障 is also stored as 最低 生活 保障), and query
strings are segmented the same way before they reach the database.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "qa.wagtail_search"}}

After switching, run `manage.py update_index` once so existing pages are stored segmented.
"""

import importlib
from typing import Any

from modelsearch.backends.database import SearchBackend as database_backend_for
from modelsearch.query import And, Or, PlainText

from .segment import get_lexicon, has_han

_PATCHED: set[str] = set()


def segment_for_index(text):
    if not has_han(text):
        return text
    return " ".join(word for word, _, _ in get_lexicon().jieba.tokenize(text, "search", True) if word.strip())


def segment_query(query):
    """A query string or parsed query with its Chinese cut into words (all required)."""
    if isinstance(query, str):
        if not has_han(query):
            return query
        return " ".join(w for w in get_lexicon().jieba.cut(query, True) if w.strip()) or query
    if isinstance(query, PlainText) and has_han(query.query_string):
        return PlainText(segment_query(query.query_string), operator="and", boost=query.boost)
    if isinstance(query, (And, Or)):
        return type(query)([segment_query(q) for q in query.subqueries])
    return query


def _patch_indexer(backend):
    """Make the vendor module's ObjectIndexer store segmented strings (once per vendor module)."""
    module = importlib.import_module(type(backend).__module__)
    base: Any = getattr(module, "ObjectIndexer", None)
    if base is None or module.__name__ in _PATCHED:
        return

    class SegmentingObjectIndexer(base):
        def prepare_value(self, value):
            prepared = super().prepare_value(value)
            return segment_for_index(prepared) if isinstance(prepared, str) else prepared

    module.ObjectIndexer = SegmentingObjectIndexer  # type: ignore[attr-defined]
    _PATCHED.add(module.__name__)


def SearchBackend(params):
    backend = database_backend_for(params)
    _patch_indexer(backend)
    base_class: Any = type(backend)

    class ChineseSearchBackend(base_class):
        def search(self, query, model_or_queryset, *args, **kwargs):
            segmented = segment_query(query)
            if segmented is not query and not args:
                kwargs["operator"] = kwargs.get("operator") or "and"
            return super().search(segmented, model_or_queryset, *args, **kwargs)

        def autocomplete(self, query, model_or_queryset, *args, **kwargs):
            segmented = segment_query(query)
            if segmented is not query and not args:
                kwargs["operator"] = kwargs.get("operator") or "and"
            return super().autocomplete(segmented, model_or_queryset, *args, **kwargs)

    backend.__class__ = ChineseSearchBackend
    return backend
