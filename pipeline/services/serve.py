"""``clea serve``: preview the built site on localhost, the way a real host serves it.

Standard library only (``http.server``). What podcast apps and browsers rely
on is here: exact MIME types, HEAD, byte ranges (206, and 416 for a range
past the end), ETag with If-None-Match (304), ``x/`` served from
``x/index.html``, the site's own 404 page, and nothing outside the site
folder (``..``, encoded traversal, symlinks that lead out, dotfiles).
"""

from __future__ import annotations

import email.utils
import mimetypes
import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from pipeline.plumbing import urls

TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json",
    ".xml": "application/xml; charset=utf-8", ".opml": "text/x-opml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8", ".mp3": "audio/mpeg", ".m4a": "audio/mp4",
    ".mp4": "video/mp4", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".webp": "image/webp", ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream", ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
RSS = "application/rss+xml; charset=utf-8"
CHAPTERS = "application/json+chapters"  # the Podcasting 2.0 chapters file, <slug>.chapters.json
CHUNK = 256 * 1024
_RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


def content_type(rel: str) -> str:
    suffix = Path(rel).suffix.lower()
    if suffix == ".xml" and rel.startswith("feeds/"):
        return RSS
    if rel.endswith(".chapters.json"):
        return CHAPTERS
    return TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"


class Unsatisfiable(Exception):
    """The Range header asks for bytes the file does not have."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single ``bytes=`` range, or None to send it all.

    Several ranges, or another unit, are answered with the whole file, as
    RFC 9110 allows; a range that starts past the end or reads backwards
    raises ``Unsatisfiable`` (416).
    """
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    match = _RANGE.match(spec)
    if not match or match.groups() == ("", ""):
        raise Unsatisfiable(header)
    first, last = match.groups()
    if first == "":  # the last N bytes
        count = int(last)
        if count == 0 or size == 0:
            raise Unsatisfiable(header)
        return max(0, size - count), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or start > end:
        raise Unsatisfiable(header)
    return start, end


def locate(root: Path, raw_path: str) -> tuple[Path | None, str | None]:
    """The file a request path names inside ``root``: (file, None), (None, redirect) or (None, None).

    The path is decoded once; any ``..`` or dot segment, backslash or NUL is
    refused, and the resolved file must still be inside the resolved root (a
    symlink out of the site is refused too).
    """
    path = unquote(urlsplit(raw_path).path)
    if "\x00" in path or "\\" in path:
        return None, None
    parts = [p for p in path.split("/") if p]
    if any(p.startswith(".") for p in parts):
        return None, None
    base = root.resolve()
    target = base.joinpath(*parts)
    if target.is_dir():
        if not path.endswith("/"):
            return None, quote(path + "/")
        target = target / "index.html"
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, None
    if not real.is_relative_to(base) or not real.is_file():
        return None, None
    return real, None


class SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: players fetch many ranges
    server_version = "clea-serve"
    root: Path = Path(".")
    quiet = False

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _serve(self, body: bool) -> None:
        found, redirect = locate(self.root, self.path)
        if redirect is not None:
            self._empty(HTTPStatus.MOVED_PERMANENTLY, Location=redirect)
            return
        if found is None:
            self._not_found(body)
            return
        stat = found.stat()
        size = stat.st_size
        etag = f'"{size:x}-{stat.st_mtime_ns:x}"'
        headers = {
            "Content-Type": content_type(found.relative_to(self.root.resolve()).as_posix()),
            "ETag": etag, "Accept-Ranges": "bytes", "Cache-Control": "no-cache",
            "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
            "X-Content-Type-Options": "nosniff",
        }
        if _matches(self.headers.get("If-None-Match"), etag):
            self._empty(HTTPStatus.NOT_MODIFIED, **headers)
            return
        span = None
        header = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if header and (if_range is None or if_range.strip() == etag):
            try:
                span = parse_range(header, size)
            except Unsatisfiable:
                headers.pop("Content-Type")
                self._empty(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                            **{**headers, "Content-Range": f"bytes */{size}"})
                return
        start, end = span if span else (0, size - 1)
        status = HTTPStatus.PARTIAL_CONTENT if span else HTTPStatus.OK
        if span:
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(end - start + 1 if size else 0))
        self.end_headers()
        if body and size:
            self._copy(found, start, end - start + 1)

    def _copy(self, path: Path, start: int, length: int) -> None:
        try:
            with open(path, "rb") as fh:
                fh.seek(start)
                while length > 0:
                    chunk = fh.read(min(CHUNK, length))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    length -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # a player dropped a range it no longer needs

    def _not_found(self, body: bool) -> None:
        page = self.root / urls.NOT_FOUND
        data = page.read_bytes() if page.is_file() else b"<!doctype html><title>404</title>"
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", TYPES[".html"])
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _empty(self, status: HTTPStatus, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, *,
                quiet: bool = False) -> ThreadingHTTPServer:
    """A server for the site in ``root``; port 0 picks a free port (``server_address``)."""
    handler = type("Handler", (SiteHandler,), {"root": Path(root), "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = make_server(root, host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"Serving {root} at http://{shown}:{server.server_address[1]}/ (Ctrl-C to stop)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
