"""``clea show`` for people: labelled lines in the reader's language.

``--json`` is for scripts and keeps its stable English keys
(``pipeline/plumbing/views.py``); this is the other reading: French labels
and the vocabularies' French words by default, English ones under an English
locale, dates in local time with their zone, sizes and durations as people
say them, and nothing that looks like Python (no ``None``, no ``{…}``).
"""

from __future__ import annotations

from archive import HistoryEntry, Item, Series
from archive.errors import N_
from archive.vocabulary import AUDIENCES, KINDS, LICENCES, STATUSES
from pipeline.plumbing.i18n import Translate, day, when

NOTHING = "—"

# The English words for what the vocabularies name in French (their codes are English-ish).
_STATUS_EN = {"draft": "Draft", "cleared": "Rights cleared", "published": "Published",
              "withdrawn": "Withdrawn"}

# What an item's history says was done, as the web interface says it.
ACTIONS = {
    "added": N_("Added"),
    "edited": N_("Edited"),
    "cleared": N_("Rights cleared"),
    "withdrawn": N_("Withdrawn"),
    "published": N_("Published"),
    "back-to-draft": N_("Back to draft"),
}


def item_lines(item: Item, history: list[HistoryEntry], series: Series | None,
               language: str, _: Translate) -> list[str]:
    """Every line of ``clea show SLUG``: the item's facts, then its history."""
    rows = _facts(item, series, language, _)
    width = max(len(label) for label, _value in rows)
    lines = []
    for label, value in rows:
        first, *rest = (value or NOTHING).splitlines() or [NOTHING]
        lines.append(f"{label:<{width}}  {first}")
        lines.extend(f"{'':<{width}}  {more}" for more in rest)
    lines.append(_("History"))
    lines.extend(f"  {entry}" for entry in history_lines(history, language, _))
    return lines


def _facts(item: Item, series: Series | None, language: str,
           _: Translate) -> list[tuple[str, str]]:
    fr = language == "fr"
    o = item.original
    return [
        (_("Title"), item.title),
        (_("Slug"), item.slug),
        (_("Series"), f"{series.title} ({item.series})" if series else item.series),
        (_("Status"), STATUSES[item.status] if fr else _STATUS_EN.get(item.status, item.status)),
        (_("Kind"), KINDS.get(item.kind, item.kind) if fr else item.kind),
        (_("Medium"), _(item.medium)),
        (_("Episode"), str(item.episode) if item.episode else ""),
        (_("Description"), item.description),
        (_("Audiences"), _joined([AUDIENCES.get(a, a) if fr else a for a in item.audiences], _)),
        (_("Themes"), _joined(item.themes, _)),
        (_("Place"), item.place),
        (_("Recorded"), day(item.recorded, language) if item.recorded else ""),
        (_("Contributors"), "\n".join(_contributor(c.name, c.role, c.minor, _)
                                      for c in item.contributors)),
        (_("Public credit for minors"), item.group),
        (_("Language"), item.language),
        (_("Licence"), LICENCES.get(item.licence, (item.licence, None))[0]),
        (_("Duration"), duration(o.duration, _)),
        (_("Original"), _("{name}, {format}, {size}").format(
            name=o.name, format=o.format, size=size(o.size, language, _))),
        (_("SHA-256"), o.sha256),
        (_("Transcript"), _present(item.transcript_sha, _)),
        (_("Chapters"), _present(item.chapters_sha, _)),
        (_("Cover"), _present(item.cover_sha, _)),
        (_("First published"), when(item.published_at, language) if item.published_at else ""),
        (_("Added"), when(item.created_at, language)),
        (_("Last changed"), when(item.updated_at, language)),
        (_("GUID"), item.guid),
    ]


def history_lines(history: list[HistoryEntry], language: str, _: Translate) -> list[str]:
    """One line per entry: when, what, who, and the details that matter."""
    lines = []
    for h in history:
        action = _(ACTIONS[h.action]) if h.action in ACTIONS else h.action
        parts = [_("{when}: {action} by {actor}").format(
            when=when(h.at, language), action=action, actor=h.actor or NOTHING)]
        detail = h.detail or {}
        if detail.get("file") and h.action == "added":
            parts.append(_("file {name}").format(name=_quoted(str(detail["file"]), _)))
        if detail.get("form"):
            parts.append(_("signed form {reference}").format(
                reference=_quoted(str(detail["form"]), _)))
        if detail.get("note"):
            parts.append(_("reason: {note}").format(note=detail["note"]))
        if detail.get("fields"):
            parts.append(_("fields: {names}").format(names=", ".join(map(str, detail["fields"]))))
        lines.append(" — ".join(parts))
    return lines


def _contributor(name: str, role: str, minor: bool, _: Translate) -> str:
    if minor:
        return _("{name} ({role}, minor)").format(name=name, role=role)
    return _("{name} ({role})").format(name=name, role=role)


def _joined(values, _: Translate) -> str:
    return _("; ").join(values)


def _quoted(text: str, _: Translate) -> str:
    return _("“{text}”").format(text=text)


def _present(sha: str | None, _: Translate) -> str:
    return _("yes ({sha})").format(sha=sha[:12]) if sha else _("no")


def duration(seconds: float, _: Translate) -> str:
    """« 45 s », « 3 min 05 s », « 1 h 02 min »: the same in both languages but for the spaces."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    if minutes:
        return _("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=secs)
    return _("{seconds} s").format(seconds=secs)


def size(nbytes: int, language: str, _: Translate) -> str:
    """« 3,2 Mo » in French, « 3.2 MB » in English."""
    units: tuple[tuple[str, float], ...] = (
        (_("GB"), 1e9), (_("MB"), 1e6), (_("kB"), 1e3))
    for unit, scale in units:
        if nbytes >= scale:
            value = nbytes / scale
            text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
            text = text.removesuffix(".0")
            return f"{text.replace('.', ',') if language == 'fr' else text}\u00a0{unit}"
    return _("{count} bytes").format(count=nbytes)

