"""Serving the interface with waitress, the worker beside it.

waitress receives a whole request body before the application sees it, and
refuses by itself one whose announced length passes ``max_request_body_size``.
Its own answer is English plain text, sent while the client is still sending,
and the socket closed under it: most clients then see a reset, not the answer.
Ours says it in French (HTML, or JSON for the page's script) and reads and
drops the rest of the body before closing, as nginx does, so a too-large
upload is always explained, never dropped, and never stored.

Bodies are received into the archive's upload folder, multipart forms parsed
as they arrive (``spool.py``): an upload is written to disk once, never to the
system's temporary folder. A disk that fills up meanwhile is answered 507 in
French the same way, its partial files deleted at once. Connection limits and
timeouts come from ``[web]`` in clea.toml.
"""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import Error, InternalServerError, RequestEntityTooLarge

from pipeline.services.jobs import Worker
from pipeline.web import app as webapp
from pipeline.web.spool import body_buffer, is_disk_full
from pipeline.web.uploads import UPLOADS_DIR

log = logging.getLogger("clea.web")
# Bodies past this size are spooled to disk (in the archive), not kept in memory.
INBUF_OVERFLOW = 1024 * 1024


class InsufficientStorage(Error):
    code = 507
    reason = "Insufficient Storage"


class _FrenchErrorTask(ErrorTask):
    max_upload_mb = 0

    def execute(self) -> None:
        code = getattr(self.request.error, "code", None)
        if code not in (413, 507):
            return super().execute()
        if code == 413:
            message, title = webapp.too_large_message(self.max_upload_mb), "Fichier trop gros"
        else:
            message, title = webapp.DISK_FULL_MESSAGE, "Disque plein"
        wants_json = ("json" in self.request.headers.get("ACCEPT", "")
                      or self.request.headers.get("X_REQUESTED_WITH") == "XMLHttpRequest")
        if wants_json:
            body = json.dumps({"ok": False, "status": code, "message": message,
                               "errors": {"file": message}}, ensure_ascii=False)
            ctype = "application/json"
        else:
            body = ("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">"
                    f"<title>{title}</title><h1>{title}</h1>"
                    f"<p>{message}</p><p><a href=\"/enregistrements/ajouter\">Retour</a></p>")
            ctype = "text/html"
        data = body.encode("utf-8")
        self.status = f"{code} {self.request.error.reason}"
        self.response_headers.append(("Content-Type", f"{ctype}; charset=utf-8"))
        self.set_close_on_finish()
        self.content_length = len(data)
        self.write(data)
        return None


class _Parser(HTTPRequestParser):
    """Receives bodies into the archive (``spool.body_buffer``), answers 507 when
    the disk fills up while receiving, and tells its channel how much of a
    refused body is still to come."""

    def __init__(self, channel: _Channel, adj) -> None:  # noqa: ANN001 - waitress's type
        super().__init__(adj)
        self._channel = channel

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        if self.body_rcv is not None:
            self.body_rcv.buf = body_buffer(self.headers, self._channel.uploads,
                                            self.adj.inbuf_overflow)

    def received(self, data: bytes) -> int:
        receiver = self.body_rcv
        remain_before = getattr(receiver, "remain", 0)
        try:
            consumed = super().received(data)
        except OSError as exc:
            # Writing the body failed (the spool deleted what it had written):
            # answer now, drain what the client still sends, then close.
            if not is_disk_full(exc):
                log.exception("cannot store a request body")
            self.error = (InsufficientStorage("disk full") if is_disk_full(exc)
                          else InternalServerError("cannot store the request body"))
            self.completed = True
            if not self.chunked:
                self._channel.discarding = max(0, remain_before - len(data))
            self.expect_continue = False
            return len(data)
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
    uploads = Path()  # the archive's upload folder, set by make_server

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parser_class = lambda adj: _Parser(self, adj)

    def received(self, data: bytes) -> bool:
        if self.discarding:
            self.discarding = max(0, self.discarding - len(data))
            return True
        return super().received(data)

    def handle_close(self) -> None:
        # A client gone (or timed out) mid-upload: its partial files go now, not
        # whenever the garbage collector gets to them.
        partial = self.request
        if partial is not None:
            self.request = None
            with contextlib.suppress(Exception):
                partial.close()
        super().handle_close()

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
                behind_proxy: bool = False, threads: int | None = None,
                ) -> tuple[TcpWSGIServer, Worker]:
    """A bound (not yet running) server and its started worker.

    Call ``server.run()`` to serve; ``stop(server, worker)`` ends both. The
    socket listens as soon as this returns, so a client may connect at once.
    ``threads`` overrides ``[web] threads``.
    """
    worker = Worker(folder)
    application = webapp.create_app(folder, behind_proxy=behind_proxy, worker=worker)
    settings = application.config["CLEA_SETTINGS"]
    error_task = type("FrenchErrorTask", (_FrenchErrorTask,),
                      {"max_upload_mb": settings.max_upload_mb})
    channel = type("Channel", (_Channel,), {"error_task_class": error_task,
                                            "uploads": Path(folder) / UPLOADS_DIR})
    server_class = type("Server", (TcpWSGIServer,), {"channel_class": channel})
    server = server_class(
        application, host=host, port=port, threads=threads or settings.threads, ident="clea",
        # One byte over Flask's limit, so that a body Flask would refuse is
        # refused by waitress before it is received.
        max_request_body_size=webapp.max_body(settings) + 1,
        inbuf_overflow=INBUF_OVERFLOW,
        # Bigger reads from the socket: 8 kB (the default) costs a Python loop turn each.
        recv_bytes=256 * 1024,
        # Slow or idle clients cost a socket each, not a thread (bodies are received
        # before a thread is given): allow many, and close the silent ones soon.
        connection_limit=settings.connection_limit,
        channel_timeout=settings.channel_timeout,
        cleanup_interval=settings.cleanup_interval,
        backlog=settings.backlog,
        # poll(), not select(): select() cannot watch sockets past number 1024.
        asyncore_use_poll=True,
        # The application removes forwarded headers itself, keeping those of the
        # trusted proxies (pipeline/web/proxy.py); waitress would remove them all.
        clear_untrusted_proxy_headers=False,
    )
    worker.start()
    return server, worker


def stop(server: TcpWSGIServer, worker: Worker) -> None:
    from waitress import wasyncore

    server.close()
    server.task_dispatcher.shutdown()
    wasyncore.close_all(server._map)
    worker.stop(timeout=30)
