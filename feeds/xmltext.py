"""Text made safe for XML 1.0 before it reaches feedgen or lxml.

XML 1.0 allows only tab, newline, carriage return and the characters from
U+0020 up, minus the surrogates and U+FFFE/U+FFFF. Catalogue text may carry
others (a control character pasted from a word processor, a lone surrogate
from a broken spreadsheet export): lxml refuses them outright and a feed
with one is not well-formed, so they are dropped here. Everything else,
right-to-left marks included, is kept as it is; escaping ``<`` and ``&`` is
lxml's job when it serialises.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str | None) -> str:
    """``text`` without the characters XML 1.0 forbids ("" for None)."""
    if not text:
        return ""
    return _FORBIDDEN.sub("", text)


def clip(text: str, limit: int) -> str:
    """``clean(text)`` cut to ``limit`` characters, on a word when it can.

    For the Podcasting 2.0 node values that aggregators truncate past 128
    characters (person, location): better a clean cut than theirs.
    """
    text = clean(text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"
