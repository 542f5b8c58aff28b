"""Answers shared by the views: a refused form, a finished action, a stored file.

A form posted by the page's script (upload with a progress bar) gets JSON; the
same form posted without script gets the page again, with the reasons beside
the fields. Both carry the same French messages.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Response, jsonify, redirect, render_template, send_file

from archive import Original
from pipeline.web.auth import wants_json
from pipeline.web.forms import FormErrors

_MEDIA_TYPES = {
    "wav": "audio/wav", "mp3": "audio/mpeg", "flac": "audio/flac", "ogg": "audio/ogg",
    "aac": "audio/aac", "aiff": "audio/aiff", "matroska": "video/x-matroska",
    "webm": "video/webm", "avi": "video/x-msvideo", "mpegts": "video/mp2t",
    "mpeg": "video/mpeg", "jpeg": "image/jpeg", "png": "image/png", "tiff": "image/tiff",
    "webp": "image/webp", "heic": "image/heic", "pdf": "application/pdf",
}


def refused(template: str, errors: FormErrors, status: int = 400, **context) -> Response:
    if wants_json():
        return jsonify(ok=False, errors=errors.by_field), status  # type: ignore[return-value]
    return render_template(template, errors=errors.by_field, **context), status  # type: ignore[return-value]


def done(url: str) -> Response:
    if wants_json():
        return jsonify(ok=True, redirect=url)
    return redirect(url)  # type: ignore[return-value]


def media_type(original: Original) -> str:
    fmt = (original.format or "").split(",")[0]
    if original.medium in ("image", "document"):
        return _MEDIA_TYPES.get(fmt, "application/octet-stream")
    if fmt in ("mov", "mp4", "m4a", "3gp"):
        return "video/mp4" if original.medium == "video" else "audio/mp4"
    return _MEDIA_TYPES.get(fmt) or mimetypes.guess_type(original.name)[0] or \
        "application/octet-stream"


def picture_type(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(12)
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def stored_file(path: Path, mimetype: str) -> Response:
    """A file from the originals store, with HTTP Range support (seeking in the player)."""
    response = send_file(path, mimetype=mimetype, conditional=True, max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
