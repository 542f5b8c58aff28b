"""Schema migrations, applied in order at every open.

Each migration is a module ``mNNNN_name.py`` with ``SQL`` (a script) and an
optional ``def upgrade(conn)`` for data moves. ``PRAGMA user_version`` holds the
last applied number. Migrations are never edited once released: a change to the
schema is a new module, so an archive made today opens after any upgrade.
"""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from types import ModuleType


def available() -> list[tuple[int, ModuleType]]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append((int(info.name[1:5]), module))
    return sorted(found, key=lambda pair: pair[0])


def latest() -> int:
    versions = available()
    return versions[-1][0] if versions else 0


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date, one transaction per migration.

    Applied numbers are listed in ``schema_migrations`` (and the highest is
    mirrored in ``PRAGMA user_version``), so a migration is applied exactly
    once even if a lower number is added after a higher one has run.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY)"
    )
    applied = {row[0] for row in conn.execute("SELECT number FROM schema_migrations")}
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if not applied and current:
        # an archive from before the table existed: everything up to user_version ran
        applied = {n for n, _ in available() if n <= current}
        conn.executemany("INSERT INTO schema_migrations VALUES (?)", [(n,) for n in applied])
    for number, module in available():
        if number in applied:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            sql = getattr(module, "SQL", "")
            for statement in _statements(sql):
                conn.execute(statement)
            upgrade = getattr(module, "upgrade", None)
            if upgrade:
                upgrade(conn)
            conn.execute("INSERT INTO schema_migrations VALUES (?)", (number,))
            conn.execute(f"PRAGMA user_version = {max(number, current)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current = max(number, current)
    return current


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
