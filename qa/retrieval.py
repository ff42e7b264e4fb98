"""智能问答: answer a citizen's question from the FAQ, else from article passages, else say so.

The FAQ matcher compares the question with every live FAQ question and its other phrasings, by
words (synonyms folded together, weighted by rarity) and by character pairs (which survive a
one-character typo). The FAQ list is small, so it is held in memory per process and reloaded when
an entry changes (here at once, in other processes on the next request, through a cache key).
"""

import math
import re
import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags

from . import engine
from .models import FAQ, SearchDocument, UnansweredQuestion
from .segment import STOPWORDS, get_lexicon, has_han, normalize

FAQ_VERSION_KEY = "qa:faq-version"
FAQ_THRESHOLD = 0.3  # below this the FAQ is not trusted and article passages are tried
FAQ_CONFIDENT = 0.45  # between the two, an article passage covering the question well wins
FAQ_MARGIN = 0.03  # in that band the best entry must also beat the runner-up by this much
PASSAGE_STRONG_COVERAGE = 0.75
PASSAGE_MIN_COVERAGE = 0.5  # share of the question's (weighted) words a source article must contain
MAX_PASSAGES = 3
WORD_WEIGHT = 0.6  # rest: character pairs


@dataclass
class Answer:
    kind: str  # "faq" | "passage" | "none"
    question: str
    html: str | None = None
    faq: object = None
    score: float = 0.0
    sources: list = field(default_factory=list)

    def as_json(self):
        return {"answer": self.html, "kind": self.kind, "sources": self.sources}


def _bigrams(text):
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)} or set(chars)


class FaqMatcher:
    def __init__(self, rows):
        lexicon = get_lexicon()
        self.entries = []  # (faq_id, words, bigrams) for each question and other phrasing
        self.questions = {}
        df: Counter[str] = Counter()
        for faq_id, question, alternatives in rows:
            self.questions[faq_id] = question
            for text in [question] + [t for t in alternatives.splitlines() if t.strip()]:
                words = lexicon.canonical_words(text)
                grams = _bigrams(self._strip(lexicon, text))
                self.entries.append((faq_id, words, grams))
                df.update(words)
        m = max(len(self.entries), 1)
        self.weight = {w: math.log(1 + m / n) for w, n in df.items()}
        self.default_weight = math.log(1 + m)

    @staticmethod
    def _strip(lexicon, text):
        return "".join(w for w in lexicon.jieba.cut(lexicon.canonical_text(text), True) if w not in STOPWORDS)

    def rank(self, question):
        lexicon = get_lexicon()
        words = lexicon.canonical_words(question)
        grams = _bigrams(self._strip(lexicon, question))
        if not words and not grams:
            return []
        wq = sum(self.weight.get(w, self.default_weight) for w in words)
        best: dict[int, float] = {}
        for faq_id, entry_words, entry_grams in self.entries:
            common = words & entry_words
            wc = sum(self.weight.get(w, self.default_weight) for w in common)
            we = sum(self.weight.get(w, self.default_weight) for w in entry_words)
            # Shared weight over the larger side: a short entry does not win by being short.
            word_sim = wc / max(wq, we) if wq and we else 0.0
            gram_sim = len(grams & entry_grams) / max(len(grams), len(entry_grams)) if grams and entry_grams else 0.0
            score = WORD_WEIGHT * word_sim + (1 - WORD_WEIGHT) * gram_sim
            if score > best.get(faq_id, 0.0):
                best[faq_id] = score
        return sorted(best.items(), key=lambda kv: -kv[1])


_lock = threading.Lock()
_state: dict[str, Any] = {"matcher": None, "version": None}


def get_matcher():
    version = cache.get(FAQ_VERSION_KEY)
    if version is None:
        cache.add(FAQ_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(FAQ_VERSION_KEY)
    with _lock:
        if _state["matcher"] is None or version != _state["version"]:
            rows = FAQ.objects.filter(live=True).values_list("pk", "question", "alternatives")
            _state["matcher"] = FaqMatcher(list(rows))
            _state["version"] = version
        return _state["matcher"]


def invalidate_faqs():
    with _lock:
        _state["matcher"] = None
    cache.set(FAQ_VERSION_KEY, uuid.uuid4().hex, None)


def suggest(text, limit=5):
    """Top FAQ questions for what the citizen has typed so far."""
    text = engine.clean_query(text)
    if not text:
        return []
    matcher = get_matcher()
    ranked = [(fid, s) for fid, s in matcher.rank(text) if s >= 0.15]
    plain = normalize(text)
    prefixed = [fid for fid, q in matcher.questions.items() if plain and plain in normalize(q)]
    ids = list(dict.fromkeys(prefixed + [fid for fid, _ in ranked]))[:limit]
    return [{"id": fid, "question": matcher.questions[fid]} for fid in ids]


def _date(value):
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


def _faq_answer(question, faq, score):
    from wagtail.rich_text import expand_db_html

    sources = [
        {
            "title": faq.question,
            "url": faq.get_absolute_url(),
            "date": _date(faq.last_published_at or faq.updated_at),
            "snippet": strip_tags(expand_db_html(faq.answer))[:120],
        }
    ]
    for related in faq.related_pages.select_related("page"):
        page = related.page
        if page.live:
            sources.append(
                {
                    "title": page.title,
                    "url": page.get_url() or page.url_path,
                    "date": _date(getattr(page.specific_deferred, "publish_at", None) or page.first_published_at),
                    "snippet": "",
                }
            )
    return Answer("faq", question, html=expand_db_html(faq.answer), faq=faq, score=score, sources=sources)


def _passages(question):
    query = engine.parse(question)
    if not query.known:
        return []
    hits = engine.run(query, mode="or", kinds=[SearchDocument.KIND_PAGE], rerank=20)[:10]
    hits = [h for h in hits if h.coverage >= PASSAGE_MIN_COVERAGE]
    if not hits:
        return []
    docs = engine.load_documents([h.doc_id for h in hits])
    found = []
    for hit in hits:
        doc = docs.get(hit.doc_id)
        if doc is None:
            continue
        passage, score = engine.best_passage(query, hit, doc.text)
        if passage is None:
            continue
        found.append((hit.score + score, doc, passage, hit.coverage))
        if len(found) >= MAX_PASSAGES:
            break
    return found


def answer(question, record=True):
    """The best answer to `question`; a miss is recorded (text, count, time only)."""
    question = engine.clean_query(question)
    if not question or not re.search(r"\w", question):
        return Answer("none", question)
    matcher = get_matcher()
    ranked = matcher.rank(question) + [(None, 0.0), (None, 0.0)]
    (best_id, best), (_, second) = ranked[0], ranked[1]
    found = None
    if best >= FAQ_THRESHOLD:
        confident = best >= FAQ_CONFIDENT
        if not confident and best - second >= FAQ_MARGIN:
            found = _passages(question)
            confident = not (found and found[0][3] >= PASSAGE_STRONG_COVERAGE)
        faq = FAQ.objects.filter(pk=best_id, live=True).first() if confident else None
        if faq is not None:
            return _faq_answer(question, faq, best)
    found = _passages(question) if found is None else found
    if found:
        from django.utils.html import format_html, format_html_join

        sources = [
            {"title": doc.title, "url": doc.url, "date": _date(doc.date), "snippet": strip_tags(passage)}
            for _, doc, passage, _ in found
        ]
        html = format_html(
            '<ul class="qa-passages">{}</ul>',
            format_html_join(
                "",
                '<li><p>{}</p><p class="qa-source">出自：<a href="{}">{}</a> <time>{}</time></p></li>',
                ((passage, doc.url, doc.title, _date(doc.date)) for _, doc, passage, _ in found),
            ),
        )
        return Answer("passage", question, html=str(html), score=found[0][0], sources=sources)
    if record:
        record_miss(question)
    return Answer("none", question)


_DIGITS = re.compile(r"\d{6,}")
_EMAIL = re.compile(r"\S+@\S+")


def scrub(text):
    """Drop what could identify a person (phone, ID card numbers, e-mail) before storing a question."""
    text = _EMAIL.sub("＊", text)
    return _DIGITS.sub("＊", text)[:200]


def record_miss(question):
    text = scrub(engine.clean_query(question))
    if not text or not (has_han(text) or re.search(r"[a-zA-Z]{2,}", text)):
        return
    updated = UnansweredQuestion.objects.filter(text=text).update(count=F("count") + 1, last_asked=timezone.now())
    if not updated:
        try:
            with transaction.atomic():
                UnansweredQuestion.objects.create(text=text)
        except IntegrityError:
            UnansweredQuestion.objects.filter(text=text).update(count=F("count") + 1, last_asked=timezone.now())
