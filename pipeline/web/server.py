"""Serving the interface with waitress, the worker beside it.

waitress receives a whole request body before the application sees it, and
refuses by itself one whose announced length passes ``max_request_body_size``.
Its own answer is English plain text; ours says it in French (HTML, or JSON for
the page's script), so a too-large upload is always explained, never dropped.
"""

from __future__ import annotations

import json
from pathlib import Path

from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask

from ..jobs import Worker
from . import app as webapp


class _FrenchErrorTask(ErrorTask):
    max_upload_mb = 0

    def execute(self) -> None:
        if getattr(self.request.error, "code", None) != 413:
            return super().execute()
        message = webapp.too_large_message(self.max_upload_mb)
        wants_json = ("json" in self.request.headers.get("ACCEPT", "")
                      or self.request.headers.get("X_REQUESTED_WITH") == "XMLHttpRequest")
        if wants_json:
            body = json.dumps({"ok": False, "status": 413, "message": message,
                               "errors": {"file": message}}, ensure_ascii=False)
            ctype = "application/json"
        else:
            body = ("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">"
                    "<title>Fichier trop gros</title><h1>Fichier trop gros</h1>"
                    f"<p>{message}</p><p><a href=\"/enregistrements/ajouter\">Retour</a></p>")
            ctype = "text/html"
        data = body.encode("utf-8")
        self.status = "413 Request Entity Too Large"
        self.response_headers.append(("Content-Type", f"{ctype}; charset=utf-8"))
        self.set_close_on_finish()
        self.content_length = len(data)
        self.write(data)
        return None


def make_server(folder: Path, *, host: str = "127.0.0.1", port: int = 8421,
                behind_proxy: bool = False, threads: int = 6) -> tuple[TcpWSGIServer, Worker]:
    """A bound (not yet running) server and its started worker.

    Call ``server.run()`` to serve; ``stop(server, worker)`` ends both. The
    socket listens as soon as this returns, so a client may connect at once.
    """
    worker = Worker(folder)
    application = webapp.create_app(folder, behind_proxy=behind_proxy, worker=worker)
    settings = application.config["CLEA_SETTINGS"]
    error_task = type("FrenchErrorTask", (_FrenchErrorTask,),
                      {"max_upload_mb": settings.max_upload_mb})
    channel = type("Channel", (HTTPChannel,), {"error_task_class": error_task})
    server_class = type("Server", (TcpWSGIServer,), {"channel_class": channel})
    server = server_class(
        application, host=host, port=port, threads=threads, ident="clea",
        # One byte over Flask's limit, so that a body Flask would refuse is
        # refused by waitress before it is received.
        max_request_body_size=webapp.max_body(settings) + 1,
        # Uploads are spooled to disk by waitress past this size, not kept in memory.
        inbuf_overflow=1024 * 1024,
        channel_timeout=300,
    )
    worker.start()
    return server, worker


def stop(server: TcpWSGIServer, worker: Worker) -> None:
    from waitress import wasyncore

    server.close()
    server.task_dispatcher.shutdown()
    wasyncore.close_all(server._map)
    worker.stop(timeout=30)
