"""Query the inverted index: candidates, BM25 + phrase ranking, highlights and passages.

Plain ORM queries only (no vendor full-text features), so SQLite and PostgreSQL give the same
results. Cost is bounded: candidates come from the top postings of each query term by weight
(an index range scan on (term, -weight)), so a common word does not read its whole posting list.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .indexer import BODY_OFFSET, _chunks, document_count, parse_positions
from .models import Posting, SearchDocument, Term
from .segment import STOPWORDS, SYNONYM_PREFIX, Clause, get_lexicon, is_indexable, query_clauses

PHRASE_BONUS = 1.0  # query words found side by side, as typed
NEAR_BONUS = 0.3  # query words found within NEAR_CHARS of each other
NEAR_CHARS = 8
TITLE_BONUS = 0.5  # a query word in the title counts this much more
SHORT_WORD_FACTOR = 0.5  # a one-character word says less about the topic
UNKNOWN_FACTOR = 0.5  # a word found nowhere (often a typo) counts half against coverage
AND_CANDIDATES = 3000  # search: most documents read for the rarest word
OR_CANDIDATES = 100  # 智能问答: best postings read per word
MAX_QUERY_CHARS = 100


@dataclass
class Hit:
    doc_id: int
    score: float = 0.0
    coverage: float = 0.0
    matched: dict = field(default_factory=dict)  # clause index -> best clause score
    positions: dict = field(default_factory=dict)  # clause index -> [(start, length)]


@dataclass
class Query:
    text: str
    chunks: list
    clauses: list
    chunk_of: list
    df: dict
    idf: dict
    known: list
    unknown: list
    weights: list  # per clause: idf of the clause (its synonym group's when it has one), halved for 1 char

    @property
    def is_empty(self):
        return not self.clauses


def clean_query(text):
    """Strip markup and control characters, collapse spaces, cap the length."""
    text = re.sub(r"<[^>]*>", " ", str(text or ""))
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def _idf(df, n):
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _lookup_df(terms):
    df: dict[str, int] = {}
    for chunk in _chunks(terms):
        df.update(Term.objects.filter(term__in=chunk, df__gt=0).values_list("term", "df"))
    return df


def _split(token):
    """Pieces of a word the index does not know: its sub-words, else its characters (stopwords dropped)."""
    rest = token
    for stop in sorted((w for w in STOPWORDS if len(w) > 1 and w in token), key=len, reverse=True):
        rest = rest.replace(stop, " ")
    pieces = [w for w in get_lexicon().jieba.cut_for_search(rest, True) if w != token and is_indexable(w)]
    pieces = [w for w in pieces if len(w) > 1] or [c for c in rest if is_indexable(c)]
    return list(dict.fromkeys(pieces))


def _repair(chunks, df):
    """Query words the index does not know were often cut differently from the documents (可达 as
    可 + 达) or mistyped: try joining neighbours, then splitting, keeping what the index knows."""
    candidates = set()
    for chunk in chunks:
        for i, clause in enumerate(chunk):
            if not any(df.get(a) for a in clause.alternatives):
                for j in (i + 2, i + 3):
                    if j <= len(chunk):
                        candidates.add("".join(c.token for c in chunk[i:j]))
                candidates.update(_split(clause.token))
    if not candidates:
        return chunks
    df.update(_lookup_df(candidates))
    repaired = []
    for chunk in chunks:
        out, i = [], 0
        while i < len(chunk):
            clause = chunk[i]
            if any(df.get(a) for a in clause.alternatives):
                out.append(clause)
                i += 1
                continue
            joined = next(
                (j for j in (i + 3, i + 2) if j <= len(chunk) and df.get("".join(c.token for c in chunk[i:j]))), None
            )
            if joined:
                word = "".join(c.token for c in chunk[i:joined])
                out.append(Clause(word, [word], word))
                i = joined
                continue
            pieces = [p for p in _split(clause.token) if df.get(p)]
            if pieces:
                out.extend(Clause(p, [p], p) for p in pieces)
            else:
                out.append(clause)
            i += 1
        repaired.append(out)
    return repaired


def parse(text):
    chunks = query_clauses(clean_query(text))
    df = _lookup_df({a for chunk in chunks for c in chunk for a in c.alternatives})
    chunks = _repair(chunks, df)
    clauses, chunk_of = [], []
    for ci, chunk in enumerate(chunks):
        for clause in chunk:
            clauses.append(clause)
            chunk_of.append(ci)
    terms = {a for c in clauses for a in c.alternatives}
    n = document_count()
    idf = {t: _idf(df.get(t, 0), n) for t in terms}
    known = [i for i, c in enumerate(clauses) if any(df.get(a) for a in c.alternatives)]
    unknown = [i for i in range(len(clauses)) if i not in known]
    weights = []
    for c in clauses:
        weight = idf[c.canonical] if c.canonical in idf else idf[c.token]
        weights.append(weight * (SHORT_WORD_FACTOR if len(c.token) == 1 else 1.0))
    return Query(text, chunks, clauses, chunk_of, df, idf, known, unknown, weights)


def _term_clauses(query):
    """term -> clauses it serves. A synonym group is read through its key alone: every variant is
    also indexed under the key, so one posting list stands for the whole group."""
    term_clauses = defaultdict(list)
    for i in query.known:
        clause = query.clauses[i]
        terms = clause.alternatives
        if clause.canonical.startswith(SYNONYM_PREFIX) and query.df.get(clause.canonical):
            terms = [clause.canonical]
        for a in terms:
            if query.df.get(a):
                term_clauses[a].append(i)
    return term_clauses


def _add(hits, query, term_clauses, rows):
    for doc_id, term, weight in rows:
        hit = hits.get(doc_id) or hits.setdefault(doc_id, Hit(doc_id))
        for i in term_clauses[term]:
            score = query.weights[i] * weight
            if score > hit.matched.get(i, 0):
                hit.matched[i] = score


def ensure_positions(query, hits, exact=False):
    """Load match offsets (and, with `exact`, every weight) for `hits`: the few shown or re-ranked."""
    missing = {h.doc_id: h for h in hits if exact or not h.positions}
    if not missing:
        return hits
    term_clauses = _term_clauses(query)
    for chunk in _chunks(missing):
        rows = Posting.objects.filter(term__in=list(term_clauses), document_id__in=chunk).values_list(
            "document_id", "term", "weight", "positions"
        )
        for doc_id, term, weight, raw in rows:
            hit = missing[doc_id]
            spans = parse_positions(term, raw)
            for i in term_clauses[term]:
                hit.positions.setdefault(i, []).extend(spans)
                if exact:
                    hit.matched[i] = max(hit.matched.get(i, 0), query.weights[i] * weight)
    return hits


def _and_hits(query, term_clauses):
    """Every known clause must match: start from the rarest, then intersect the others the cheap way
    (read a rare clause's postings outright, look a common one up for the candidates only)."""
    by_df = sorted(query.known, key=lambda i: sum(query.df.get(a, 0) for a in query.clauses[i].alternatives))
    hits: dict[int, Hit] = {}
    clause_terms = defaultdict(list)
    for term, indices in term_clauses.items():
        for i in indices:
            clause_terms[i].append(term)
    first = clause_terms[by_df[0]]
    for term in first:
        rows = Posting.objects.filter(term=term).order_by("-weight").values_list("document_id", "term", "weight")
        _add(hits, query, term_clauses, rows[:AND_CANDIDATES])
    for i in by_df[1:]:
        terms = clause_terms[i]
        clause_df = sum(query.df[a] for a in terms)
        if clause_df <= len(hits):
            rows = Posting.objects.filter(term__in=terms).values_list("document_id", "term", "weight")
            found: dict[int, Hit] = {}
            _add(found, query, term_clauses, rows)
            for doc_id, hit in list(hits.items()):
                if doc_id in found:
                    hit.matched.update({k: max(v, hit.matched.get(k, 0)) for k, v in found[doc_id].matched.items()})
        else:
            for chunk in _chunks(hits):
                rows = Posting.objects.filter(term__in=terms, document_id__in=chunk).values_list(
                    "document_id", "term", "weight"
                )
                _add(hits, query, term_clauses, rows)
        hits = {d: h for d, h in hits.items() if i in h.matched}
    return hits


def _or_hits(query, term_clauses):
    """Any clause may match: the best postings of each term by weight (an index range scan each),
    scored with what was read; the best of them are scored exactly in phase two."""
    hits: dict[int, Hit] = {}
    for term in term_clauses:
        rows = Posting.objects.filter(term=term).order_by("-weight").values_list("document_id", "term", "weight")
        _add(hits, query, term_clauses, rows[:OR_CANDIDATES])
    return hits


def run(query, mode="and", kinds=None, rerank=100):
    """Ranked hits for a parsed query. mode "and": every known word must match; "or": any.

    Phase one scores candidates by BM25 weights alone (small rows, no offsets); phase two loads
    offsets for the best `rerank` and adds the title and proximity bonuses to order them.
    """
    if not query.known:
        return []
    term_clauses = _term_clauses(query)
    hits = _and_hits(query, term_clauses) if mode == "and" else _or_hits(query, term_clauses)
    result = list(hits.values())
    for hit in result:
        hit.score = sum(hit.matched.values())
    result.sort(key=lambda h: (-h.score, -h.doc_id))
    if kinds:
        result = _only_kinds(result, kinds, rerank)
    head, tail = result[:rerank], result[rerank:]
    ensure_positions(query, head, exact=(mode != "and"))
    total = sum(query.weights[i] for i in query.known) + UNKNOWN_FACTOR * sum(query.weights[i] for i in query.unknown)
    for hit in result:
        hit.score = sum(hit.matched.values())
        hit.coverage = sum(query.weights[i] for i in hit.matched) / (total or 1.0)
    for hit in head:
        in_title = sum(query.weights[i] for i, spans in hit.positions.items() if any(s < BODY_OFFSET for s, _ in spans))
        hit.score += TITLE_BONUS * in_title + _proximity(query, hit)
    head.sort(key=lambda h: (-h.score, -h.doc_id))
    return head + tail


def _only_kinds(hits, kinds, rerank):
    """Keep hits of the given kinds; only the best few are looked up (the rest is never shown)."""
    top = hits[: rerank * 3]
    allowed: set[int] = set()
    for chunk in _chunks([h.doc_id for h in top]):
        allowed.update(SearchDocument.objects.filter(pk__in=chunk, kind__in=kinds).values_list("pk", flat=True))
    return [h for h in top if h.doc_id in allowed]


def _proximity(query, hit):
    bonus = 0.0
    for i in range(len(query.clauses) - 1):
        j = i + 1
        if query.chunk_of[i] != query.chunk_of[j] or i not in hit.matched or j not in hit.matched:
            continue
        best = None
        ends = {s + n for s, n in hit.positions[i]}
        if any(s in ends for s, _ in hit.positions[j]):
            best = PHRASE_BONUS
        else:
            starts_i = sorted(s for s, _ in hit.positions[i])
            for s, _ in hit.positions[j]:
                if any(abs(s - si) <= NEAR_CHARS for si in starts_i):
                    best = NEAR_BONUS
                    break
        if best:
            bonus += best * (hit.matched[i] + hit.matched[j])
    return bonus


# Presentation --------------------------------------------------------------------------------


def _merge(spans):
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def highlight(text, spans, start=0, end=None):
    """Escape text[start:end] and wrap the spans (absolute offsets) in <mark>."""
    end = len(text) if end is None else end
    out: list[str] = []
    cursor = start
    for s, e in _merge((max(s, start), min(e, end)) for s, e in spans if e > start and s < end):
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return mark_safe("".join(out))


def body_spans(hit):
    return [
        (s - BODY_OFFSET, s - BODY_OFFSET + n) for spans in hit.positions.values() for s, n in spans if s >= BODY_OFFSET
    ]


def title_spans(hit):
    return [(s, s + n) for spans in hit.positions.values() for s, n in spans if s < BODY_OFFSET]


def snippet(text, hit, width=110, limit=None):
    """The window of `text` with the most query words, highlighted; the start of the text if none.

    `limit`: only text[:limit] is shown (a FAQ's answer, not the 其他问法 indexed after it).
    """
    if limit is not None:
        text = text[:limit]
    spans = sorted((s, e) for s, e in body_spans(hit) if s < len(text))
    if not spans:
        end = min(len(text), width)
        return highlight(text, [], 0, end) + ("…" if end < len(text) else "")
    best_start, best_count = spans[0][0], 0
    for s, _ in spans:
        count = sum(1 for t, _ in spans if s <= t < s + width)
        if count > best_count:
            best_start, best_count = s, count
    start = max(0, best_start - 20)
    para = text.rfind("\n", 0, best_start)
    if para >= start:
        start = para + 1
    end = min(len(text), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + highlight(text, spans, start, end) + suffix)


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def sentences(text):
    """(start, end) of each sentence of `text`, the ending punctuation included."""
    result, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.end()].strip():
            result.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        result.append((start, len(text)))
    return result


def best_passage(query, hit, text):
    """The sentence that best answers the query (with its neighbour when short), highlighted."""
    by_clause = {i: [(s - BODY_OFFSET, n) for s, n in spans if s >= BODY_OFFSET] for i, spans in hit.positions.items()}
    best, best_score = None, 0.0
    spans_of_text = sentences(text)
    for start, end in spans_of_text:
        score = 0.0
        for i, spans in by_clause.items():
            if any(start <= s < end for s, _ in spans):
                score += query.weights[i]
        if score > best_score:
            best, best_score = (start, end), score
    if best is None:
        return None, 0.0
    start, end = best
    if end - start < 40:
        following = [s for s in spans_of_text if s[0] >= end]
        if following and text[end - 1 : end] != "\n":
            end = following[0][1]
    text_spans = [(s, s + n) for spans in by_clause.values() for s, n in spans]
    return highlight(text, text_spans, start, end), best_score


def load_documents(ids):
    docs = {}
    for chunk in _chunks(ids):
        docs.update({d.pk: d for d in SearchDocument.objects.filter(pk__in=chunk)})
    return docs
