"""Accounts of the web interface, and what the web needs before anyone acts.

``Accounts`` are the ``Library`` methods (``clea user …``). The module-level
functions serve the web interface's gate, which works before there is an
actor: checking a password, and the stored sessions of those logged in. They
take the request's ``Catalogue`` so no front-end reaches into its connection.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from archive import N_, Catalogue, ClearError, sessions, users

if TYPE_CHECKING:
    from pipeline.api.library import Library


class Accounts:
    """The account actions of ``Library``."""

    def add_account(self: Library, name: str, role: str, password: Callable[[], str]
                    ) -> users.User:
        """Create the account; ``password`` is asked only once the name is known to
        be free and well formed (nobody types a password twice for nothing)."""
        conn = self.catalogue.conn
        users.check_name(name)
        users.check_role(role)
        if users.get_user(conn, name):
            raise ClearError(N_("an account with this name already exists"), name,
                             code="account.duplicate", field="name")
        return users.add_user(conn, name, role, password())

    def accounts(self: Library) -> list[users.User]:
        return users.list_users(self.catalogue.conn)

    def remove_account(self: Library, name: str) -> None:
        """Remove it and end its sessions; its past actions stay in the history."""
        users.remove_user(self.catalogue.conn, name)

    def set_password(self: Library, name: str, password: Callable[[], str]) -> users.User:
        """A new password (asked once the account is known); its open sessions end."""
        conn = self.catalogue.conn
        if users.get_user(conn, name) is None:
            raise ClearError(N_("no account with this name (see `clea user list`)"), name,
                             code="account.unknown", field="name")
        return users.set_password(conn, name, password())


def account(cat: Catalogue, name: str) -> users.User | None:
    return users.get_user(cat.conn, name)


def has_accounts(cat: Catalogue) -> bool:
    return bool(users.list_users(cat.conn))


def authenticate(cat: Catalogue, name: str, password: str, address: str) -> users.User | None:
    """The account if the password is right (raises ``users.TooManyAttempts``)."""
    return users.authenticate(cat.conn, name, password, address)


def start_session(cat: Catalogue, user: users.User, address: str, *, secret: str,
                  idle: timedelta, lifetime: timedelta) -> tuple[str, sessions.Session]:
    return sessions.start(cat.conn, user, address, secret=secret, idle=idle, lifetime=lifetime)


def find_session(cat: Catalogue, session_id: str, *, secret: str, idle: timedelta,
                 lifetime: timedelta) -> sessions.Session | None:
    return sessions.find(cat.conn, session_id, secret=secret, idle=idle, lifetime=lifetime)


def save_session(cat: Catalogue, record: sessions.Session, *, csrf: str, data: dict) -> None:
    sessions.save(cat.conn, record, csrf=csrf, data=data)


def end_session(cat: Catalogue, session_id: str, *, secret: str) -> None:
    sessions.end(cat.conn, session_id, secret=secret)
