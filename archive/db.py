"""The SQLite connection: WAL, foreign keys, migrations, one transaction per action."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from . import migrations
from .errors import N_, ClearError


def now() -> str:
    """The time stamp stored everywhere: UTC, ISO 8601, seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def connect(path: Path) -> sqlite3.Connection:
    """Open (and upgrade) the catalogue at ``path``."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 30000")
    except sqlite3.DatabaseError as exc:
        raise ClearError(N_("cannot open the catalogue ({error})"), path,
                         code="catalogue.unreadable", error=str(exc)) from exc
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > migrations.latest():
        conn.close()
        raise ClearError(
            N_("this catalogue has schema version {version}, newer than this clea "
               "({latest}); upgrade clea"),
            path, code="catalogue.too-new", version=version, latest=migrations.latest(),
        )
    migrations.migrate(conn)
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action, all or nothing. Nested use joins the outer transaction."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
