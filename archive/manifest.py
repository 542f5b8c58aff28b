"""The publish manifest: what each target holds, as far as clea put it there.

Rows live in the catalogue (table ``publish_manifest``, migration 0005), one
per object and target. Each row is written in its own short transaction as
soon as its object has landed, and removed as soon as its deletion has, so a
killed publish leaves a manifest that is true of the target and the next run
picks up where it stopped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .db import now, transaction


@dataclass(frozen=True)
class Entry:
    """One published object: the local file it came from and what the target said."""

    key: str
    size: int
    mtime_ns: int
    sha256: str
    etag: str
    headers: str


class Manifest:
    """The rows of one target. Call from one thread (the publish's main thread)."""

    def __init__(self, conn: sqlite3.Connection, target: str) -> None:
        self.conn = conn
        self.target = target

    def entries(self) -> dict[str, Entry]:
        rows = self.conn.execute(
            "SELECT key, size, mtime_ns, sha256, etag, headers FROM publish_manifest"
            " WHERE target = ?", (self.target,),
        )
        return {r[0]: Entry(*r) for r in rows}

    def record(self, entry: Entry) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO publish_manifest (target, key, size, mtime_ns, sha256, etag,"
            " headers, published_at) VALUES (?,?,?,?,?,?,?,?)",
            (self.target, entry.key, entry.size, entry.mtime_ns, entry.sha256, entry.etag,
             entry.headers, now()),
        )

    def touch(self, entries: list[Entry]) -> None:
        """Same bytes, new time stamp (a rebuild rewrote the file): remember the
        new stat so the next run need not hash it again. One transaction."""
        if not entries:
            return
        with transaction(self.conn) as conn:
            conn.executemany(
                "UPDATE publish_manifest SET size = ?, mtime_ns = ? WHERE target = ? AND key = ?",
                [(e.size, e.mtime_ns, self.target, e.key) for e in entries],
            )

    def forget(self, key: str) -> None:
        self.conn.execute(
            "DELETE FROM publish_manifest WHERE target = ? AND key = ?", (self.target, key)
        )
