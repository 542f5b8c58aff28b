"""The OAI-PMH endpoint as a WSGI application, for ``clea web`` and on its own.

``clea web`` mounts it at ``/oai``, outside the log-in (a harvester has no
account) and outside the CSRF check (OAI-PMH requests change nothing). A
library that hosts only the endpoint serves this module by itself::

    CLEA_ARCHIVE=/srv/mediatheque waitress-serve --port 8422 --call pipeline.preserve.wsgi:create

It answers GET and POST (``application/x-www-form-urlencoded``), as the
protocol requires, and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

from werkzeug.wrappers import Request, Response

from archive import Catalogue
from pipeline.plumbing import config
from pipeline.preserve import oai


def create(folder: Path | str | None = None):
    """The endpoint over the archive in ``folder`` (default: ``CLEA_ARCHIVE``)."""
    folder = Path(folder or os.environ.get("CLEA_ARCHIVE") or ".")
    Catalogue.open(folder).close()  # refuses a folder that is not an archive, at start
    settings = config.load(folder)
    key = oai.secret(folder)

    @Request.application
    def application(request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return Response("Méthode non acceptée : GET ou POST.\n", status=405,
                            headers={"Allow": "GET, POST"}, content_type="text/plain; charset=utf-8")
        if request.path not in ("/", ""):
            return Response("Adresse inconnue : le point d'accès OAI-PMH est à la racine.\n",
                            status=404, content_type="text/plain; charset=utf-8")
        params = request.form if request.method == "POST" else request.args
        pairs = {name: params.getlist(name) for name in params}
        # One baseURL whatever the trailing slash: harvesters compare it.
        base = request.root_url.rstrip("/") if request.script_root else request.root_url
        with Catalogue.open(folder) as cat:
            body = oai.respond(cat, settings, pairs, base, key)
        response = Response(body, content_type="text/xml; charset=utf-8")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-cache"
        return response

    return application
