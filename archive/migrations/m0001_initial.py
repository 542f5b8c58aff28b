"""The first schema: residences, series, items, contributors, originals, history, users, jobs."""

SQL = """
CREATE TABLE residences (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'residence-mission',
    description TEXT NOT NULL DEFAULT '',
    start_date  TEXT,
    end_date    TEXT,
    created_at  TEXT NOT NULL
);
CREATE TABLE residence_artists (
    residence_id INTEGER NOT NULL REFERENCES residences(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    PRIMARY KEY (residence_id, position)
);
CREATE TABLE residence_places (
    residence_id INTEGER NOT NULL REFERENCES residences(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    PRIMARY KEY (residence_id, position)
);
CREATE TABLE residence_themes (
    residence_id INTEGER NOT NULL REFERENCES residences(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    PRIMARY KEY (residence_id, position)
);
CREATE TABLE originals (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    name       TEXT NOT NULL,
    purpose    TEXT NOT NULL,            -- media | cover | transcript | chapters
    medium     TEXT,                     -- audio | video, for media
    format     TEXT,
    duration   REAL,
    channels   INTEGER,
    width      INTEGER,
    height     INTEGER,
    stored_at  TEXT NOT NULL
);
CREATE TABLE series (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    medium       TEXT NOT NULL CHECK (medium IN ('audio', 'video')),
    description  TEXT NOT NULL DEFAULT '',
    residence_id INTEGER REFERENCES residences(id),
    cover_sha    TEXT REFERENCES originals(sha256),
    numbered     INTEGER NOT NULL DEFAULT 1,
    category     TEXT NOT NULL DEFAULT 'Education',
    created_at   TEXT NOT NULL
);
CREATE TABLE items (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    guid           TEXT NOT NULL UNIQUE,
    series_id      INTEGER NOT NULL REFERENCES series(id),
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT 'fr',
    licence        TEXT NOT NULL,
    group_label    TEXT NOT NULL DEFAULT '',
    recorded       TEXT,
    published_at   TEXT,
    status         TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'cleared', 'published', 'withdrawn')),
    episode        INTEGER NOT NULL,
    original_sha   TEXT NOT NULL UNIQUE REFERENCES originals(sha256),
    transcript_sha TEXT REFERENCES originals(sha256),
    chapters_sha   TEXT REFERENCES originals(sha256),
    cover_sha      TEXT REFERENCES originals(sha256),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX items_series ON items(series_id);
CREATE INDEX items_status ON items(status);
CREATE TABLE item_audiences (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    PRIMARY KEY (item_id, audience)
);
CREATE TABLE item_themes (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    theme    TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);
CREATE TABLE contributors (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL,
    minor    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (item_id, position)
);
CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX history_item ON history(item_id);
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('bibliothecaire', 'responsable')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    params       TEXT NOT NULL DEFAULT '{}',
    state        TEXT NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'running', 'done', 'failed')),
    requested_by TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    started_at   TEXT,
    finished_at  TEXT,
    progress     REAL NOT NULL DEFAULT 0,
    log          TEXT NOT NULL DEFAULT '',
    result       TEXT NOT NULL DEFAULT '{}'
);
"""
