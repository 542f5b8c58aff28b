"""Sessions of the web interface, kept on the server (migration 0007).

A session is a random identifier given to the browser at log-in; the catalogue
keeps only its HMAC-SHA256 under the archive's secret (``web-secret``), so a
copy of the catalogue (a backup, say) opens no session, and a new secret ends
every session at once. A session ends at log-out, after ``idle`` without a request,
``lifetime`` after log-in however busy, and as soon as its account is removed
or its password changed. Nothing a browser sends makes it last longer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from . import db, users

# ``last_seen`` is written at most this often: a page polling a job every
# second would otherwise write to the catalogue every second.
TOUCH_EVERY = timedelta(minutes=1)
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Session:
    id_hash: str
    user: str
    csrf: str
    address: str
    created_at: datetime
    last_seen: datetime
    data: dict = field(default_factory=dict)


def looks_like_id(value: str | None) -> bool:
    """Whether a cookie value has the shape of a session id (and may be looked up)."""
    return bool(value) and bool(_ID_RE.match(value))  # type: ignore[arg-type]


def hash_id(session_id: str, secret: str) -> str:
    key = secret.encode("utf-8")
    return hmac.new(key, session_id.encode("ascii"), hashlib.sha256).hexdigest()


def start(conn: sqlite3.Connection, user: users.User, address: str, *, secret: str,
          idle: timedelta, lifetime: timedelta,
          now: datetime | None = None) -> tuple[str, Session]:
    """Open a session for ``user``: its new random id (for the cookie, never stored)
    and the stored session. Sessions that have ended are cleared away first."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    session_id = secrets.token_urlsafe(32)
    record = Session(hash_id(session_id, secret), user.name, secrets.token_urlsafe(32),
                     address[:64], now, now)
    with db.transaction(conn):
        conn.execute("DELETE FROM web_sessions WHERE last_seen < ? OR created_at < ?",
                     ((now - idle).isoformat(), (now - lifetime).isoformat()))
        conn.execute(
            "INSERT INTO web_sessions (id_hash, user, stamp, csrf, address, created_at,"
            " last_seen) VALUES (?,?,?,?,?,?,?)",
            (record.id_hash, user.name, user.stamp, record.csrf, record.address,
             now.isoformat(), now.isoformat()))
    return session_id, record


def find(conn: sqlite3.Connection, session_id: str, *, secret: str, idle: timedelta,
         lifetime: timedelta, now: datetime | None = None) -> Session | None:
    """The open session with this id, marked as used; ``None`` if there is none.

    A session that has ended (idle too long, too old, its account gone or its
    password changed) is deleted as it is found.
    """
    if not looks_like_id(session_id):
        return None
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    key = hash_id(session_id, secret)
    row = conn.execute(
        "SELECT s.*, u.password_hash FROM web_sessions s JOIN users u ON u.name = s.user"
        " WHERE s.id_hash = ?", (key,)).fetchone()
    if row is None:
        return None
    created = datetime.fromisoformat(row["created_at"])
    seen = datetime.fromisoformat(row["last_seen"])
    if (now - seen >= idle or now - created >= lifetime
            or not hmac.compare_digest(row["stamp"], users.stamp(row["password_hash"]))):
        end(conn, session_id, secret=secret)
        return None
    if now - seen >= TOUCH_EVERY:
        with db.transaction(conn):
            conn.execute("UPDATE web_sessions SET last_seen = ? WHERE id_hash = ?",
                         (now.isoformat(), key))
        seen = now
    return Session(key, row["user"], row["csrf"], row["address"], created, seen,
                   json.loads(row["data"]))


def save(conn: sqlite3.Connection, record: Session, *, csrf: str, data: dict) -> None:
    """Keep what the session carries between requests: its CSRF token and messages."""
    with db.transaction(conn):
        conn.execute("UPDATE web_sessions SET csrf = ?, data = ? WHERE id_hash = ?",
                     (csrf, json.dumps(data, ensure_ascii=False), record.id_hash))


def end(conn: sqlite3.Connection, session_id: str, *, secret: str) -> None:
    """End one session (log-out): its id opens nothing from now on."""
    with db.transaction(conn):
        conn.execute("DELETE FROM web_sessions WHERE id_hash = ?",
                     (hash_id(session_id, secret),))
