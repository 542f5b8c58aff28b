"""Logging in and out, who is logged in, and what their role allows.

The session cookie (signed with a secret made once per archive) holds only the
account name, a fingerprint of its password hash and the CSRF token. The
account is read again at every request, so removing it, or changing its
password or role with ``clea user``, takes effect at once.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface

from archive import users
from archive.atomic import write_text
from pipeline.web import csrf
from pipeline.web.context import catalogue

SECRET_NAME = "web-secret"
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable)


def session_secret(folder: Path) -> str:
    """The archive's session secret: made once, kept in a 0600 file, never printed."""
    path = Path(folder) / SECRET_NAME
    if path.exists():
        value = path.read_text(encoding="ascii").strip()
        if len(value) >= 32:
            return value
    value = secrets.token_hex(32)
    write_text(path, value + "\n", mode=0o600)
    return value


class SessionInterface(SecureCookieSessionInterface):
    """Marks the cookie Secure when the request came over HTTPS (directly, or as the
    reverse proxy says when the server runs with ``--behind-proxy``)."""

    def get_cookie_secure(self, app) -> bool:  # noqa: ANN001 - flask's signature
        return request.is_secure


def load_user() -> None:
    """Before every request: who is logged in (``g.user``), or send them to log in."""
    g.user = None
    name = session.get("user")
    if name:
        user = users.get_user(catalogue().conn, name)
        if user is not None and secrets.compare_digest(user.stamp, session.get("stamp", "")):
            g.user = user
        else:
            session.clear()
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if wants_json() or request.method != "GET":
            abort(401)
        return redirect(url_for("auth.login", suivant=request.full_path.rstrip("?")))
    return None


def responsable_only(view: F) -> F:
    """Refuse (403, in French) anyone but a responsable; checked on the server."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if g.user is None or not g.user.is_responsable:
            abort(403)
        return view(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


def wants_json() -> bool:
    return (request.headers.get("X-Requested-With") == "XMLHttpRequest"
            or request.accept_mimetypes.best == "application/json")


def client_address() -> str:
    return request.remote_addr or "inconnue"


def _safe_next(target: str | None) -> str:
    # Only a path on this site: never an address elsewhere (open redirect).
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("items.index")


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if g.user is not None:
            return redirect(_safe_next(request.args.get("suivant")))
        return render_template("login.html", error=None, name="",
                               suivant=request.args.get("suivant", ""))
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    suivant = request.form.get("suivant", "")
    conn = catalogue().conn
    wait = users.wait_before_login(conn, name, client_address())
    if wait:
        minutes = max(1, round(wait / 60))
        error = (f"Trop de tentatives manquées. Réessayez dans {minutes} minute"
                 f"{'s' if minutes > 1 else ''}.")
        return render_template("login.html", error=error, name=name, suivant=suivant), 429
    user = users.authenticate(conn, name, password, client_address())
    if user is None:
        current_app.logger.info("failed log-in for %r from %s", name[:64], client_address())
        return render_template("login.html", error="Identifiant ou mot de passe incorrect.",
                               name=name, suivant=suivant), 401
    session.clear()
    session.permanent = True
    session["user"], session["stamp"] = user.name, user.stamp
    csrf.renew()
    return redirect(_safe_next(suivant))


@bp.route("/deconnexion", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
