"""Residence figures: reading and checking what a residence did, as counts.

A figure is a code of ``vocabulary.FIGURES`` and a whole number of 0 or more.
Input is forgiving about the code ("Élèves", "eleves") and about French
thousands separators ("2 300"), and strict about the number: "12.5", "-3",
"douze" or "1e3" are refused with the figure named, so nothing half-right is
ever stored. ``None`` means "not recorded" (and removes a recorded figure).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from slugify import slugify

from .errors import N_, ClearError
from .vocabulary import FIGURES, PEOPLE_FIGURES

# Far above any residence (the article's largest is 738 pupils), far below
# SQLite's integers: a typo like 7380000000 is caught, not stored.
LIMIT = 1_000_000_000
_DIGITS = re.compile(r"[0-9]+")
_SPACES = re.compile(r"[ \u00a0\u202f]")

Figures = dict[str, int | None]


def figure_code(name: str, subject: str | None = None) -> str:
    """The vocabulary code for ``name``, or a refusal listing the choices."""
    code = slugify(name or "")
    if code not in FIGURES:
        raise ClearError(N_("unknown figure '{figure}'; choose one of: {choices}"), subject,
                         code="figure.unknown", field="figures", figure=name,
                         choices=", ".join(FIGURES))
    return code


def figure_value(code: str, raw: object, subject: str | None = None) -> int | None:
    """A whole number ≥ 0 from ``raw`` (text or int); ``None`` for an empty text."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _not_whole(code, raw, subject)
    if isinstance(raw, str):
        text = _SPACES.sub("", raw.strip())
        if not text:
            return None
        if not _DIGITS.fullmatch(text):
            raise _not_whole(code, raw, subject)
        value = int(text)
    else:
        value = raw
    if value < 0:
        raise _not_whole(code, raw, subject)
    if value > LIMIT:
        raise ClearError(N_("figure {figure}: {value} is too large (at most {limit})"), subject,
                         code="figure.too-large", field=f"figure-{code}", figure=code,
                         value=value, limit=LIMIT)
    return value


def _not_whole(code: str, raw: object, subject: str | None) -> ClearError:
    return ClearError(N_("figure {figure}: '{value}' is not a whole number of 0 or more"),
                      subject, code="figure.not-whole", field=f"figure-{code}", figure=code,
                      value=raw)


def parse_assignment(text: str, subject: str | None = None) -> tuple[str, int | None]:
    """``"eleves=738"`` → ``("eleves", 738)``; ``"eleves="`` → ``("eleves", None)``."""
    name, sep, raw = (text or "").partition("=")
    if not sep or not name.strip():
        raise ClearError(N_("'{value}' is not a figure written KEY=N (for example eleves=738)"),
                         subject, code="figure.malformed", field="figures", value=text)
    code = figure_code(name.strip(), subject)
    return code, figure_value(code, raw, subject)


def parse_assignments(texts: tuple[str, ...] | list[str],
                      subject: str | None = None) -> Figures:
    """Several ``KEY=N``; a key given twice keeps its last value, as options do."""
    out: Figures = {}
    for text in texts:
        code, value = parse_assignment(text, subject)
        out[code] = value
    return out


def checked(figures: Mapping[str, object], subject: str | None = None) -> Figures:
    """Every key a known code, every value a whole number ≥ 0 or ``None``."""
    out: Figures = {}
    for name, raw in figures.items():
        code = figure_code(name, subject)
        out[code] = figure_value(code, raw, subject)
    return out


def people(figures: Mapping[str, int]) -> int:
    """The « personnes impliquées » of some figures: the sum of those that count people."""
    return sum(figures.get(code, 0) for code in PEOPLE_FIGURES)
