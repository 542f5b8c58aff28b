"""Serving the interface with waitress, the worker beside it.

waitress receives a whole request body before the application sees it, and
refuses by itself one whose announced length passes ``max_request_body_size``.
Its own answer is English plain text, sent while the client is still sending,
and the socket closed under it: most clients then see a reset, not the answer.
Ours says it in French (HTML, or JSON for the page's script) and reads and
drops the rest of the body before closing, as nginx does, so a too-large
upload is always explained, never dropped, and never stored.
"""

from __future__ import annotations

import json
from pathlib import Path

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from pipeline.services.jobs import Worker
from pipeline.web import app as webapp


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


class _Parser(HTTPRequestParser):
    """Tells its channel how much of a refused body is still to come."""

    def __init__(self, channel: _Channel, adj) -> None:  # noqa: ANN001 - waitress's type
        super().__init__(adj)
        self._channel = channel

    def received(self, data: bytes) -> int:
        consumed = super().received(data)
        if (self.completed and isinstance(self.error, RequestEntityTooLarge)
                and self.content_length > 0):
            # A client that waits for "100 Continue" gets the answer instead and
            # sends nothing; any other is already sending: drain what it sends.
            if not self.expect_continue:
                self._channel.discarding = max(0, self.content_length - (len(data) - consumed))
            self.expect_continue = False
            return len(data)
        return consumed


class _Channel(HTTPChannel):
    """A connection that drains a refused body before closing (lingering close)."""

    discarding = 0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parser_class = lambda adj: _Parser(self, adj)

    def received(self, data: bytes) -> bool:
        if self.discarding:
            self.discarding = max(0, self.discarding - len(data))
            return True
        return super().received(data)

    def readable(self) -> bool:
        if self.discarding and not self.will_close:
            return True
        return super().readable()

    def writable(self) -> bool:
        if self.discarding and self.close_when_flushed and not self.total_outbufs_len:
            return False  # answered; wait for the rest of the body before closing
        return super().writable()

    def handle_write(self) -> None:
        if self.discarding and self.close_when_flushed:
            if self.total_outbufs_len:
                flush = self._flush_some_if_lockable if self.requests else self._flush_some
                self._flush_exception(flush)
            return
        super().handle_write()


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
    channel = type("Channel", (_Channel,), {"error_task_class": error_task})
    server_class = type("Server", (TcpWSGIServer,), {"channel_class": channel})
    server = server_class(
        application, host=host, port=port, threads=threads, ident="clea",
        # One byte over Flask's limit, so that a body Flask would refuse is
        # refused by waitress before it is received.
        max_request_body_size=webapp.max_body(settings) + 1,
        # Uploads are spooled to disk by waitress past this size, not kept in memory.
        inbuf_overflow=1024 * 1024,
        # Bigger reads from the socket: 8 kB (the default) costs a Python loop turn each.
        recv_bytes=256 * 1024,
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
