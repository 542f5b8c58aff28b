"""Sessions of the web interface, kept on the server.

The browser holds only a random identifier; this table holds its HMAC-SHA256
under the archive's secret (a copy of the catalogue gives no working cookie),
whose session it is, the password stamp it was opened with, its CSRF token,
the address it logged in from, its two clocks (idle and absolute lifetime)
and ``data``, the short messages waiting for the next page. Removing an
account removes its sessions.
"""

SQL = """
CREATE TABLE web_sessions (
    id_hash    TEXT PRIMARY KEY,
    user       TEXT NOT NULL
               REFERENCES users(name) ON DELETE CASCADE ON UPDATE CASCADE,
    stamp      TEXT NOT NULL,
    csrf       TEXT NOT NULL,
    address    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX web_sessions_user ON web_sessions(user);
CREATE INDEX web_sessions_last_seen ON web_sessions(last_seen);
"""
