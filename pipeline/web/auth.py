"""Logging in and out, who is logged in, and what their role allows.

A session lives on the server (``sessions``), the cookie holds only its random
id. The account is read again at every request, so removing it, or changing
its password or role with ``clea user``, takes effect at once.

Failed log-ins, and attempts refused for too many failures, are logged as
warnings of the ``clea.web`` logger (name and address, never the password);
``clea web`` sends them to stderr.
"""

from __future__ import annotations

import functools
import logging
import secrets
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from flask import (
    Blueprint,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from archive import users
from archive.atomic import write_text
from pipeline.api import accounts
from pipeline.web import sessions
from pipeline.web.context import catalogue

SECRET_NAME = "web-secret"
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})
MAX_TARGET = 2000
# What a path or query may keep as it is when rebuilt; anything else is %-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"

bp = Blueprint("auth", __name__)
log = logging.getLogger("clea.web")
F = TypeVar("F", bound=Callable)


def session_secret(folder: Path) -> str:
    """The archive's secret (signs the log-in form's cookie): made once, kept in a
    0600 file, never printed."""
    path = Path(folder) / SECRET_NAME
    if path.exists():
        value = path.read_text(encoding="ascii").strip()
        if len(value) >= 32:
            return value
    value = secrets.token_hex(32)
    write_text(path, value + "\n", mode=0o600)
    return value


def load_user() -> None:
    """Before every request: who is logged in (``g.user``), or send them to log in."""
    g.user = None
    record = getattr(session, "record", None)
    if record is not None:
        g.user = accounts.account(catalogue(), record.user)
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


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site, rebuilt, or the list.

    The target comes from the address (``?suivant=``), so anyone can craft it.
    Browsers read ``//host``, ``/\\host``, ``/<tab>/host`` or ``https:host`` as
    another site, after undoing %-encoding or dropping tabs and newlines; so any
    scheme, host, backslash, control character or leading ``//`` (as given, or
    once decoded, or once unicode-normalised) sends to the default page instead.
    """
    default = url_for("items.index")
    if not target or len(target) > MAX_TARGET:
        return default
    for form in (target, unquote(target), unicodedata.normalize("NFKC", unquote(target))):
        if (form.startswith("//") or "\\" in form
                or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in form)):
            return default
    try:
        parts = urlsplit(target)
    except ValueError:
        return default
    path = parts.path
    if parts.scheme or parts.netloc or not path.startswith("/"):
        return default
    for form in (path, unquote(path), unicodedata.normalize("NFKC", unquote(path))):
        if form.startswith("//") or not form.startswith("/"):
            return default
    return urlunsplit(("", "", quote(path, safe=_PATH_SAFE), quote(parts.query, safe=_QUERY_SAFE),
                       quote(parts.fragment, safe=_QUERY_SAFE)))


def _too_many(name: str, suivant: str, wait: int):
    log.warning("log-in refused for %r from %s: too many failures, %d s to wait",
                name[:64], client_address(), wait)
    if wait < 60:
        when = f"{wait} seconde{'s' if wait > 1 else ''}"
    else:
        minutes = round(wait / 60)
        when = f"{minutes} minute{'s' if minutes > 1 else ''}"
    error = f"Trop de tentatives manquées. Réessayez dans {when}."
    page = render_template("login.html", error=error, name=name, suivant=suivant)
    return page, 429, {"Retry-After": str(wait)}


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if g.user is not None:
            return redirect(safe_next(request.args.get("suivant")))
        return render_template("login.html", error=None, name="",
                               suivant=request.args.get("suivant", ""))
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    suivant = request.form.get("suivant", "")
    try:
        user = accounts.authenticate(catalogue(), name, password, client_address())
    except users.TooManyAttempts as exc:
        return _too_many(name, suivant, exc.wait)
    if user is None:
        log.warning("failed log-in for %r from %s", name[:64], client_address())
        return render_template("login.html", error="Identifiant ou mot de passe incorrect.",
                               name=name, suivant=suivant), 401
    sessions.log_in(session, user, client_address())  # type: ignore[arg-type]
    log.info("log-in of %r from %s", user.name, client_address())
    return redirect(safe_next(suivant))


@bp.route("/deconnexion", methods=["POST"])
def logout():
    if g.user is not None:
        log.info("log-out of %r from %s", g.user.name, client_address())
    sessions.log_out(session)  # type: ignore[arg-type]
    return redirect(url_for("auth.login"))
