"""Write pages and FAQ entries into the inverted index (SearchDocument / Posting / Term).

Each term of a document gets one Posting row with a BM25 weight computed at index time (a fixed
average length stands in for the corpus average, so adding a document never rewrites the others)
and the character offsets of its occurrences, used for phrase ranking, highlighting and passages.
"""

import time
from collections import defaultdict

from django.db import transaction
from django.db.models import F

from . import registry
from .models import FAQ, Posting, SearchDocument, Term
from .segment import SYNONYM_PREFIX, index_tokens

TITLE_BOOST = 3.0
BODY_OFFSET = 1000  # body offsets start here, so title and body never look adjacent
MAX_POSITIONS = 64
K1, B, AVGDL = 1.2, 0.5, 300.0
_BATCH = 500


def page_key(page_id: int | str) -> str:
    return f"page:{page_id}"


def faq_key(faq_id: int | str) -> str:
    return f"faq:{faq_id}"


def _fmt(term: str, start: int, length: int) -> str:
    if term.startswith(SYNONYM_PREFIX) or length != len(term):
        return f"{start}:{length}"
    return str(start)


def parse_positions(term: str, raw: str) -> list[tuple[int, int]]:
    """ "3,17:2" -> [(3, len(term)), (17, 2)]."""
    result: list[tuple[int, int]] = []
    for item in raw.split(","):
        if ":" in item:
            start, length = item.split(":")
            result.append((int(start), int(length)))
        elif item:
            result.append((int(item), len(term)))
    return result


def build_postings(title: str, text: str) -> dict[str, tuple[float, str]]:
    """{term: (weight, "positions")} for a document."""
    tf: defaultdict[str, float] = defaultdict(float)
    positions: defaultdict[str, list[str]] = defaultdict(list)  # "start" or "start:length"
    length = 0
    for offset, boost, source in ((0, TITLE_BOOST, title[: BODY_OFFSET - 1]), (BODY_OFFSET, 1.0, text)):
        for term, start, size in index_tokens(source):
            tf[term] += boost
            length += 1
            if len(positions[term]) < MAX_POSITIONS:
                positions[term].append(_fmt(term, offset + start, size))
    norm = K1 * (1 - B + B * max(length, 1) / AVGDL)
    return {term: (round(f * (K1 + 1) / (f + norm), 4), ",".join(positions[term])) for term, f in tf.items()}


def _chunks(items, size=_BATCH):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _adjust_df(terms, delta):
    for chunk in _chunks(terms):
        if delta > 0:
            Term.objects.bulk_create([Term(term=t, df=0) for t in chunk], ignore_conflicts=True)
        Term.objects.filter(term__in=chunk).update(df=F("df") + delta)


def upsert(key, kind, object_id, title, url, date=None, column_id=None, path="", text=""):
    postings = build_postings(title, text)
    with transaction.atomic():
        doc = SearchDocument.objects.select_for_update().filter(key=key).first()
        old_terms = set()
        if doc is None:
            doc = SearchDocument(key=key)
        else:
            old_terms = set(doc.postings.values_list("term", flat=True))
            doc.postings.all().delete()
        doc.kind, doc.object_id, doc.title, doc.url = kind, object_id, title[:255], url[:500]
        doc.date, doc.year = date, (date.year if date else None)
        doc.column_id, doc.path, doc.text, doc.length = column_id, path or "", text, len(text)
        doc.save()
        Posting.objects.bulk_create(
            [Posting(term=t, document=doc, weight=w, positions=p) for t, (w, p) in postings.items()],
            batch_size=_BATCH,
        )
        new_terms = set(postings)
        _adjust_df(old_terms - new_terms, -1)
        _adjust_df(new_terms - old_terms, +1)
    _doc_count["at"] = 0.0
    return doc


def remove(key):
    with transaction.atomic():
        doc = SearchDocument.objects.select_for_update().filter(key=key).first()
        if doc is None:
            return False
        terms = list(doc.postings.values_list("term", flat=True))
        doc.delete()
        _adjust_df(terms, -1)
    _doc_count["at"] = 0.0
    return True


def index_page(page):
    """Index a live, public page of a registered type; anything else leaves the index."""
    page = page.specific
    if not (page.live and registry.is_indexed(page)) or page.get_view_restrictions().exists():
        return remove(page_key(page.pk))
    parent = page.get_parent()
    return upsert(
        page_key(page.pk),
        SearchDocument.KIND_PAGE,
        page.pk,
        page.title,
        page.get_url() or page.url_path,
        date=registry.page_date(page),
        column_id=parent.pk if parent else None,
        path=page.path,
        text=registry.page_text(page),
    )


def index_faq(faq):
    if not faq.live:
        return remove(faq_key(faq.pk))
    column = faq.column
    text = faq.answer_text() + "\n" + "\n".join(faq.alternative_list())
    return upsert(
        faq_key(faq.pk),
        SearchDocument.KIND_FAQ,
        faq.pk,
        faq.question,
        faq.get_absolute_url(),
        date=faq.last_published_at or faq.updated_at,
        column_id=column.pk if column else None,
        path=column.path if column else "",
        text=text,
    )


def rebuild(stdout=None):
    """Index every live page of the registered types and every live FAQ; drop everything else."""
    keys = set()
    for model in registry.indexed_models():
        for page in model.objects.live().specific():
            if index_page(page):
                keys.add(page_key(page.pk))
    for faq in FAQ.objects.filter(live=True):
        index_faq(faq)
        keys.add(faq_key(faq.pk))
    stale = SearchDocument.objects.exclude(key__in=keys).values_list("key", flat=True)
    for key in list(stale):
        remove(key)
    if stdout:
        stdout.write(f"搜索索引：{len(keys)} 个文档")
    return len(keys)


_doc_count = {"n": 0, "at": 0.0}


def document_count():
    """Number of indexed documents (for idf), re-counted at most every 30 seconds."""
    now = time.monotonic()
    if now - _doc_count["at"] > 30:
        _doc_count["n"] = SearchDocument.objects.count()
        _doc_count["at"] = now
    return max(_doc_count["n"], 1)
