"""The one way clea writes a file: temp file in the same folder, fsync, rename.

A crash at any point leaves either the old file or the new one under the final
name, never half of one (docs/design.md, invariant 4).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

# What ``tempfile.mkstemp(prefix=f".{name}.", suffix=".part")`` makes: ".NAME.XXXXXXXX.part".
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.part")


def temporary_of(name: str) -> str | None:
    """The final name a temporary file of ours was for, or None if ``name`` is not one.

    A killed process (SIGKILL, power cut) leaves these behind; the next run of
    whatever wrote them removes them (``remove_leftovers``).
    """
    match = _TEMPORARY.fullmatch(name)
    return match.group("name") if match else None


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete our temporary files anywhere under ``folder``; returns those removed.

    Call it only while holding the lock of whatever writes into ``folder``.
    """
    removed = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if temporary_of(name) is not None:
                path = Path(root, name)
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed


def _name_the_file(exc: OSError, dest: Path) -> None:
    """Name the file being written: a failed write() names none, and a failed copy
    names its source (a full disk must say where it was writing)."""
    if exc.filename is None or exc.errno in (errno.ENOSPC, errno.EDQUOT):
        exc.filename, exc.filename2 = str(dest), None


def start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask the kernel to start writing a range of a file to disk now, without waiting.

    Left to itself the kernel writes late, and an fsync after a large write
    waits for all of it; asked range by range as the file is written, the disk
    works while we do, and the fsync waits for the tail only. On Linux,
    POSIX_FADV_DONTNEED starts the writeback of the range's dirty pages (they
    stay cached until written). Elsewhere this does nothing.
    """
    with contextlib.suppress(AttributeError, OSError):
        os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable: fsync the folder that holds it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(dest: Path, *, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it replaces ``dest``.

    For writers that need a path (ffmpeg, mutagen, Pillow). On error the
    temporary file is removed and ``dest`` is left as it was.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError):
            _name_the_file(exc, dest)
        raise


@contextlib.contextmanager
def atomic_open(dest: Path, *, mode: int = 0o644) -> Iterator[IO[bytes]]:
    """Yield a binary file object whose content replaces ``dest`` on success."""
    with atomic_path(dest, mode=mode) as tmp, open(tmp, "wb") as fh:
        yield fh


def write_bytes(dest: Path, data: bytes, *, mode: int = 0o644) -> None:
    with atomic_open(dest, mode=mode) as fh:
        fh.write(data)


def write_text(dest: Path, text: str, *, mode: int = 0o644) -> None:
    write_bytes(dest, text.encode("utf-8"), mode=mode)


def holds(dest: Path, data: bytes) -> bool:
    """Whether ``dest`` already holds exactly ``data`` (the size is compared first)."""
    try:
        return dest.stat().st_size == len(data) and dest.read_bytes() == data
    except FileNotFoundError:
        return False


def write_if_changed(dest: Path, data: bytes, *, mode: int = 0o644) -> bool:
    """Write only when the content differs; return whether the file was written.

    This is what makes a rebuild with nothing changed write nothing.
    """
    dest = Path(dest)
    if holds(dest, data):
        return False
    write_bytes(dest, data, mode=mode)
    return True


def write_many_if_changed(files: Iterable[tuple[Path, bytes]], *, mode: int = 0o644) -> list[Path]:
    """``write_if_changed`` for many files, with two flushes for the lot; returns those written.

    Changed contents go to temp files beside their destinations; one sync makes
    them durable, then each is renamed over its destination and a last sync
    makes the renames durable. As with one file, a crash leaves each
    destination old or new, never half written; a 40,000-page site pays two
    flushes instead of 80,000 fsyncs. A handful of files (an edit) are
    flushed one by one instead (``FEW_FILES``). ``files`` may be a generator.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for dest, data in files:
            dest = Path(dest)
            if holds(dest, data):
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
            staged.append((Path(name), dest))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(name, mode)
        few = len(staged) <= FEW_FILES
        if few:
            for tmp, _ in staged:
                _fsync_file(tmp)
        elif staged:
            os.sync()
        for tmp, dest in staged:
            os.replace(tmp, dest)
    except BaseException as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and staged:
            _name_the_file(exc, staged[-1][1])
        raise
    if few:
        for folder in dict.fromkeys(dest.parent for _, dest in staged):
            fsync_dir(folder)
    elif staged:
        os.sync()
    return [dest for _, dest in staged]


# Up to this many files, each is flushed on its own: a machine-wide sync also waits
# for every other program's writes, which on a busy server costs far more than a
# one-page edit's twenty fsyncs.
FEW_FILES = 64


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
