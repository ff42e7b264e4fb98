"""Hanyu pinyin for place names, written the way place names are: words joined, each capitalised
(云岭新四军军部旧址 -> Yúnlǐng Xīnsìjūn Jūnbù Jiùzhǐ)."""

import rjieba
from pypinyin import Style, lazy_pinyin


def place_pinyin(name):
    words = [w for w in rjieba.cut(name or "") if w.strip()]
    parts = []
    for word in words:
        syllables = "".join(lazy_pinyin(word, style=Style.TONE, errors="default"))
        parts.append(syllables[:1].upper() + syllables[1:])
    return " ".join(parts)
