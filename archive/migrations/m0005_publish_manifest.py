"""What ``clea publish`` put on each target: one row per object, per target.

Kept in the catalogue rather than in a JSON file because a publish records
each object as it lands (so a killed publish resumes where it stopped): one
small SQLite row per object is cheap, where a JSON manifest would be rewritten
whole after every upload. The rows describe public files only; no credential
is ever stored here.
"""

SQL = """
CREATE TABLE publish_manifest (
    target       TEXT NOT NULL,
    key          TEXT NOT NULL,
    size         INTEGER NOT NULL,
    mtime_ns     INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    etag         TEXT NOT NULL,
    headers      TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (target, key)
) WITHOUT ROWID;
"""
