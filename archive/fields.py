"""What a user may say about an item, checked before anything is stored.

The CLI, the spreadsheet import and the web form all build ``ItemFields`` and
call ``validated()``, so the three refuse exactly the same things.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from . import text, vocabulary
from .errors import ClearError
from .model import Contributor

MINOR_WORDS = {"minor", "mineur", "mineure", "m", "enfant", "eleve", "élève"}


@dataclass
class ItemFields:
    title: str
    description: str = ""
    kind: str = "podcast"
    audiences: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    place: str = ""
    language: str = "fr"
    licence: str = vocabulary.DEFAULT_LICENCE
    contributors: tuple[Contributor, ...] = ()
    group: str = ""
    recorded: date | None = None

    def validated(self) -> ItemFields:
        """Return a normalised copy, or raise ClearError naming the bad field."""
        return dataclasses.replace(
            self,
            title=text.check(self.title, "title", required=True),
            description=text.check(self.description, "description", multiline=True),
            kind=vocabulary.kind(self.kind),
            audiences=tuple(dict.fromkeys(vocabulary.audience(a) for a in self.audiences)),
            themes=tuple(text.check(t, "theme", required=True) for t in self.themes),
            place=text.check(self.place, "place"),
            language=_language(self.language),
            licence=vocabulary.licence(self.licence),
            contributors=tuple(_checked_contributor(c) for c in self.contributors),
            group=text.check(self.group, "group"),
        )


def parse_contributor(spec: str) -> Contributor:
    """``"NAME:ROLE[:minor]"`` as the CLI and the spreadsheet give it."""
    parts = [p.strip() for p in (spec or "").split(":")]
    if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 3:
        raise ClearError(f"contributor {spec!r} must be written NAME:ROLE or NAME:ROLE:minor")
    minor = False
    if len(parts) == 3:
        if parts[2].lower() not in MINOR_WORDS:
            raise ClearError(f"contributor {spec!r}: the third part may only be 'minor'")
        minor = True
    return Contributor(parts[0], parts[1], minor)


def parse_date(value: str | None, what: str = "date") -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ClearError(f"the {what} {value!r} is not a date written YYYY-MM-DD") from None


def _checked_contributor(c: Contributor) -> Contributor:
    return Contributor(
        text.check(c.name, "contributor name", required=True),
        text.check(c.role, "contributor role", required=True),
        bool(c.minor),
    )


def _language(value: str) -> str:
    value = (value or "fr").strip().lower()
    if not (2 <= len(value) <= 8 and value.replace("-", "").isalpha() and value.isascii()):
        raise ClearError(f"the language {value!r} must be a code such as fr or en")
    return value


@dataclass
class Changes:
    """An edit: only the fields that are set change."""

    values: dict[str, object] = field(default_factory=dict)

    def apply_to(self, fields: ItemFields) -> ItemFields:
        unknown = set(self.values) - {f.name for f in dataclasses.fields(ItemFields)}
        if unknown:
            raise ClearError(f"cannot edit {', '.join(sorted(unknown))}")
        return dataclasses.replace(fields, **self.values).validated()
