"""Turning catalogue rows into model records (one place for the mapping)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

from .model import Contributor, HistoryEntry, Item, Original, Residence, Series
from .vocabulary import FIGURES

_FIGURE_ORDER = {code: n for n, code in enumerate(FIGURES)}


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def residence(conn: sqlite3.Connection, row: sqlite3.Row) -> Residence:
    def names(table: str) -> tuple[str, ...]:
        rows = conn.execute(
            f"SELECT name FROM {table} WHERE residence_id = ? ORDER BY position", (row["id"],)
        )
        return tuple(r["name"] for r in rows)

    return Residence(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        kind=row["kind"],
        description=row["description"],
        artists=names("residence_artists"),
        places=names("residence_places"),
        themes=names("residence_themes"),
        start=parse_date(row["start_date"]),
        end=parse_date(row["end_date"]),
        figures=figures(conn, row["id"]),
    )


def figures(conn: sqlite3.Connection, residence_id: int) -> tuple[tuple[str, int], ...]:
    rows = conn.execute(
        "SELECT figure, value FROM residence_figures WHERE residence_id = ?", (residence_id,)
    ).fetchall()
    pairs = [(r[0], r[1]) for r in rows]
    return tuple(sorted(pairs, key=lambda p: _FIGURE_ORDER.get(p[0], len(_FIGURE_ORDER))))


def series(row: sqlite3.Row) -> Series:
    return Series(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        medium=row["medium"],
        description=row["description"],
        residence=row["residence_slug"],
        cover_sha=row["cover_sha"],
        numbered=bool(row["numbered"]),
        category=row["category"],
        created_at=parse_time(row["created_at"]),
        intro_sha=row["intro_sha"],
        outro_sha=row["outro_sha"],
    )


def original(row: sqlite3.Row, prefix: str = "") -> Original:
    """An Original from a row of ``originals``, or from its ``o_``-prefixed columns
    in an item query."""
    return Original(
        sha256=row[prefix + "sha256"],
        size=row[prefix + "size"],
        name=row[prefix + "name"],
        medium=row[prefix + "medium"],
        format=row[prefix + "format"],
        duration=row[prefix + "duration"],
        channels=row[prefix + "channels"],
        width=row[prefix + "width"],
        height=row[prefix + "height"],
        pages=row[prefix + "pages"],
    )


ITEM_SELECT = """
SELECT items.*, series.slug AS series_slug,
       o.sha256 AS o_sha256, o.size AS o_size, o.name AS o_name, o.medium AS o_medium,
       o.format AS o_format, o.duration AS o_duration, o.channels AS o_channels,
       o.width AS o_width, o.height AS o_height, o.pages AS o_pages
FROM items
JOIN series ON series.id = items.series_id
JOIN originals o ON o.sha256 = items.original_sha
"""


def items(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Item]:
    """Build Item records for ``rows`` with three grouped look-ups, not 3×N."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids))
    audiences: dict[int, list[str]] = {i: [] for i in ids}
    themes: dict[int, list[str]] = {i: [] for i in ids}
    people: dict[int, list[Contributor]] = {i: [] for i in ids}
    for r in conn.execute(
        f"SELECT item_id, audience FROM item_audiences WHERE item_id IN ({marks}) "
        "ORDER BY audience", ids
    ):
        audiences[r[0]].append(r[1])
    for r in conn.execute(
        f"SELECT item_id, theme FROM item_themes WHERE item_id IN ({marks}) ORDER BY position", ids
    ):
        themes[r[0]].append(r[1])
    for r in conn.execute(
        f"SELECT item_id, name, role, minor FROM contributors WHERE item_id IN ({marks}) "
        "ORDER BY position", ids
    ):
        people[r[0]].append(Contributor(r[1], r[2], bool(r[3])))
    out = []
    for row in rows:
        orig = original(row, "o_")
        out.append(Item(
            id=row["id"],
            slug=row["slug"],
            guid=row["guid"],
            series=row["series_slug"],
            title=row["title"],
            description=row["description"],
            kind=row["kind"],
            audiences=tuple(audiences[row["id"]]),
            themes=tuple(themes[row["id"]]),
            place=row["place"],
            language=row["language"],
            licence=row["licence"],
            contributors=tuple(people[row["id"]]),
            group=row["group_label"],
            recorded=parse_date(row["recorded"]),
            published_at=parse_time(row["published_at"]),
            status=row["status"],
            episode=row["episode"],
            original=orig,
            transcript_sha=row["transcript_sha"],
            chapters_sha=row["chapters_sha"],
            cover_sha=row["cover_sha"],
            created_at=parse_time(row["created_at"]),
            updated_at=parse_time(row["updated_at"]),
            alt=row["alt"],
            revision=row["revision"],
        ))
    return out


def history(row: sqlite3.Row) -> HistoryEntry:
    return HistoryEntry(
        at=parse_time(row["at"]), actor=row["actor"], action=row["action"],
        detail=json.loads(row["detail"] or "{}"),
    )
