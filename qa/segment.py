"""Chinese segmentation shared by the search index, queries and the 智能问答 matcher.

Stock full-text search treats a run of Han characters as one token, so 低保 is never found inside
"全市低保对象". Everything here goes through one rjieba instance per process, loaded with the
civil-affairs dictionary (dictionary.txt) and the editors' synonym list, so documents and queries
are cut the same way.

Text is normalised in a length-preserving way (full-width ASCII to ASCII, A-Z to a-z), so character
offsets found in normalised text point at the same characters of the original, for highlighting.
"""

import re
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rjieba
from django.core.cache import cache
from django.db import DatabaseError, transaction

DICTIONARY_FILE = Path(__file__).with_name("dictionary.txt")
LEXICON_VERSION_KEY = "qa:lexicon-version"
# Other processes notice a synonym edit within this many seconds.
VERSION_CHECK_SECONDS = 2.0
MAX_TERM_LENGTH = 32
# Prefix of the synthetic term a synonym group is indexed under (never typed by a person).
SYNONYM_PREFIX = "~"

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_FULLWIDTH.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_FULLWIDTH.update({c: c + 32 - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_WORDLIKE = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")

# Function words and question words: they carry no topic, in documents or in questions.
STOPWORDS = frozenset(
    """
    的 了 和 与 及 是 在 对 为 将 把 被 也 并 或 等 之 其 就 都 而 有 着 过 从 向 于 以 由 给 让 这 那 个
    吗 呢 吧 啊 呀 哦 嘛 么 哈 呗 嗯 哪 啥 咋 谁 么样 怎么 怎样 怎么样 如何 什么 哪里 哪儿 哪些 多少 几 吗
    请问 请 想 想要 要 需要 可以 能 能否 能不能 可不可以 是不是 有没有 会不会 应该 一下 一些 问 问问 咨询
    我 你 他 她 它 我们 你们 他们 咱 咱们 自己 本人 我家 家里 现在 还 又 再 已经 没有 没 不 很 就是 还是 还有
    的话 时候 一个 这个 那个 这样 那样 所以 因为 如果 但是 然后 办法 知道 告诉 谢谢 您好 你好 您
    有啥 啥样 咋办 咋样 会 能不 不能 可不可 行不行 行吗 好吗 一下子 东西
    """.split()
)


def normalize(text: str | None) -> str:
    """Full-width ASCII to ASCII and A-Z to a-z; the result has exactly the same length."""
    return (text or "").translate(_FULLWIDTH)


def has_han(text: str | None) -> bool:
    return bool(_HAN.search(text or ""))


def is_indexable(token: str) -> bool:
    return bool(token) and len(token) <= MAX_TERM_LENGTH and bool(_WORDLIKE.search(token)) and token not in STOPWORDS


def parse_synonym_line(text: str) -> list[str]:
    """ "低保 = 最低生活保障, 城乡低保" -> ["低保", "最低生活保障", "城乡低保"] (normalised, de-duplicated)."""
    parts = re.split(r"[=＝,，、;；/|\s]+", normalize(text))
    seen: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part not in seen and len(part) <= MAX_TERM_LENGTH:
            seen.append(part)
    return seen


@dataclass
class Clause:
    """One word of a query: it matches a document through any of its alternatives."""

    token: str
    alternatives: list[str] = field(default_factory=list)
    canonical: str = ""  # the synonym group's key, or the token itself


class Lexicon:
    """The segmenter with its dictionary and the synonym groups, built once per process."""

    def __init__(self, groups: Iterable[list[str]]) -> None:
        self.jieba = rjieba.Jieba()
        self.groups: dict[str, list[str]] = {}  # synthetic term "~canonical" -> list of variants
        self.variant_to_key: dict[str, str] = {}
        for line in DICTIONARY_FILE.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                word = normalize(line.split()[0])
                self.jieba.add_word(word, None, None)
        for variants in groups:
            if len(variants) < 2:
                continue
            key = SYNONYM_PREFIX + variants[0]
            merged = self.groups.setdefault(key, [])
            for variant in variants:
                if variant not in merged:
                    merged.append(variant)
                self.variant_to_key.setdefault(variant, key)
                self.jieba.add_word(variant, None, None)

    # Documents -------------------------------------------------------------------------------
    def index_tokens(self, text: str) -> list[tuple[str, int, int]]:
        """(term, start, length) for every word of `text`, with sub-words and synonym keys."""
        text = normalize(text)
        result: list[tuple[str, int, int]] = []
        for word, start, end in self.jieba.tokenize(text, "search", True):
            if not is_indexable(word):
                continue
            result.append((word, start, end - start))
            key = self.variant_to_key.get(word)
            if key:
                result.append((key, start, end - start))
        return result

    # Queries ---------------------------------------------------------------------------------
    def words(self, text: str) -> list[str]:
        """The coarse words of `text` (no sub-words), stopwords and punctuation dropped."""
        return [w for w in self.jieba.cut(normalize(text), True) if is_indexable(w)]

    def clauses(self, text: str) -> list[list[Clause]]:
        """Query text -> chunks (split on whitespace) of clauses; words of one chunk form a phrase."""
        chunks: list[list[Clause]] = []
        for chunk in normalize(text).split():
            clauses: list[Clause] = []
            for word in self.words(chunk):
                key = self.variant_to_key.get(word)
                alternatives = [word]
                if key:
                    alternatives += [v for v in self.groups[key] if v != word] + [key]
                clauses.append(Clause(word, alternatives, key or word))
            if clauses:
                chunks.append(clauses)
        return chunks

    def canonical_words(self, text: str) -> set[str]:
        """Words and sub-words, with synonyms replaced by their group key: what the FAQ matcher compares."""
        return {self.variant_to_key.get(term, term) for term, _, _ in self.index_tokens(text)}

    def canonical_text(self, text: str) -> str:
        """`text` with each synonym variant replaced by its group's first variant (for bigrams)."""
        text = normalize(text)
        out: list[str] = []
        for word in self.jieba.cut(text, True):
            key = self.variant_to_key.get(word)
            out.append(key[len(SYNONYM_PREFIX) :] if key else word)
        return "".join(out)


_lock = threading.Lock()
_state: dict[str, Any] = {"lexicon": None, "version": None, "checked": 0.0}


def _load_groups() -> list[list[str]]:
    try:
        from .models import SynonymGroup

        with transaction.atomic():
            return [parse_synonym_line(terms) for terms in SynonymGroup.objects.values_list("terms", flat=True)]
    except DatabaseError:
        # No table yet (before migrate): the dictionary alone still works.
        return []


def get_lexicon() -> Lexicon:
    """The process's lexicon; rebuilt when the synonym list changed (here or in another process)."""
    now = time.monotonic()
    lexicon = _state["lexicon"]
    if lexicon is not None and now - _state["checked"] < VERSION_CHECK_SECONDS:
        return lexicon
    with _lock:
        version = cache.get(LEXICON_VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex
            cache.add(LEXICON_VERSION_KEY, version, None)
            version = cache.get(LEXICON_VERSION_KEY) or version
        if _state["lexicon"] is None or version != _state["version"]:
            _state["lexicon"] = Lexicon(_load_groups())
            _state["version"] = version
        _state["checked"] = now
        return _state["lexicon"]


def invalidate_lexicon() -> None:
    """Called when the synonym list changes: rebuild here at once, elsewhere on the next check."""
    with _lock:
        _state["lexicon"] = None
        _state["version"] = None
    cache.set(LEXICON_VERSION_KEY, uuid.uuid4().hex, None)


def index_tokens(text: str) -> list[tuple[str, int, int]]:
    return get_lexicon().index_tokens(text)


def query_clauses(text: str) -> list[list[Clause]]:
    return get_lexicon().clauses(text)
