"""One long job at a time on an archive: a build and a publish never overlap.

A build rewrites the site folder that a publish reads, and both update the
catalogue's records of what they made; the command line and the web
interface may both be asked at once, so they share one advisory lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator

from archive import N_, Catalogue, ClearError

LOCK_NAME = "work.lock"


@contextlib.contextmanager
def exclusive(cat: Catalogue, action: str) -> Iterator[None]:
    """Hold the archive's work lock, or refuse at once naming ``action``."""
    lock = cat.folder / "cache" / LOCK_NAME
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ClearError(N_("another build or publish of this archive is running; "
                                "{action} again when it has finished"), cat.folder,
                             code="archive.busy", action=action) from None
        yield
    finally:
        os.close(fd)
