"""Images and documents: two more media, an alternative text per item, a page count.

``series.medium`` gains ``image`` and ``document``. SQLite cannot change a
CHECK constraint in place, so the series table is rebuilt from its own
definition (whatever later migrations added to it) with the wider list; the
items' foreign keys are deferred to the end of the migration's transaction,
where they point at the rebuilt table again.

``items.alt`` is the text alternative of a picture (RGAA 1.1); ``originals.pages``
the page count of a document, probed at ingest like a recording's duration.
"""

from __future__ import annotations

import sqlite3

_OLD = "CHECK (medium IN ('audio', 'video'))"
_NEW = "CHECK (medium IN ('audio', 'video', 'image', 'document'))"

SQL = """
ALTER TABLE items ADD COLUMN alt TEXT NOT NULL DEFAULT '';
ALTER TABLE originals ADD COLUMN pages INTEGER;
"""


def upgrade(conn: sqlite3.Connection) -> None:
    (create,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'series'").fetchone()
    if _OLD not in create:
        raise RuntimeError(f"unexpected series table, cannot widen its media: {create}")
    columns = ", ".join(r[1] for r in conn.execute("PRAGMA table_info(series)"))
    conn.execute("PRAGMA defer_foreign_keys = ON")
    conn.execute(create.replace(_OLD, _NEW).replace("CREATE TABLE series",
                                                    "CREATE TABLE series_wider", 1))
    conn.execute(f"INSERT INTO series_wider ({columns}) SELECT {columns} FROM series")
    conn.execute("DROP TABLE series")
    conn.execute("ALTER TABLE series_wider RENAME TO series")
