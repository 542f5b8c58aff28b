"""Catalogue rows as they leave in a deposit and come back from one.

A deposit (a BagIt bag, see ``pipeline/preserve/bag.py``) must bring an
archive back item for item: same slugs, GUIDs, checksums, dates, episode
numbers and history. The ordinary actions cannot do that (they make new
slugs, GUIDs and time stamps), so this module writes the rows as they were,
in one transaction, into an archive that holds nothing yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .catalogue import Catalogue
from .errors import N_, ClearError
from .model import HistoryEntry, Item, Residence, Series
from .store import Staged


@dataclass(frozen=True)
class StoredFile:
    """A row of ``originals``: one file of the store and what is known about it."""

    sha256: str
    size: int
    name: str
    purpose: str  # media | cover | transcript | chapters
    stored_at: str
    medium: str | None = None
    format: str | None = None
    duration: float | None = None
    channels: int | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class Records:
    """Everything a deposit carries about the catalogue, ready to be written back."""

    residences: list[Residence] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    files: list[StoredFile] = field(default_factory=list)
    history: dict[str, list[HistoryEntry]] = field(default_factory=dict)  # item slug → entries
    archive_history: list[HistoryEntry] = field(default_factory=list)  # residence/series events
    residence_created: dict[str, str] = field(default_factory=dict)  # slug → ISO time stamp


def stored_files(cat: Catalogue, shas: set[str]) -> list[StoredFile]:
    """The ``originals`` rows of ``shas``, in the order they were stored."""
    rows = cat.conn.execute("SELECT * FROM originals ORDER BY stored_at, sha256").fetchall()
    return [StoredFile(
        sha256=r["sha256"], size=r["size"], name=r["name"], purpose=r["purpose"],
        stored_at=r["stored_at"], medium=r["medium"], format=r["format"],
        duration=r["duration"], channels=r["channels"], width=r["width"], height=r["height"],
    ) for r in rows if r["sha256"] in shas]


def archive_history(cat: Catalogue) -> list[HistoryEntry]:
    """Events not tied to an item: residences and series added or edited."""
    from . import records

    rows = cat.conn.execute("SELECT * FROM history WHERE item_id IS NULL ORDER BY id").fetchall()
    return [records.history(r) for r in rows]


def residence_created(cat: Catalogue) -> dict[str, str]:
    """When each residence was added (not part of the ``Residence`` record)."""
    return {r[0]: r[1] for r in cat.conn.execute("SELECT slug, created_at FROM residences")}


def is_empty(cat: Catalogue) -> bool:
    return not any(cat.conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                   for t in ("items", "series", "residences", "originals"))


def load(cat: Catalogue, data: Records, staged: dict[str, Staged]) -> None:
    """Write ``data`` into the empty archive ``cat``, the files from ``staged`` (by sha256).

    One action: if anything is refused, neither the catalogue nor the store keeps
    any of it.
    """
    if not is_empty(cat):
        raise ClearError(N_("a deposit is brought back only into an empty archive "
                            "(create one with `clea init DIR`)"), cat.folder,
                         code="deposit.not-empty")
    with cat.action() as conn:
        for f in data.files:
            if f.sha256 not in staged:
                raise ClearError(N_("the deposit lists the file {sha256} but does not hold it"),
                                 code="deposit.file-missing", sha256=f.sha256)
            conn.execute(
                "INSERT INTO originals (sha256, size, name, purpose, medium, format, duration,"
                " channels, width, height, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (f.sha256, f.size, f.name, f.purpose, f.medium, f.format, f.duration,
                 f.channels, f.width, f.height, f.stored_at),
            )
            _, created = cat.store.commit(staged[f.sha256])
            if created:
                cat._created.append(f.sha256)
        for r in data.residences:
            conn.execute(
                "INSERT INTO residences (id, slug, title, kind, description, start_date,"
                " end_date, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (r.id, r.slug, r.title, r.kind, r.description,
                 r.start.isoformat() if r.start else None,
                 r.end.isoformat() if r.end else None, _residence_created(data, r.slug)),
            )
            for table, values in (("residence_artists", r.artists),
                                  ("residence_places", r.places),
                                  ("residence_themes", r.themes)):
                conn.executemany(
                    f"INSERT INTO {table} (residence_id, position, name) VALUES (?,?,?)",
                    [(r.id, i, v) for i, v in enumerate(values)])
        residence_ids = {r.slug: r.id for r in data.residences}
        for s in data.series:
            conn.execute(
                "INSERT INTO series (id, slug, title, medium, description, residence_id,"
                " cover_sha, numbered, category, created_at, intro_sha, outro_sha)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (s.id, s.slug, s.title, s.medium, s.description,
                 residence_ids.get(s.residence) if s.residence else None, s.cover_sha,
                 int(s.numbered), s.category, s.created_at.isoformat(), s.intro_sha,
                 s.outro_sha),
            )
        series_ids = {s.slug: s.id for s in data.series}
        for it in data.items:
            conn.execute(
                "INSERT INTO items (id, slug, guid, series_id, title, description, kind, place,"
                " language, licence, group_label, recorded, published_at, status, episode,"
                " original_sha, transcript_sha, chapters_sha, cover_sha, created_at, updated_at,"
                " alt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (it.id, it.slug, it.guid, series_ids[it.series], it.title, it.description,
                 it.kind, it.place, it.language, it.licence, it.group,
                 it.recorded.isoformat() if it.recorded else None,
                 it.published_at.isoformat() if it.published_at else None, it.status,
                 it.episode, it.original.sha256, it.transcript_sha, it.chapters_sha,
                 it.cover_sha, it.created_at.isoformat(), it.updated_at.isoformat(), it.alt),
            )
            conn.executemany("INSERT INTO item_audiences (item_id, audience) VALUES (?, ?)",
                             [(it.id, a) for a in it.audiences])
            conn.executemany(
                "INSERT INTO item_themes (item_id, position, theme) VALUES (?, ?, ?)",
                [(it.id, i, t) for i, t in enumerate(it.themes)])
            conn.executemany(
                "INSERT INTO contributors (item_id, position, name, role, minor)"
                " VALUES (?,?,?,?,?)",
                [(it.id, i, c.name, c.role, int(c.minor)) for i, c in enumerate(it.contributors)])
            if it.revision is not None:  # as it was (the inserts above raised it)
                conn.execute("UPDATE items SET revision = ? WHERE id = ? AND revision != ?",
                             (it.revision, it.id, it.revision))
        entries = [(None, h) for h in data.archive_history] + [
            (it.id, h) for it in data.items for h in data.history.get(it.slug, [])]
        entries.sort(key=lambda pair: pair[1].at)
        conn.executemany(
            "INSERT INTO history (item_id, at, actor, action, detail) VALUES (?,?,?,?,?)",
            [(item_id, h.at.isoformat(), h.actor, h.action,
              json.dumps(h.detail, ensure_ascii=False, default=str)) for item_id, h in entries])


def _residence_created(data: Records, slug: str) -> str:
    """When the residence was added: as carried, else from the history, else its first series."""
    if slug in data.residence_created:
        return data.residence_created[slug]
    for h in data.archive_history:
        if h.action == "residence-added" and h.detail.get("residence") == slug:
            return h.at.isoformat()
    firsts = [s.created_at for s in data.series if s.residence == slug]
    return min(firsts).isoformat() if firsts else "1970-01-01T00:00:00+00:00"
