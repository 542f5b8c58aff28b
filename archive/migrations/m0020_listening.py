"""Listening figures from access logs: daily counts, and the logs already counted.

``listening_daily`` is all that an import keeps of the listeners: per UTC day,
per episode and per app, a number of downloads. No address, no user agent, no
hash of either: the listener key lives only in the memory of one import
(pipeline/services/stats/counting.py). ``app`` is a coarse name ("Apple
Podcasts", "Navigateur Chrome", "autre"), never the user-agent string.

``listening_logs`` recognises a log already imported, so importing it again
counts nothing twice: ``sha256`` and ``size`` of its decompressed content, and
``head`` (the sha256 of its first 64 KiB) to find, cheaply, an earlier import
that a grown file (nginx's ``access.log`` before and after more requests)
starts with; only the bytes after that prefix are read then.
"""

SQL = """
CREATE TABLE listening_daily (
    day       TEXT NOT NULL,
    item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    app       TEXT NOT NULL,
    downloads INTEGER NOT NULL CHECK (downloads >= 0),
    PRIMARY KEY (day, item_id, app)
);
CREATE INDEX listening_daily_item ON listening_daily(item_id, day);
CREATE TABLE listening_logs (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    head        TEXT NOT NULL,
    name        TEXT NOT NULL,
    format      TEXT NOT NULL,
    lines       INTEGER NOT NULL,
    first_at    TEXT,
    last_at     TEXT,
    downloads   INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX listening_logs_head ON listening_logs(head, size);
"""
