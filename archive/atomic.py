"""The one way clea writes a file: temp file in the same folder, fsync, rename.

A crash at any point leaves either the old file or the new one under the final
name, never half of one (DESIGN.md, invariant 4).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


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
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
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


def write_if_changed(dest: Path, data: bytes, *, mode: int = 0o644) -> bool:
    """Write only when the content differs; return whether the file was written.

    This is what makes a rebuild with nothing changed write nothing.
    """
    dest = Path(dest)
    try:
        if dest.stat().st_size == len(data) and dest.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_bytes(dest, data, mode=mode)
    return True
