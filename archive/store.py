"""The originals store: content-addressed by sha256, read-only, never modified.

A file enters in one read pass: it is streamed into a temporary file beside its
final place while being hashed (the disk writing it out as it comes), fsynced,
then renamed to ``originals/ab/<sha256>`` and made read-only. Memory stays flat
whatever the size.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .atomic import fsync_dir, start_writeback
from .errors import N_, ClearError, DiskFullError, FixityError, disk_full

CHUNK = 1024 * 1024
WRITEBACK_EVERY = 8 * CHUNK  # bytes copied between two writeback requests
ProgressFn = Callable[[int], None]


@dataclass
class Staged:
    """A copied, hashed file waiting to be committed to the store (or dropped)."""

    path: Path  # temporary copy, inside the store's folder
    sha256: str
    size: int
    source: Path


class OriginalsStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    @contextlib.contextmanager
    def staging(self, source: Path, progress: ProgressFn | None = None) -> Iterator[Staged]:
        """Copy ``source`` to a temp file while hashing; the temp is always removed
        on exit unless ``commit`` moved it into the store."""
        staged = self._copy(Path(source), progress)
        try:
            yield staged
        finally:
            with contextlib.suppress(FileNotFoundError):
                staged.path.unlink()

    @contextlib.contextmanager
    def adopting(self, source: Path, sha256: str, size: int) -> Iterator[Staged]:
        """Stage a file whose digest is already known, without copying it.

        For uploads the web interface hashed while writing them inside the
        archive: the file is hard-linked into the store's staging area and
        fsynced, which saves a second read and write of what may be gigabytes.
        On another filesystem (no hard link) it falls back to ``staging``,
        which copies and hashes as usual.
        """
        source = Path(source)
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".incoming-{secrets.token_hex(8)}.part"
        try:
            os.link(source, tmp)
        except OSError:
            with self.staging(source) as staged:
                yield staged
            return
        try:
            if tmp.stat().st_size != size:
                raise ClearError(N_("the received file changed on disk"), source,
                                 code="store.changed", field="file")
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            yield Staged(tmp, sha256, size, source)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def commit(self, staged: Staged) -> tuple[Path, bool]:
        """Move a staged file to its content address. Returns (path, created)."""
        dest = self.path_for(staged.sha256)
        if dest.exists():
            return dest, False
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(staged.path, 0o444)
        os.replace(staged.path, dest)
        fsync_dir(dest.parent)
        return dest, True

    def discard(self, sha256: str) -> None:
        """Undo a commit whose catalogue transaction failed."""
        with contextlib.suppress(FileNotFoundError):
            self.path_for(sha256).unlink()

    def _copy(self, source: Path, progress: ProgressFn | None) -> Staged:
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", suffix=".part", dir=self.root)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                with contextlib.suppress(AttributeError, OSError):
                    os.posix_fadvise(src.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
                buf = bytearray(CHUNK)
                view = memoryview(buf)
                written_out = 0
                while True:
                    n = src.readinto(buf)
                    if not n:
                        break
                    digest.update(view[:n])
                    out.write(view[:n])
                    size += n
                    if size - written_out >= WRITEBACK_EVERY:
                        out.flush()
                        start_writeback(out.fileno(), written_out, size - written_out)
                        written_out = size
                    if progress:
                        progress(n)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            if disk_full(exc) is not None:
                raise DiskFullError(N_("the disk is full while copying it into {store}; nothing "
                                       "was stored: free some space and run the command again"),
                                    source, code="store.disk-full", field="file",
                                    store=str(self.root)) from exc
            raise ClearError(N_("cannot read the file ({error})"), source, code="store.unreadable",
                             field="file", error=exc.strerror or str(exc)) from exc
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        return Staged(tmp, digest.hexdigest(), size, source)

    def verify_one(self, sha256: str, progress: ProgressFn | None = None) -> None:
        """Re-hash one original; raise FixityError if it is missing or altered."""
        path = self.path_for(sha256)
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as fh:
                buf = bytearray(CHUNK)
                view = memoryview(buf)
                while n := fh.readinto(buf):
                    digest.update(view[:n])
                    if progress:
                        progress(n)
        except FileNotFoundError as exc:
            raise FixityError(N_("missing from the originals store"), path,
                              code="fixity.missing") from exc
        if digest.hexdigest() != sha256:
            raise FixityError(N_("checksum mismatch (now {checksum}…)"), path,
                              code="fixity.mismatch", checksum=digest.hexdigest()[:16])

