"""Checks on catalogue text before it is stored.

Text is stored exactly as given (accents, any script, markup characters,
very long text): escaping is the renderers' job. Only what can never be
rendered safely is refused: control characters other than newline and tab,
and the non-characters XML 1.0 forbids.
"""

from __future__ import annotations

import re

from .errors import ClearError

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)
_MAX_TITLE = 5_000
_MAX_TEXT = 1_000_000


def check(value: str, field: str, *, multiline: bool = False, required: bool = False) -> str:
    """Return ``value`` unchanged if it may be stored, else raise ClearError."""
    if value is None:
        value = ""
    if required and not value.strip():
        raise ClearError(f"the {field} is empty")
    match = _FORBIDDEN.search(value)
    if match:
        code = f"U+{ord(match.group()):04X}"
        raise ClearError(f"the {field} contains a control character ({code}) at position {match.start() + 1}")
    if not multiline and ("\n" in value or "\r" in value):
        raise ClearError(f"the {field} must be on one line")
    limit = _MAX_TEXT if multiline else _MAX_TITLE
    if len(value) > limit:
        raise ClearError(f"the {field} is {len(value)} characters long; the limit is {limit}")
    return value
