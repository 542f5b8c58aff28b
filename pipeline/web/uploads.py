"""Uploaded files: streamed to disk inside the archive, never held in memory.

werkzeug's multipart parser writes each file part to the stream our
``UploadRequest`` gives it: a named temporary file in ``<archive>/cache/uploads``
(same disk as the store, not a small /tmp), deleted when the request ends.
The browser's file name is only ever shown to people and kept in the history;
the temporary name is ours, with at most a short, checked extension so that
readers which go by extension (transcripts, chapters) still recognise the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask import Request, current_app
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from media.probe import StreamCheck

UPLOADS_DIR = Path("cache") / "uploads"
_SUFFIX_RE = re.compile(r"^\.[A-Za-z0-9]{1,5}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The form's own fields (titles, descriptions, contributors) next to a file.
FORM_SLACK = 2 * 1024 * 1024


def safe_suffix(filename: str | None) -> str:
    """A lower-case extension of at most 5 ASCII letters or digits, or ``""``."""
    suffix = Path(display_name(filename)).suffix
    return suffix.lower() if _SUFFIX_RE.match(suffix) else ""


def display_name(filename: str | None) -> str:
    """The browser's file name, for people: last path part, no control characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = _CONTROL_RE.sub("", name).strip()[:200]
    return name or "fichier envoyé"


class UploadRequest(Request):
    """A request whose file parts go to named temporary files in the archive.

    Served by waitress (``server.py``), a multipart body was already parsed as
    it arrived (``spool.MultipartSpool``) and is taken as it is; otherwise
    (Flask's test client, another WSGI server) werkzeug parses it here, into
    ``HashingSpool`` files.
    """

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        from pipeline.web.spool import ReceivedForm

        received = self.environ.get("wsgi.input")
        if isinstance(received, ReceivedForm):
            if received.error == "too-large":
                raise RequestEntityTooLarge()
            if received.error:
                raise BadRequest()
            d = self.__dict__
            d["stream"], d["form"], d["files"] = received, received.form, received.files
            return
        super()._load_form_data()

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None,
                         ) -> IO[bytes]:
        folder: Path = current_app.config["CLEA_UPLOADS"]
        folder.mkdir(parents=True, exist_ok=True)
        # delete=True: closing it (werkzeug closes request files when the
        # request ends) removes it, whatever happened to the request.
        return HashingSpool(tempfile.NamedTemporaryFile(dir=folder, prefix="upload-",
                                                        suffix=safe_suffix(filename)))


class HashingSpool:
    """The temporary file an uploaded part is written to, hashed as it is written.

    The store can then adopt the file by hard link instead of reading and
    copying it again (``OriginalsStore.adopting``). The digest is only offered
    if every write landed at the end of what was already hashed.
    """

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._sha = hashlib.sha256()
        self._hashed = 0
        self._sequential = True

    def write(self, data: bytes) -> int:
        if self._file.tell() != self._hashed:
            self._sequential = False
        try:
            written = self._file.write(data)
        except OSError:
            # A full disk: delete what was written at once (closing deletes it), so
            # the next upload finds the space again.
            self._file.close()
            raise
        view = memoryview(data)[:written]
        self._sha.update(view)
        self._hashed += len(view)
        return written

    def digest(self) -> str | None:
        return self._sha.hexdigest() if self._sequential else None

    def __getattr__(self, name: str):
        return getattr(self._file, name)


@dataclass(frozen=True)
class Upload:
    """One received file: where it is on disk now, and what the person called it."""

    path: Path
    name: str
    size: int
    sha256: str | None = None  # computed while it was received, when it could be
    check: StreamCheck | None = None  # its decode as it was received, if one was made


def received(storage: FileStorage | None) -> Upload | None:
    """The upload in a file field, or ``None`` if the field was left empty."""
    if storage is None or not storage.filename:
        return None
    stream = storage.stream
    stream.flush()
    path = Path(getattr(stream, "name", ""))
    if not path.is_file():
        # Only our own temporary files are ever handed on: never a name from the client.
        raise RuntimeError("an upload was not spooled to disk")
    # HashingSpool (parsed by werkzeug) or spool._ReceivedFile (parsed as received).
    digest = stream.digest() if hasattr(stream, "digest") else None
    check = stream.stream_check() if hasattr(stream, "stream_check") else None
    return Upload(path, display_name(storage.filename), path.stat().st_size, digest, check)


def clean_leftovers(folder: Path) -> None:
    """Remove uploads a crashed server left behind (called at start-up)."""
    if not folder.is_dir():
        return
    for leftover in folder.glob("upload-*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
