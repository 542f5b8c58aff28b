"""What a user may say about an item, checked before anything is stored.

The CLI, the spreadsheet import and the web form all build ``ItemFields`` and
call ``validated()``, so the three refuse exactly the same things.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from . import text, vocabulary
from .errors import N_, ClearError
from .labels import label
from .model import Contributor

MINOR_WORDS = {"minor", "mineur", "mineure", "m", "enfant", "eleve", "élève"}

# The defaults of a residence and a series, beside those of an item (``ItemFields``):
# every front-end and the catalogue take them from here.
RESIDENCE_KIND = "residence-mission"
SERIES_CATEGORY = "Education"


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
    # A picture's text alternative: what the image shows, for whoever cannot see it
    # (RGAA 1.1). Required before an image is cleared (archive/items.py).
    alt: str = ""

    def validated(self) -> ItemFields:
        """Return a normalised copy, or raise ClearError naming the bad field."""
        checked = dataclasses.replace(
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
            alt=text.check(self.alt, "alt"),
        )
        _refuse_minor_names(checked)
        return checked

    @classmethod
    def given(cls, title: str, **values: object) -> ItemFields:
        """The fields a user gave; one left out (``None`` or empty) takes its default,
        so the CLI and the web form fall back on the defaults above. The title is
        always kept: an empty one is refused by ``validated()``, naming it."""
        return cls(title=title or "",
                   **{k: v for k, v in values.items() if v is not None and v != ""})


def public_view(fields: ItemFields) -> tuple:
    """What of an item's fields can reach a page, a feed or a tag.

    Everything but the minors' names and roles: pupils appear only as the
    group (pipeline/build/public.py), so correcting a pupil's name changes nothing
    public, while naming an adult, or unticking « mineur », does.
    """
    has_minors = any(c.minor for c in fields.contributors)
    return (fields.title, fields.description, fields.kind, frozenset(fields.audiences),
            fields.themes, fields.place, fields.language, fields.licence,
            tuple((c.name, c.role) for c in fields.contributors if not c.minor),
            has_minors, fields.group.strip() if has_minors else "", fields.recorded,
            fields.alt)


def parse_contributor(spec: str) -> Contributor:
    """``"NAME:ROLE[:minor]"`` as the CLI and the spreadsheet give it."""
    parts = [p.strip() for p in (spec or "").split(":")]
    if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 3:
        raise ClearError(N_("contributor {spec!r} must be written NAME:ROLE or NAME:ROLE:minor"),
                         code="contributor.malformed", field="contributors", spec=spec)
    minor = False
    if len(parts) == 3:
        if parts[2].lower() not in MINOR_WORDS:
            raise ClearError(N_("contributor {spec!r}: the third part may only be 'minor'"),
                             code="contributor.bad-minor-mark", field="contributors", spec=spec)
        minor = True
    return Contributor(parts[0], parts[1], minor)


def parse_date(value: str | None, what: str = "date") -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        name = label(what)
        raise ClearError(N_("{what} {value!r} is not a date written YYYY-MM-DD"),
                         code="date.malformed", field=name.field, what=name.the,
                         value=value) from None


def _checked_contributor(c: Contributor) -> Contributor:
    return Contributor(
        text.check(c.name, "contributor name", required=True),
        text.check(c.role, "contributor role", required=True),
        bool(c.minor),
    )


def _refuse_minor_names(fields: ItemFields) -> None:
    """A minor's name in public text would defeat the credits' folding: refuse it.

    Checked on whole words, case- and accent-insensitively, for the full name
    and for each part of it longer than two letters (a first name alone is
    enough to identify a pupil in a small school).
    """
    minors = [c.name for c in fields.contributors if c.minor]
    if not minors:
        return
    public = {"title": fields.title, "description": fields.description, "place": fields.place,
              "group": fields.group, "theme": " ".join(fields.themes), "alt": fields.alt}
    adults = {_fold(c.name) for c in fields.contributors if not c.minor}
    for name in minors:
        words = {_fold(name)} | {_fold(w) for w in re.split(r"[\s\-']+", name) if len(w) > 2}
        for word in words - adults:
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
            for field_name, value in public.items():
                if pattern.search(_fold(value)):
                    raise ClearError(
                        N_("{what} names a minor ({name!r}); pupils are credited only "
                           "through the group (e.g. --group \"élèves de CM2, école X\")"),
                        code="contributor.minor-named", field=label(field_name).field,
                        what=label(field_name).the, name=name)


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _language(value: str) -> str:
    value = (value or "fr").strip().lower()
    if not (2 <= len(value) <= 8 and value.replace("-", "").isalpha() and value.isascii()):
        raise ClearError(N_("the language {value!r} must be a code such as fr or en"),
                         code="item.bad-language", field="language", value=value)
    return value


@dataclass
class Changes:
    """An edit: only the fields that are set change."""

    values: dict[str, object] = field(default_factory=dict)

    def apply_to(self, fields: ItemFields) -> ItemFields:
        unknown = set(self.values) - {f.name for f in dataclasses.fields(ItemFields)}
        if unknown:
            raise ClearError(N_("cannot edit {names}"), code="item.not-editable",
                             names=", ".join(sorted(unknown)))
        return dataclasses.replace(fields, **self.values).validated()
