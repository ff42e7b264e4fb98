"""Finding listed words in citizens' and editors' text despite common disguises.

Used for comment flagging and for the checks before publishing. Text is normalised before
matching: full-width forms to half-width (NFKC), lower case, and anything that is neither a Han
character nor a letter/digit removed, so `敏 感`, `敏*感` and `ＡＢＣ` still match. Latin letters or
digits wedged between Han characters (`敏a感`) are dropped too. Latin words match whole words only.
"""

import re
import unicodedata

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_not_word = re.compile(rf"[^{HAN}a-z0-9]+")
_wedged = re.compile(rf"(?<=[{HAN}])[a-z0-9]{{1,3}}(?=[{HAN}])")


def normalise(text):
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _not_word.sub("", text)
    return _wedged.sub("", text)


def find_words(text, words):
    """Return the listed words (as written in the list) that occur in `text`."""
    if not text or not words:
        return []
    folded = normalise(text)
    plain = " " + re.sub(rf"[^{HAN}a-z0-9]+", " ", unicodedata.normalize("NFKC", text).lower()) + " "
    found = []
    for word in words:
        key = normalise(word)
        if not key:
            continue
        if re.fullmatch(r"[a-z0-9]+", key):
            if re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", plain):
                found.append(word)
        elif key in folded:
            found.append(word)
    return found
