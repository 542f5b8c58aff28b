"""The Flask application: configuration, guards on every request, error pages.

``create_app`` is all a server (``clea web``) or a test needs. Every request
but the log-in page needs a session; every POST needs the CSRF token; an
upload larger than ``[web] max_upload_mb`` is refused in French before its
body is parsed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from archive import Catalogue
from archive.users import ROLES
from archive.vocabulary import (
    AUDIENCES,
    FIGURES,
    KINDS,
    LICENCES,
    MEDIUM_WORDS,
    RESIDENCE_KINDS,
    STATUSES,
)
from pipeline.plumbing import config
from pipeline.web import auth, csrf, proxy, sessions
from pipeline.web.context import close_catalogue
from pipeline.web.spool import is_disk_full
from pipeline.web.uploads import FORM_SLACK, UPLOADS_DIR, UploadRequest, clean_leftovers

MB = 1024 * 1024
HISTORY_LABELS = {
    "added": "Ajouté", "edited": "Modifié", "cleared": "Droits validés",
    "withdrawn": "Retiré", "published": "Publié", "back-to-draft": "Repassé en brouillon",
}
DISK_FULL_MESSAGE = ("Le disque de l'archive est plein : rien n'a été enregistré. "
                     "Prévenez la personne qui s'occupe du serveur, puis réessayez.")
ERRORS = {
    400: "La demande est incomplète ou mal formée.",
    401: "Connectez-vous pour continuer.",
    403: "Cette action est réservée aux responsables.",
    404: "Cette page n'existe pas (ou plus).",
    405: "Cette action n'est pas possible ici.",
    429: "Trop de demandes : patientez un peu.",
    507: DISK_FULL_MESSAGE,
}
CSRF_MESSAGE = ("Le formulaire a expiré ou ne vient pas de cette page : "
                "rechargez la page et recommencez.")

try:
    _LOCAL = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # pragma: no cover - no tz database installed
    _LOCAL = UTC


def max_body(settings: config.Settings) -> int:
    """The largest request accepted: the upload limit plus room for the form's fields."""
    return settings.max_upload_mb * MB + FORM_SLACK


def create_app(folder: Path, *, behind_proxy: bool = False, worker=None) -> Flask:
    """The web interface over the archive in ``folder``.

    ``worker`` (a ``pipeline.services.jobs.Worker``) is woken when a job is queued; without
    one, jobs wait for a worker elsewhere. With ``behind_proxy``, the forwarded
    headers of the addresses in ``[web] trusted_proxies`` are believed (and
    nobody else's, ever).
    """
    folder = Path(folder)
    Catalogue.open(folder).close()  # refuses a folder that is not an archive
    settings = config.load(folder)
    app = Flask(__name__)
    app.request_class = UploadRequest
    app.session_interface = sessions.SessionInterface()
    app.config.update(
        SECRET_KEY=auth.session_secret(folder),
        SESSION_COOKIE_NAME="clea_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # How long the log-in form's signed cookie is good for.
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_max_hours),
        MAX_CONTENT_LENGTH=max_body(settings),
        MAX_FORM_MEMORY_SIZE=FORM_SLACK,
        CLEA_ARCHIVE=folder,
        CLEA_SETTINGS=settings,
        CLEA_UPLOADS=folder / UPLOADS_DIR,
        CLEA_WORKER=worker,
    )
    clean_leftovers(folder / UPLOADS_DIR)
    # OAI-PMH for library catalogues: public, outside the log-in and the CSRF check.
    from pipeline.preserve.wsgi import create as oai_endpoint

    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/oai": oai_endpoint(folder)})  # type: ignore[method-assign]
    # Outermost, so the OAI endpoint sees the real client address too.
    app.wsgi_app = proxy.ProxyHeaders(  # type: ignore[method-assign]
        app.wsgi_app, settings.trusted_proxies if behind_proxy else ())

    from pipeline.web import bilan, catalogue, items, stats, work

    for bp in (auth.bp, items.bp, catalogue.bp, work.bp, stats.bp, bilan.bp):
        app.register_blueprint(bp)
    app.before_request(_too_large)
    app.before_request(auth.load_user)
    app.before_request(csrf.protect)
    app.teardown_appcontext(close_catalogue)
    app.after_request(_headers)
    app.register_error_handler(HTTPException, _error_page)
    app.register_error_handler(OSError, _disk_full)
    app.jinja_env.globals.update(
        csrf_token=csrf.token, KINDS=KINDS, AUDIENCES=AUDIENCES, STATUSES=STATUSES,
        LICENCES=LICENCES, RESIDENCE_KINDS=RESIDENCE_KINDS, ROLES=ROLES,
        HISTORY_LABELS=HISTORY_LABELS, FIGURES=FIGURES, max_upload_mb=settings.max_upload_mb,
        archive_title=settings.title, MEDIUM_WORDS=MEDIUM_WORDS,
    )
    app.jinja_env.filters.update(when=_when, duration=_duration, size=_size)
    return app


def _too_large():
    # Said before the body is parsed, from the announced length.
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        return _error_page_for(413)
    return None


def too_large_message(max_upload_mb: int) -> str:
    return (f"Le fichier est trop gros : la limite est de {max_upload_mb} Mo "
            "(réglage [web] max_upload_mb de clea.toml).")


def _error_page(exc: HTTPException):
    return _error_page_for(exc.code or 500, exc.description)


def _disk_full(exc: OSError):
    """A full disk while storing (a copy, the catalogue): said in French, as 507."""
    if not is_disk_full(exc):
        raise exc
    return _error_page_for(507)


def _error_page_for(code: int, description: str | None = None):
    if code == 413:
        message = too_large_message(g.get("max_mb") or _settings_mb())
    elif code == 400 and description == "csrf":
        message = CSRF_MESSAGE
    else:
        message = ERRORS.get(code, "Une erreur est survenue.")
    if auth.wants_json() or request.path.endswith(".json"):
        field = "file" if code in (413, 507) else "form"
        return jsonify(ok=False, status=code, message=message, errors={field: message}), code
    return render_template("error.html", code=code, message=message), code


def _settings_mb() -> int:
    from pipeline.web.context import settings

    return settings().max_upload_mb


def _headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_LOCAL).strftime("%d/%m/%Y à %H:%M")


def _duration(seconds: float | None) -> str:
    if not seconds:
        return ""
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h} h {m:02d} min {s:02d} s" if h else f"{m} min {s:02d} s"


def _size(n: int | None) -> str:
    if not n:
        return "0 o"
    for unit in ("o", "Ko", "Mo", "Go"):
        if n < 1024 or unit == "Go":
            return f"{n:.0f} {unit}" if unit == "o" else f"{n:.1f} {unit}".replace(".", ",")
        n /= 1024
    return f"{n} o"
