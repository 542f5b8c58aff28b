"""What the media stage made, so a rebuild with nothing changed does nothing.

``derivatives`` holds one row per item and kind of file (``enclosure``,
``poster``): ``key`` names the untagged encode in the cache (a hash of the
original and the settings that shape it), ``tag_key`` the tags last written
onto the site copy, and ``site_size``/``site_mtime_ns`` that copy as it was
left, so a missing or foreign file at the site path is noticed with one stat.

``measurements`` keeps each original's loudness measure: a new loudness target
re-encodes without measuring again.
"""

SQL = """
CREATE TABLE derivatives (
    item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    key           TEXT NOT NULL,
    tag_key       TEXT NOT NULL DEFAULT '',
    path          TEXT NOT NULL,
    mime          TEXT NOT NULL,
    bytes         INTEGER NOT NULL,
    duration      REAL,
    start         REAL NOT NULL DEFAULT 0,
    width         INTEGER,
    height        INTEGER,
    site_size     INTEGER,
    site_mtime_ns INTEGER,
    made_at       TEXT NOT NULL,
    PRIMARY KEY (item_id, kind)
);
CREATE TABLE measurements (
    original_sha TEXT NOT NULL,
    version      INTEGER NOT NULL,
    channels     INTEGER NOT NULL,
    integrated   REAL NOT NULL,
    peak         REAL NOT NULL,
    lra          REAL NOT NULL,
    duration     REAL NOT NULL,
    head         REAL NOT NULL,
    tail         REAL NOT NULL,
    measured_at  TEXT NOT NULL,
    PRIMARY KEY (original_sha, version, channels)
);
"""
