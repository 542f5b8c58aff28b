"""Accounts of the web interface: who may log in, with which role.

Passwords are hashed with scrypt (memory-hard, in the standard library) and a
per-user salt, stored as one self-describing string ``scrypt$n$r$p$salt$hash``
so the cost can be raised later without breaking old accounts. A password is
never stored, printed or logged; checks compare in constant time.

Failed log-ins are counted per account and per address in ``login_attempts``
(migration 0006), so guessing is slowed down even across server restarts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from . import db
from .errors import N_, ClearError

BIBLIOTHECAIRE, RESPONSABLE = "bibliothecaire", "responsable"
ROLES: dict[str, str] = {
    BIBLIOTHECAIRE: "Bibliothécaire",
    RESPONSABLE: "Responsable",
}
MIN_PASSWORD = 8
# scrypt cost: 2**15 x 8 x 128 bytes = 32 MiB of memory and ~0.1 s per check.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_MAXMEM = 128 * 1024 * 1024
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

# Throttling: this many failures in the window lock the account (or address).
WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created_at: datetime
    # A short fingerprint of the stored hash: a session made before a password
    # change no longer matches it, so changing a password logs everyone out.
    stamp: str

    @property
    def is_responsable(self) -> bool:
        return self.role == RESPONSABLE

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


# -- passwords ---------------------------------------------------------------------


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R,
                  p: int = SCRYPT_P) -> str:
    """Return ``scrypt$n$r$p$salt$hash`` (salt and hash in base64)."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, n, r, p)
    return "$".join(("scrypt", str(n), str(r), str(p), _b64(salt), _b64(digest)))


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; never raises on a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=_MAXMEM, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# A hash to check against when the account does not exist, so that an unknown
# name takes as long to refuse as a wrong password.
_DUMMY = None


def _dummy_hash() -> str:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = hash_password(secrets.token_hex(8))
    return _DUMMY


# -- accounts ------------------------------------------------------------------------


def check_name(name: str) -> str:
    if not _NAME_RE.match(name or ""):
        raise ClearError(N_("an account name is 1 to 64 letters, digits, dots, dashes, "
                            "underscores or @, starting with a letter or digit"), name,
                         code="account.bad-name", field="name")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ClearError(N_("the role must be one of: {roles}"), role, code="account.bad-role",
                         field="role", roles=", ".join(ROLES))
    return role


def check_new_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise ClearError(N_("the password must be at least {length} characters long"),
                         code="account.short-password", field="password", length=MIN_PASSWORD)
    if any(ord(ch) < 32 for ch in password):
        raise ClearError(N_("the password contains a control character"),
                         code="account.password-control-character", field="password")
    return password


def add_user(conn: sqlite3.Connection, name: str, role: str, password: str) -> User:
    """Create an account; refuses an existing name, an unknown role or a short password."""
    check_name(name)
    check_role(role)
    hashed = hash_password(check_new_password(password))
    with db.transaction(conn):
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise ClearError(N_("an account with this name already exists"), name,
                             code="account.duplicate", field="name")
        conn.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?,?,?,?)",
                     (name, role, hashed, db.now()))
    return get_user(conn, name)  # type: ignore[return-value]


def set_password(conn: sqlite3.Connection, name: str, password: str) -> User:
    hashed = hash_password(check_new_password(password))
    with db.transaction(conn):
        cur = conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (hashed, name))
        if cur.rowcount == 0:
            raise ClearError(N_("no account with this name (see `clea user list`)"), name,
                             code="account.unknown", field="name")
        conn.execute("DELETE FROM login_attempts WHERE name = ?", (name,))
    return get_user(conn, name)  # type: ignore[return-value]


def remove_user(conn: sqlite3.Connection, name: str) -> None:
    with db.transaction(conn):
        cur = conn.execute("DELETE FROM users WHERE name = ?", (name,))
        if cur.rowcount == 0:
            raise ClearError(N_("no account with this name (see `clea user list`)"), name,
                             code="account.unknown", field="name")


def get_user(conn: sqlite3.Connection, name: str) -> User | None:
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return _user(row) if row else None


def list_users(conn: sqlite3.Connection) -> list[User]:
    return [_user(r) for r in conn.execute("SELECT * FROM users ORDER BY name")]


def _user(row: sqlite3.Row) -> User:
    stamp = hashlib.sha256(row["password_hash"].encode("ascii")).hexdigest()[:16]
    return User(row["name"], row["role"], datetime.fromisoformat(row["created_at"]), stamp)


# -- logging in ------------------------------------------------------------------------


def wait_before_login(conn: sqlite3.Connection, name: str, address: str,
                      now: datetime | None = None) -> int:
    """Seconds to wait before another attempt for this account or address (0: go ahead)."""
    now = now or datetime.now(UTC)
    since = (now - WINDOW).replace(microsecond=0).isoformat()
    last_ok = conn.execute(
        "SELECT MAX(at) FROM login_attempts WHERE name = ? AND ok = 1", (name,)).fetchone()[0]
    by_name = conn.execute(
        "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE name = ? AND ok = 0 AND at >= ?"
        " AND at > ?", (name, since, last_ok or "")).fetchone()
    by_address = conn.execute(
        "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE address = ? AND ok = 0 AND at >= ?",
        (address, since)).fetchone()
    wait = 0
    for (count, first), limit in ((by_name, MAX_FAILURES_PER_ACCOUNT),
                                  (by_address, MAX_FAILURES_PER_ADDRESS)):
        if count >= limit:
            until = datetime.fromisoformat(first) + WINDOW
            wait = max(wait, int((until - now).total_seconds()) + 1)
    return wait


def authenticate(conn: sqlite3.Connection, name: str, password: str, address: str) -> User | None:
    """Check a log-in and record the attempt; ``None`` for any refusal.

    The caller checks ``wait_before_login`` first: a throttled attempt must not
    even be tried, or the limit would still let an attacker learn a password.
    """
    user = get_user(conn, name) if _NAME_RE.match(name or "") else None
    stored = _stored_hash(conn, name) if user else _dummy_hash()
    ok = check_password(password or "", stored) and user is not None
    with db.transaction(conn):
        conn.execute("INSERT INTO login_attempts (at, name, address, ok) VALUES (?,?,?,?)",
                     (db.now(), (name or "")[:64], address[:64], int(ok)))
        old = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0).isoformat()
        conn.execute("DELETE FROM login_attempts WHERE at < ?", (old,))
    return user if ok else None


def _stored_hash(conn: sqlite3.Connection, name: str) -> str:
    row = conn.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
    return row[0] if row else _dummy_hash()
