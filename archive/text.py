"""Checks on catalogue text before it is stored.

Text is stored exactly as given (accents, any script, markup characters,
very long text): escaping is the renderers' job. Only what can never be
rendered safely is refused: control characters other than newline and tab,
and the non-characters XML 1.0 forbids.
"""

from __future__ import annotations

import re

from .errors import N_, ClearError
from .labels import label

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)
_MAX_TITLE = 5_000
_MAX_TEXT = 1_000_000


def check(value: str, what: str, *, multiline: bool = False, required: bool = False,
          field: str | None = None) -> str:
    """Return ``value`` unchanged if it may be stored, else raise ClearError.

    ``what`` names the text in the message (``labels.LABELS``); ``field`` is the
    form input when it differs from the label's (a residence's list of places).
    """
    if value is None:
        value = ""
    name = label(what)
    field = field or name.field
    if required and not value.strip():
        raise ClearError(N_("{what} is empty"), code="text.empty", field=field, what=name.the)
    match = _FORBIDDEN.search(value)
    if match:
        raise ClearError(N_("{what} contains a control character ({char}) at position {position}"),
                         code="text.control-character", field=field, what=name.the,
                         char=f"U+{ord(match.group()):04X}", position=match.start() + 1)
    if not multiline and ("\n" in value or "\r" in value):
        raise ClearError(N_("{what} must be on one line"), code="text.multiline", field=field,
                         what=name.the)
    limit = _MAX_TEXT if multiline else _MAX_TITLE
    if len(value) > limit:
        raise ClearError(N_("{what} is {length} characters long; the limit is {limit}"),
                         code="text.too-long", field=field, what=name.the, length=len(value),
                         limit=limit)
    return value
