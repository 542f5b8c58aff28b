"""Flask's session, kept on the server once someone has logged in.

Before log-in there is nothing to keep but the log-in form's CSRF token: it
travels in a signed cookie, so a visitor costs the catalogue nothing. Logging
in replaces that cookie with a new random id whose session lives in the
catalogue (``archive.sessions``): the cookie holds nothing else, is sent once,
and is never pushed back, so using the interface cannot stretch a session
beyond ``[web] session_max_hours``. Logging out deletes the session on the
server: a copied cookie opens nothing afterwards.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from archive import sessions, users
from pipeline.api import accounts
from pipeline.web import csrf
from pipeline.web.context import catalogue, settings

USER_KEY = "user"


class Session(SecureCookieSession):
    """The session dict, plus which stored session (if any) it is."""

    def __init__(self, initial=None, *, session_id: str | None = None,  # noqa: ANN001
                 record: sessions.Session | None = None, dropped: bool = False) -> None:
        super().__init__(initial)
        self.session_id = session_id
        self.record = record
        self.opened = False  # logged in by this request: the cookie is to be sent
        self.dropped = dropped  # the browser's cookie opens nothing: delete it


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def limits() -> tuple[timedelta, timedelta]:
    """(idle, lifetime) from ``[web] session_idle_minutes`` and ``session_max_hours``."""
    s = settings()
    return timedelta(minutes=s.session_idle_minutes), timedelta(hours=s.session_max_hours)


def log_in(session: Session, user: users.User, address: str) -> None:
    """Start a stored session for ``user``, with a new id and a new CSRF token.

    Whatever the browser had before (an anonymous cookie, a session id planted
    by someone else, another account's session) is left behind.
    """
    cat = catalogue()
    if session.session_id:
        accounts.end_session(cat, session.session_id, secret=_secret())
    idle, lifetime = limits()
    session_id, record = accounts.start_session(cat, user, address, secret=_secret(), idle=idle,
                                                lifetime=lifetime)
    session.clear()
    session.update({USER_KEY: user.name, csrf.SESSION_KEY: record.csrf})
    session.session_id, session.record, session.opened = session_id, record, True


def log_out(session: Session) -> None:
    """End the stored session; the browser's cookie is deleted too."""
    if session.session_id:
        accounts.end_session(catalogue(), session.session_id, secret=_secret())
    session.clear()
    session.session_id, session.record, session.opened, session.dropped = None, None, False, True


class SessionInterface(SecureCookieSessionInterface):
    """Stored sessions for those logged in, a signed cookie for the log-in form.

    The cookie is ``Secure`` when the request came over HTTPS (directly, or as a
    trusted reverse proxy says with ``--behind-proxy``), always HttpOnly and
    SameSite=Lax.
    """

    session_class = Session
    salt = "clea-anonymous-session"

    def get_cookie_secure(self, app) -> bool:  # noqa: ANN001 - flask's signature
        return request.is_secure

    def open_session(self, app, request):  # noqa: ANN001 - flask's signature
        value = request.cookies.get(self.get_cookie_name(app), "")
        if sessions.looks_like_id(value):
            idle, lifetime = limits()
            record = accounts.find_session(catalogue(), value, secret=_secret(), idle=idle,
                                           lifetime=lifetime)
            if record is None:
                return Session(dropped=True)
            data = {**record.data, USER_KEY: record.user, csrf.SESSION_KEY: record.csrf}
            return Session(data, session_id=value, record=record)
        return super().open_session(app, request)

    def save_session(self, app, session: Session, response) -> None:  # noqa: ANN001
        name = self.get_cookie_name(app)
        cookie = {"domain": self.get_cookie_domain(app), "path": self.get_cookie_path(app),
                  "secure": self.get_cookie_secure(app),
                  "samesite": self.get_cookie_samesite(app),
                  "httponly": self.get_cookie_httponly(app)}
        if session.accessed:
            response.vary.add("Cookie")
        if session.record is not None:
            if session.modified:
                data = {k: v for k, v in session.items() if k not in (USER_KEY, csrf.SESSION_KEY)}
                accounts.save_session(catalogue(), session.record,
                                      csrf=session.get(csrf.SESSION_KEY) or session.record.csrf,
                                      data=data)
            if session.opened:
                _, lifetime = limits()
                response.set_cookie(name, session.session_id or "",
                                    max_age=int(lifetime.total_seconds()), **cookie)
            return
        if not session:
            if session.modified or session.dropped:
                response.delete_cookie(name, **cookie)
            return
        if session.modified or session.dropped:
            signer = self.get_signing_serializer(app)
            assert signer is not None  # SECRET_KEY is always set (create_app)
            response.set_cookie(name, signer.dumps(dict(session)), **cookie)
