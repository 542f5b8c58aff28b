"""Minors' names out of transcripts before they are published.

A transcript of a class podcast often has a child saying their own first
name. Titles and descriptions that name a minor are refused at ingest; a
transcript is the pupils' own words, so instead each name is replaced by a
neutral mark on every public copy (VTT, SRT, text, search index). Matching
ignores case and accents and works on whole words only.
"""

from __future__ import annotations

import re
import unicodedata

MARK = "[élève]"


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in base if not unicodedata.combining(c)).casefold() or ch


def _pattern(name: str) -> str:
    """A regex that matches ``name`` with or without accents, in any case."""
    parts = []
    for ch in name:
        folded = _fold_char(ch)
        if ch.isalpha() and len(folded) == 1:
            variants = {c for c in _ACCENTED.get(folded, folded)} | {ch.lower(), ch.upper()}
            parts.append("[" + "".join(re.escape(v) for v in sorted(variants)) + "]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


_ACCENTED = {
    "a": "aàâäáãåAÀÂÄÁÃÅ", "e": "eéèêëEÉÈÊË", "i": "iîïíìIÎÏÍÌ", "o": "oôöóòõOÔÖÓÒÕ",
    "u": "uùûüúUÙÛÜÚ", "c": "cçCÇ", "y": "yÿýYŸÝ", "n": "nñNÑ",
}


def name_words(names: list[str]) -> list[str]:
    """Full names first, then each part longer than two letters."""
    words: list[str] = []
    for name in names:
        words.append(name.strip())
        words += [w for w in re.split(r"[\s\-']+", name) if len(w) > 2]
    return sorted(set(filter(None, words)), key=len, reverse=True)


def redact(text: str, names: list[str]) -> str:
    """Replace every whole-word occurrence of a minor's name in ``text``."""
    words = name_words(names)
    if not words or not text:
        return text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_pattern(w) for w in words) + r")(?!\w)")
    return pattern.sub(MARK, text)


def first_named(text: str, names: list[str]) -> str | None:
    """The first of ``names`` (or a part of one) that ``text`` holds as a whole word.

    For what cannot be redacted (a document's PDF): the caller holds it back.
    """
    for word in name_words(names):
        if re.search(r"(?<!\w)" + _pattern(word) + r"(?!\w)", text or ""):
            return word
    return None
