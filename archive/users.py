"""Accounts of the web interface: who may log in, with which role.

Passwords are hashed with scrypt (memory-hard, in the standard library) and a
per-user salt, stored as one self-describing string ``scrypt$n$r$p$salt$hash``
so the cost can be raised later without breaking old accounts. A password is
never stored, printed or logged; checks compare in constant time.

Failed log-ins are counted in ``login_attempts`` (migration 0006), so guessing
is slowed down even across server restarts. Following OWASP's authentication
guidance, nobody is locked out: an account tried from one address, an address
trying many accounts, and an account under attack from many addresses each
earn a growing wait, but a right password from an address that has not failed
on that account goes through, so a stranger cannot lock a librarian out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
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

# Throttling: failures older than WINDOW are forgotten. Past each limit, the
# next attempt waits FIRST_DELAY after the last failure, twice as long after
# each further failure, never more than MAX_DELAY.
WINDOW = timedelta(hours=1)
MAX_FAILURES_PER_PAIR = 5  # one account from one address
MAX_FAILURES_PER_ACCOUNT = 10  # one account from every address (counts for those that failed)
MAX_FAILURES_PER_ADDRESS = 20  # one address, every account
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)


class TooManyAttempts(Exception):
    """Too many failures: this attempt was not even checked; ``wait`` seconds to go."""

    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(f"too many failed log-ins; try again in {wait} s")


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
        # Sessions opened with the old password end now (their stamp no longer
        # matches either, but a session should not outlive the reason for it).
        conn.execute("DELETE FROM web_sessions WHERE user = ?", (name,))
    return get_user(conn, name)  # type: ignore[return-value]


def remove_user(conn: sqlite3.Connection, name: str) -> None:
    with db.transaction(conn):
        conn.execute("DELETE FROM web_sessions WHERE user = ?", (name,))
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
    return User(row["name"], row["role"], datetime.fromisoformat(row["created_at"]),
                stamp(row["password_hash"]))


def stamp(password_hash: str) -> str:
    """The short fingerprint of a stored hash that a session is checked against."""
    return hashlib.sha256(password_hash.encode("ascii")).hexdigest()[:16]


# -- logging in ------------------------------------------------------------------------


def wait_before_login(conn: sqlite3.Connection, name: str, address: str,
                      now: datetime | None = None) -> int:
    """Seconds this address must wait before trying this account again (0: go ahead).

    Three counts, each over the last ``WINDOW``: failures on this account from
    this address since its last success here; failures from this address on any
    account; failures on this account from anywhere, which only slow down an
    address that has itself failed on it (the librarian at her usual desk is
    never kept out by someone else's failures).
    """
    now = now or datetime.now(UTC)
    name, address = name[:64], address[:64]
    since = _iso(now - WINDOW)
    last_ok = conn.execute(
        "SELECT MAX(at) FROM login_attempts WHERE name = ? AND address = ? AND ok = 1",
        (name, address)).fetchone()[0] or ""
    mine = conn.execute(
        "SELECT COUNT(*), MAX(at) FROM login_attempts"
        " WHERE name = ? AND address = ? AND ok = 0 AND at >= ? AND at > ?",
        (name, address, since, last_ok)).fetchone()
    from_address = conn.execute(
        "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE address = ? AND ok = 0 AND at >= ?",
        (address, since)).fetchone()
    checks = [(mine[0], mine[1], MAX_FAILURES_PER_PAIR),
              (from_address[0], from_address[1], MAX_FAILURES_PER_ADDRESS)]
    if mine[0]:
        on_account = conn.execute(
            "SELECT COUNT(*) FROM login_attempts WHERE name = ? AND ok = 0 AND at >= ?",
            (name, since)).fetchone()[0]
        # Measured from this address's own last failure: the wait stays bounded
        # however long strangers keep failing on the account.
        checks.append((on_account, mine[1], MAX_FAILURES_PER_ACCOUNT))
    wait = 0.0
    for count, last, limit in checks:
        if count >= limit:
            delay = min(MAX_DELAY, FIRST_DELAY * 2 ** min(count - limit, 16))
            wait = max(wait, (datetime.fromisoformat(last) + delay - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def authenticate(conn: sqlite3.Connection, name: str, password: str, address: str) -> User | None:
    """Check a log-in and record the attempt; ``None`` for a wrong name or password.

    Raises ``TooManyAttempts`` without checking anything when this address must
    wait: a throttled attempt is never tried, or the limit would still let an
    attacker learn a password. The wait is decided and the attempt counted (as a
    failure until the password proves right) in one ``BEGIN IMMEDIATE``
    transaction, so attempts sent at the same moment count against each other
    and the limits hold under any concurrency; the slow hash is checked after.
    """
    name, address = (name or "")[:64], address[:64]
    with db.transaction(conn):
        wait = wait_before_login(conn, name, address)
        if wait:
            raise TooManyAttempts(wait)
        attempt = conn.execute(
            "INSERT INTO login_attempts (at, name, address, ok) VALUES (?,?,?,0)",
            (db.now(), name, address)).lastrowid
        old = _iso(datetime.now(UTC) - timedelta(days=1))
        conn.execute("DELETE FROM login_attempts WHERE at < ?", (old,))
    user = get_user(conn, name) if _NAME_RE.match(name) else None
    stored = _stored_hash(conn, name) if user else _dummy_hash()
    ok = check_password(password or "", stored) and user is not None
    if ok:
        with db.transaction(conn):
            conn.execute("UPDATE login_attempts SET ok = 1 WHERE id = ?", (attempt,))
    return user if ok else None


def _iso(when: datetime) -> str:
    return when.replace(microsecond=0).isoformat()


def _stored_hash(conn: sqlite3.Connection, name: str) -> str:
    row = conn.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
    return row[0] if row else _dummy_hash()
