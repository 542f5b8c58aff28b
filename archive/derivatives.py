"""What the media stage made and measured, kept in the catalogue (migration 0002).

``derivatives``: one row per item and kind of file (the enclosure), naming the
untagged encode in the cache (``key``), the tags last written onto the site
copy (``tag_key``) and that copy's size and mtime as it was left, so a rebuild
notices a missing or foreign file with one stat. ``measurements``: each
original's loudness, so a new loudness target re-encodes without measuring.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .db import now


@dataclass(frozen=True)
class Measurement:
    integrated: float
    peak: float
    lra: float
    duration: float
    head: float
    tail: float


class Derivatives:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def row(self, item_id: int, kind: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT * FROM derivatives WHERE item_id = ? AND kind = ?", (item_id, kind)
        ).fetchone()

    def record_encode(self, item_id: int, kind: str, *, key: str, path: str, mime: str,
                      size: int, duration: float, start: float, width: int | None,
                      height: int | None, lead: float = 0.0, trail: float = 0.0) -> None:
        """A new encode: its site copy is still to be (re)tagged (``tag_key`` empty).

        ``lead`` and ``trail`` are the series' intro and outro joined to it
        (migration 0060), in seconds.
        """
        self.conn.execute(
            "INSERT OR REPLACE INTO derivatives (item_id, kind, key, tag_key, path, mime, bytes,"
            " duration, start, width, height, site_size, site_mtime_ns, made_at, lead, trail)"
            " VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)",
            (item_id, kind, key, path, mime, size, duration, start, width, height, now(),
             lead, trail))

    def record_site_copy(self, item_id: int, kind: str, *, tag_key: str, size: int,
                         mtime_ns: int) -> None:
        self.conn.execute(
            "UPDATE derivatives SET tag_key = ?, bytes = ?, site_size = ?, site_mtime_ns = ?,"
            " made_at = ? WHERE item_id = ? AND kind = ?",
            (tag_key, size, size, mtime_ns, now(), item_id, kind))

    def keys(self) -> set[str]:
        """Every encode some item still refers to (the rest of the cache may go)."""
        return {r[0] for r in self.conn.execute("SELECT key FROM derivatives")}

    def measurement(self, sha256: str, version: int, channels: int) -> Measurement | None:
        row = self.conn.execute(
            "SELECT * FROM measurements WHERE original_sha = ? AND version = ? AND channels = ?",
            (sha256, version, channels)).fetchone()
        if row is None:
            return None
        return Measurement(row["integrated"], row["peak"], row["lra"], row["duration"],
                           row["head"], row["tail"])

    def record_measurement(self, sha256: str, version: int, channels: int,
                           m: Measurement) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO measurements (original_sha, version, channels, integrated,"
            " peak, lra, duration, head, tail, measured_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (sha256, version, channels, m.integrated, m.peak, m.lra, m.duration, m.head,
             m.tail, now()))
