"""Reading the item, residence and series forms into the library's own types.

No checking happens here beyond the shape of the form: the library's
``ItemFields.validated()`` and catalogue methods refuse exactly what the
command line refuses, and their reasons are shown beside the fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from archive import Contributor, Item, ItemFields, parse_date

_ROW_RE = re.compile(r"^contrib-(\d{1,3})-(name|role|minor)$")
ITEM_TEXT_FIELDS = ("title", "description", "kind", "place", "group", "licence", "language",
                    "alt")


@dataclass
class FormErrors:
    """Refusals by field, in French; ``form`` is for the form as a whole."""

    by_field: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def contributors(form: MultiDict) -> tuple[Contributor, ...]:
    """The contributor rows (``contrib-N-name``, ``-role``, ``-minor``), empty rows skipped."""
    rows: dict[int, dict[str, str]] = {}
    for key in form:
        match = _ROW_RE.match(key)
        if match:
            rows.setdefault(int(match[1]), {})[match[2]] = form.get(key, "")
    out = []
    for n in sorted(rows):
        row = rows[n]
        name, role = row.get("name", "").strip(), row.get("role", "").strip()
        if name or role:
            out.append(Contributor(name, role, bool(row.get("minor"))))
    return tuple(out)


def split_list(value: str | None) -> tuple[str, ...]:
    """Themes, artists, places: one per line, or separated by ``;``."""
    parts = re.split(r"[;\n]", value or "")
    return tuple(p.strip() for p in parts if p.strip())


def item_fields(form: MultiDict) -> ItemFields:
    """The add form as ``ItemFields`` (not yet validated); raises ClearError on a bad date."""
    return ItemFields.given(
        title=form.get("title", ""),
        description=_text(form.get("description", "")),
        kind=form.get("kind"),
        audiences=_audiences(form),
        themes=split_list(form.get("themes")),
        place=form.get("place", "").strip(),
        language=form.get("language"),
        licence=form.get("licence"),
        contributors=contributors(form),
        group=form.get("group", "").strip(),
        recorded=parse_date(form.get("recorded"), "recorded date"),
        alt=form.get("alt", "").strip(),
    )


def posted_fields(form: MultiDict) -> set[str]:
    """The item fields this post carries, present even if empty.

    A field missing from the post (an old page, a script, a truncated form) is
    left as it is; a field sent empty is emptied. The form marks its two lists
    with a hidden field, since browsers send nothing for an empty multiple
    select and a form may have no contributor row left.
    """
    present = {name for name in (*ITEM_TEXT_FIELDS, "themes", "recorded", "audiences")
               if name in form}
    if "contributors" in form or any(_ROW_RE.match(key) for key in form):
        present.add("contributors")
    return present


def item_changes(form: MultiDict, item: Item) -> dict[str, object]:
    """The edit form as the changes ``Catalogue.edit_item`` takes: only the fields the
    post carries, and of those only what differs."""
    new = item_fields(form)
    present = posted_fields(form)
    changes: dict[str, object] = {}
    for name in ("title", "description", "kind", "place", "group", "licence", "language",
                 "recorded", "contributors", "themes", "alt"):
        if name in present and getattr(new, name) != getattr(item, name):
            changes[name] = getattr(new, name)
    if "audiences" in present and set(new.audiences) != set(item.audiences):
        changes["audiences"] = new.audiences
    return changes


def item_values(item: Item | None = None, form: MultiDict | None = None) -> dict:
    """What to show in the item form: the posted values, else the item's, else defaults."""
    if form is not None:
        rows = contributors(form)
        return {
            **{name: form.get(name, "") for name in ITEM_TEXT_FIELDS},
            "series": form.get("series", ""), "themes": form.get("themes", ""),
            "recorded": form.get("recorded", ""), "audiences": list(_audiences(form)),
            "contributors": rows, "cleared": bool(form.get("cleared")),
            "form_ref": form.get("form_ref", ""),
        }
    if item is not None:
        return {
            "title": item.title, "description": item.description, "kind": item.kind,
            "place": item.place, "group": item.group, "licence": item.licence,
            "language": item.language, "series": item.series, "alt": item.alt,
            "themes": "; ".join(item.themes),
            "recorded": item.recorded.isoformat() if item.recorded else "",
            "audiences": list(item.audiences), "contributors": item.contributors,
            "cleared": False, "form_ref": "",
        }
    return {"title": "", "description": "", "kind": ItemFields.kind, "place": "", "group": "",
            "licence": ItemFields.licence, "language": ItemFields.language, "series": "",
            "themes": "", "alt": "",
            "recorded": "", "audiences": [], "contributors": (), "cleared": False,
            "form_ref": ""}


def _audiences(form: MultiDict) -> tuple[str, ...]:
    # The form's hidden marker sends one empty value beside the chosen ones.
    return tuple(a for a in form.getlist("audiences") if a)


def _text(value: str) -> str:
    # Browsers send text areas with CRLF line ends; the catalogue keeps LF.
    return value.replace("\r\n", "\n").replace("\r", "\n")
