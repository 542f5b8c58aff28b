"""Real S3 on loopback for the publish tests: moto's server, and a small proxy.

The proxy sits between clea and moto. It records every request in the order
its answer went back (so a test can assert that feeds went up before any
deletion) and can answer some requests with an error instead of passing them
on, the way a busy S3 host answers 503 SlowDown or 500 InternalError.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-connection", "content-length"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Request:
    method: str
    key: str  # the object key (path after the bucket), "" for bucket requests
    status: int


# (method, key, attempt number starting at 1) -> (status, S3 error code) or None
Rule = Callable[[str, str, int], "tuple[int, str] | None"]


class ErrorProxy:
    """A threaded HTTP/1.1 proxy in front of ``upstream`` (host, port)."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.log: list[Request] = []
        self.rule: Rule | None = None
        self._attempts: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                proxy.handle(self)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.log.clear()
            self._attempts.clear()
            self.rule = None

    def requests(self, method: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.log if method is None or r.method == method]

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        parts = urlsplit(h.path)
        segments = unquote(parts.path).lstrip("/").split("/", 1)
        key = segments[1] if len(segments) > 1 else ""
        with self._lock:
            attempt = self._attempts.get((h.command, key), 0) + 1
            self._attempts[(h.command, key)] = attempt
            rule = self.rule
        injected = rule(h.command, key, attempt) if rule else None
        if injected:
            status, code = injected
            payload = (f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code>"
                       f"<Message>injected by the test proxy</Message></Error>").encode()
            h.send_response(status)
            h.send_header("Content-Type", "application/xml")
            h.send_header("Content-Length", str(len(payload)))
            h.end_headers()
            if h.command != "HEAD":
                h.wfile.write(payload)
            self._record(h.command, key, status)
            return
        conn = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            headers = {k: v for k, v in h.headers.items() if k.lower() not in HOP_BY_HOP
                       and k.lower() != "expect"}
            headers["Content-Length"] = str(len(body))
            conn.request(h.command, h.path, body=body, headers=headers)
            reply = conn.getresponse()
            data = reply.read()
            h.send_response(reply.status, reply.reason)
            for name, value in reply.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    h.send_header(name, value)
            if h.command == "HEAD":
                h.send_header("Content-Length", reply.getheader("Content-Length") or "0")
            else:
                h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            if h.command != "HEAD":
                h.wfile.write(data)
            self._record(h.command, key, reply.status)
        finally:
            conn.close()

    def _record(self, method: str, key: str, status: int) -> None:
        with self._lock:
            self.log.append(Request(method, key, status))
