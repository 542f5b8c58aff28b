"""Listening figures as the catalogue keeps them (migration 0020).

Counts only: per UTC day, episode and app. The rows an import adds and the logs
it recognised are written in the caller's transaction, so an import is all or
nothing. Reading is by plain SQL sums over that one table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from .db import now


@dataclass(frozen=True)
class ImportedLog:
    """A log whose requests are already counted: its content, by hash and size."""

    sha256: str
    size: int
    head: str
    name: str
    format: str
    lines: int
    first_at: str | None
    last_at: str | None
    downloads: int


def imported(conn: sqlite3.Connection, sha256: str) -> ImportedLog | None:
    row = conn.execute("SELECT * FROM listening_logs WHERE sha256 = ?", (sha256,)).fetchone()
    return _log(row) if row else None


def any_imported(conn: sqlite3.Connection) -> bool:
    """Whether any access log was ever imported: without one there are no listening
    figures at all, which is not the same as none in a year."""
    return conn.execute("SELECT 1 FROM listening_logs LIMIT 1").fetchone() is not None


def with_head(conn: sqlite3.Connection, head: str) -> list[ImportedLog]:
    """Logs whose first 64 KiB hash to ``head``: the candidates a new file may extend,
    longest first."""
    rows = conn.execute("SELECT * FROM listening_logs WHERE head = ? ORDER BY size DESC",
                        (head,)).fetchall()
    return [_log(r) for r in rows]


def smaller_than(conn: sqlite3.Connection, size: int) -> list[ImportedLog]:
    rows = conn.execute("SELECT * FROM listening_logs WHERE size < ? ORDER BY size DESC",
                        (size,)).fetchall()
    return [_log(r) for r in rows]


def record_log(conn: sqlite3.Connection, log: ImportedLog) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO listening_logs (sha256, size, head, name, format, lines, first_at,"
        " last_at, downloads, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (log.sha256, log.size, log.head, log.name, log.format, log.lines, log.first_at,
         log.last_at, log.downloads, now()))


def add_counts(conn: sqlite3.Connection, counts: Iterable[tuple[str, int, str, int]]) -> None:
    """Add ``(day, item_id, app, downloads)`` to what is already counted."""
    conn.executemany(
        "INSERT INTO listening_daily (day, item_id, app, downloads) VALUES (?,?,?,?)"
        " ON CONFLICT (day, item_id, app) DO UPDATE SET downloads = downloads + excluded.downloads",
        list(counts))


def _log(row: sqlite3.Row) -> ImportedLog:
    return ImportedLog(row["sha256"], row["size"], row["head"], row["name"], row["format"],
                       row["lines"], row["first_at"], row["last_at"], row["downloads"])
