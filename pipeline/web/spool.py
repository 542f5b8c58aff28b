"""Request bodies received once, straight into the archive's upload folder.

waitress receives a whole body before the application runs. Left to itself it
spools a large one into the system's temporary folder, then werkzeug's
multipart parser copies each file part into ``cache/uploads``: a 3 GB upload
would need 6 GB, and a small /tmp would break it. Here the server parses a
multipart body *as it arrives*: file parts go to their own temporary file in
``cache/uploads`` (hashed while written, as ``uploads.HashingSpool`` does, so
the store can adopt them by hard link), form fields stay in memory within the
same limits werkzeug applies, and the multipart framing is never written
anywhere. The application gets the parsed form (``ReceivedForm``) as its
``wsgi.input``. Any other body past ``inbuf_overflow`` is spooled to an
unnamed file in the same folder, never in the system's temporary folder.

A large file part is hashed in a thread of its own while the network thread
receives and writes (hashlib lets go of the GIL), and the kernel is asked to
write it out as it comes (``atomic.start_writeback``), so the store's fsync at the
end waits for the last few megabytes, not the whole file. A large MP3, FLAC
or Ogg part is decoded as it arrives (``media.probe.StreamCheck``, fed from
the file by ``_Follower``), so the probe need not decode the stored file again.

On a full disk the partial files are deleted at once and ``OSError`` is raised
for the server to answer 507 (``server._Parser``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import queue
import tempfile
import threading
from pathlib import Path
from typing import IO

from waitress.buffers import FileBasedBuffer, OverflowableBuffer
from werkzeug.datastructures import FileStorage, Headers, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import MultiPartParser
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import (
    Data,
    Epilogue,
    Field,
    File,
    MultipartDecoder,
    NeedData,
    State,
)

from archive import ClearError
from archive.atomic import start_writeback
from media.probe import StreamCheck, streamable
from pipeline.web.uploads import FORM_SLACK, safe_suffix

MAX_PARTS = 1000  # werkzeug's own default for max_form_parts
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
# Past this size a file part is hashed in its own thread; smaller ones (covers,
# transcripts) are not worth a thread.
HASH_THREAD_FROM = 1024 * 1024
HASH_AHEAD = 32  # pieces (up to recv_bytes each) received but not yet hashed
WRITEBACK_EVERY = 8 * 1024 * 1024  # bytes written between two writeback requests
# Past this size an MP3, FLAC or Ogg part is decoded as it arrives; a smaller
# one is decoded after, in less time than starting a decoder takes.
STREAM_CHECK_FROM = 4 * 1024 * 1024
FOLLOW_READ = 1024 * 1024  # bytes a follower reads back at a time


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in DISK_FULL


class ReceivedForm:
    """What the application finds as ``wsgi.input`` for a multipart body: the
    fields and files already parsed, or why they could not be (``error``:
    ``"malformed"`` or ``"too-large"``). Reading it gives nothing: the body is
    already consumed."""

    def __init__(self, form: MultiDict, files: MultiDict, error: str | None) -> None:
        self.form = form
        self.files = files
        self.error = error

    def read(self, size: int = -1) -> bytes:
        return b""

    def readline(self, size: int = -1) -> bytes:
        return b""

    def close(self) -> None:
        for _name, storage in self.files.items(multi=True):
            with contextlib.suppress(OSError):
                storage.close()


class _PartFile:
    """One file part on disk, hashed as written; deleted when closed.

    ``finish`` must be called once the part is complete, before the digest is read.
    """

    def __init__(self, folder: Path, filename: str | None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # Unbuffered: a full disk is seen at the write that fails, not at a later flush.
        self.file: IO[bytes] = tempfile.NamedTemporaryFile(
            dir=folder, prefix="upload-", suffix=safe_suffix(filename), buffering=0)
        self.sha = hashlib.sha256()
        self.size = 0
        self._hasher: _Hasher | None = None
        self._written_out = 0  # bytes the kernel was asked to write to disk
        # The first bytes, to tell whether a StreamCheck applies; None once told.
        self._head: bytes | None = b""
        self.follower: _Follower | None = None

    def write(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        if not view.readonly:
            view = memoryview(bytes(view))  # the hasher may read it later: keep it as it is now
        if self._head is not None and len(self._head) < 4:
            self._head += bytes(view[:4 - len(self._head)])
        while view:
            written = self.file.write(view)
            self._hash(view[:written])
            self.size += written
            view = view[written:]
        if self.size - self._written_out >= WRITEBACK_EVERY:
            start_writeback(self.file.fileno(), self._written_out, self.size - self._written_out)
            self._written_out = self.size
        if self.follower is not None:
            self.follower.grow(self.size)
        elif self._head is not None and self.size >= STREAM_CHECK_FROM:
            if streamable(self._head):
                # No decoder (no ffmpeg, no process to spare): the probe decodes
                # the stored file, and says what is wrong if it cannot either.
                with contextlib.suppress(OSError, ClearError):
                    self.follower = _Follower(self.file.name, self.size)
            self._head = None  # decided

    def finish(self) -> None:
        """The part is complete: wait until every byte written is hashed (a
        ``StreamCheck`` goes on at its own pace)."""
        if self._hasher is not None:
            self._hasher.finish()
            self._hasher = None
        if self.follower is not None:
            self.follower.end(self.size)

    def close(self) -> None:
        self.finish()
        if self.follower is not None:
            self.follower.stop()
        self.file.close()

    def _hash(self, view: memoryview) -> None:
        if self._hasher is None and self.size + len(view) > HASH_THREAD_FROM:
            self._hasher = _Hasher(self.sha)
        if self._hasher is not None:
            self._hasher.pieces.put(view)
        else:
            self.sha.update(view)


class _Hasher(threading.Thread):
    """Hashes a part's pieces in order, beside the thread that receives and writes them."""

    def __init__(self, sha: hashlib._Hash) -> None:
        super().__init__(name="clea-upload-hash", daemon=True)
        self.sha = sha
        # Bounded: a slow hash holds the network thread back instead of filling memory.
        self.pieces: queue.Queue[memoryview | None] = queue.Queue(HASH_AHEAD)
        self.start()

    def run(self) -> None:
        while (piece := self.pieces.get()) is not None:
            self.sha.update(piece)

    def finish(self) -> None:
        self.pieces.put(None)
        self.join()


class _Follower(threading.Thread):
    """Gives a ``StreamCheck`` a part's bytes as they are written, read back from
    the file (the page cache) at the decoder's pace: the network thread, which
    serves every connection, never waits for a decoder."""

    def __init__(self, path: str, written: int) -> None:
        super().__init__(name="clea-upload-check", daemon=True)
        self._fd = os.open(path, os.O_RDONLY)
        try:
            self.check = StreamCheck()
        except BaseException:
            os.close(self._fd)
            raise
        self._cond = threading.Condition()
        self._written = written
        self._final: int | None = None
        self._stopped = False
        self.start()

    def grow(self, written: int) -> None:
        with self._cond:
            self._written = written
            self._cond.notify()

    def end(self, size: int) -> None:
        with self._cond:
            self._written = self._final = size
            self._cond.notify()

    def stop(self) -> None:
        """The request is over: stop decoding if it still is."""
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self.check.cancel()

    def run(self) -> None:
        offset, whole = 0, False
        try:
            while True:
                with self._cond:
                    while not self._stopped and offset >= self._written and self._final is None:
                        self._cond.wait()
                    if self._stopped:
                        break
                    written, final = self._written, self._final
                if final is not None and offset >= final:
                    whole = True
                    break
                data = os.pread(self._fd, min(FOLLOW_READ, written - offset), offset)
                if not data or not self.check.feed(data):
                    break
                offset += len(data)
        finally:
            os.close(self._fd)
            self.check.end(whole=whole)


class _ReceivedFile:
    """The stream a ``FileStorage`` of a received part reads from (``uploads.received``
    takes its ``name`` and ``digest()``)."""

    def __init__(self, part: _PartFile) -> None:
        self._part = part
        self._file = part.file

    def digest(self) -> str:
        return self._part.sha.hexdigest()

    def stream_check(self) -> StreamCheck | None:
        """The decode made as the file arrived, if one was (``media.probe.StreamCheck``)."""
        return self._part.follower.check if self._part.follower is not None else None

    def __getattr__(self, name: str):
        return getattr(self._file, name)


class MultipartSpool:
    """A waitress body buffer that parses multipart/form-data as it is received.

    waitress calls ``append`` with each piece of the body (in its network
    thread), ``getfile`` once the body is complete (the WSGI input), and
    ``close`` when the request is done or the connection dropped.
    """

    def __init__(self, boundary: bytes, folder: Path, *, max_form_memory: int = FORM_SLACK,
                 max_parts: int = MAX_PARTS) -> None:
        self.folder = folder
        self.max_form_memory = max_form_memory
        self.decoder = MultipartDecoder(boundary, max_form_memory, max_parts=max_parts)
        self._marker = b"--" + boundary  # what every delimiter holds, whatever its line break
        self._keep = len(b"\r\n") + len(self._marker)  # longest tail that may start one
        self.received = 0
        self.error: str | None = None
        self.fields: list[tuple[str, str]] = []
        self.files: list[tuple[str, FileStorage]] = []
        self._parts: list[_PartFile] = []
        self._part: Field | File | None = None
        self._chunks: list[bytes] = []
        self._field_size = 0
        self._current: _PartFile | None = None
        self._form: ReceivedForm | None = None

    # -- waitress's buffer interface -----------------------------------------------------

    def __len__(self) -> int:
        return self.received

    def __bool__(self) -> bool:
        return True

    def append(self, data: bytes) -> None:
        self.received += len(data)
        if self.error:
            return  # refused already: the rest is only drained
        try:
            if self._straight(data):
                return
            self.decoder.receive_data(data)
            self._events()
        except RequestEntityTooLarge:
            self._fail("too-large")
        except ValueError:
            self._fail("malformed")
        except OSError:
            self._fail("unwritable")  # the server answers 507 on a full disk, else 500
            raise

    def getfile(self) -> ReceivedForm:
        if self._form is None:
            if not self.error:
                try:
                    self.decoder.receive_data(None)
                    self._events()
                except (ValueError, RequestEntityTooLarge):
                    self._fail("malformed")
            if self.error:
                self._form = ReceivedForm(MultiDict(), MultiDict(), self.error)
            else:
                self._form = ReceivedForm(MultiDict(self.fields), MultiDict(self.files), None)
        return self._form

    def close(self) -> None:
        """Delete every file part (a request refused, finished or abandoned)."""
        for part in self._parts:
            with contextlib.suppress(OSError):
                part.close()
        self._parts = []

    # -- parsing -------------------------------------------------------------------------

    def _straight(self, data: bytes) -> bool:
        """The body of a file part, straight to its file: True if ``data`` was taken.

        werkzeug's decoder copies its buffer twice and runs its regular
        expressions over every piece, which held a 1 GB upload to a few tens of
        MB/s. In the middle of a file part nothing needs parsing until a
        delimiter comes: if ``--boundary`` is not in what the decoder holds
        plus ``data``, all but the last few bytes (which could begin a
        delimiter) are file content, written here; the decoder keeps that tail
        and sees every piece that holds a delimiter, so it parses exactly the
        framing it always did.
        """
        decoder = self.decoder
        if self._current is None or decoder.state is not State.DATA or decoder.complete:
            return False
        keep, marker = self._keep, self._marker
        if len(data) <= keep:
            return False  # a small piece: the decoder takes it as it is
        head = bytes(decoder.buffer)  # at most ``keep`` bytes, kept back last time
        if data.find(marker) != -1 or (head and (head + data[:len(marker)]).find(marker) != -1):
            return False
        part = self._current
        if head:
            part.write(head)
        part.write(memoryview(data)[:-keep])
        decoder.buffer[:] = data[-keep:]
        return True

    def _events(self) -> None:
        event = self.decoder.next_event()
        while not isinstance(event, Epilogue | NeedData):
            if isinstance(event, Field):
                self._part, self._chunks, self._field_size = event, [], 0
            elif isinstance(event, File):
                self._part = event
                self._current = _PartFile(self.folder, event.filename)
                self._parts.append(self._current)
            elif isinstance(event, Data):
                self._data(event)
            event = self.decoder.next_event()

    def _data(self, event: Data) -> None:
        part = self._part
        if isinstance(part, Field):
            self._field_size += len(event.data)
            if self._field_size > self.max_form_memory:
                raise RequestEntityTooLarge()
            self._chunks.append(event.data)
            if not event.more_data:
                charset = _PARSER.get_part_charset(part.headers)
                self.fields.append((part.name, b"".join(self._chunks).decode(charset, "replace")))
        elif isinstance(part, File) and self._current is not None:
            self._current.write(event.data)
            if not event.more_data:
                self._current.finish()
                self._current.file.seek(0)
                self.files.append((part.name, FileStorage(
                    _ReceivedFile(self._current), part.filename, part.name,  # type: ignore[arg-type]
                    headers=Headers(part.headers))))
                self._current = None

    def _fail(self, reason: str) -> None:
        self.error = reason
        self.close()  # at once: a full disk must not stay full
        self.fields, self.files = [], []


_PARSER = MultiPartParser()  # only for its charset rule, so fields decode as werkzeug's do


class _FolderFileBuffer(FileBasedBuffer):
    """waitress's overflow file, in the archive's upload folder (unnamed: gone when closed)."""

    def __init__(self, folder: Path, from_buffer=None) -> None:  # noqa: ANN001 - waitress's
        self.folder = folder
        super().__init__(self.newfile(), from_buffer)

    def newfile(self) -> IO[bytes]:
        self.folder.mkdir(parents=True, exist_ok=True)
        return tempfile.TemporaryFile("w+b", dir=self.folder)


class FolderOverflowBuffer(OverflowableBuffer):
    """waitress's body buffer, overflowing into ``folder`` instead of the system's
    temporary folder."""

    def __init__(self, overflow: int, folder: Path) -> None:
        super().__init__(overflow)
        self.folder = folder

    def _set_large_buffer(self) -> None:
        oldbuf = self.buf
        self.buf = _FolderFileBuffer(self.folder, oldbuf)
        if hasattr(oldbuf, "close"):
            oldbuf.close()
        self.overflowed = True


def body_buffer(headers: dict[str, str], folder: Path, overflow: int):
    """The buffer a request body is received into: a ``MultipartSpool`` for a
    multipart form, else waitress's own, overflowing into ``folder``."""
    mimetype, options = parse_options_header(headers.get("CONTENT_TYPE", ""))
    boundary = options.get("boundary", "")
    if mimetype == "multipart/form-data" and boundary and boundary.isascii():
        return MultipartSpool(boundary.encode("ascii"), folder)
    return FolderOverflowBuffer(overflow, folder)
