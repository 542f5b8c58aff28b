"""The errors a user can cause, and the few that are not bugs.

Everything raised from here is caught at the command-line (or web) boundary
and shown as one line; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class ClearError(Exception):
    """A user's mistake: bad input, unknown slug, refused action.

    ``subject`` names what was wrong (a file, a slug, a sheet line) so the
    one-line message always says where to look.
    """

    def __init__(self, reason: str, subject: str | Path | None = None) -> None:
        self.reason = reason
        self.subject = str(subject) if subject is not None else None
        super().__init__(self.line())

    def line(self) -> str:
        return f"{self.subject}: {self.reason}" if self.subject else self.reason


class FixityError(ClearError):
    """An original in the store no longer matches its checksum, or is missing."""


class PublishError(ClearError):
    """A publish target refused or failed after retries."""


class DiskFullError(ClearError):
    """The disk (or the user's quota) is full: said plainly, naming the file."""


def disk_full(exc: BaseException, catalogue: str | Path | None = None) -> DiskFullError | None:
    """The plain one-line error for a full disk, or None if ``exc`` is something else.

    Every write goes through a temporary file (``archive.atomic``), removed on
    failure, and every catalogue change is one transaction, rolled back: nothing
    half-written is left. SQLite says "database or disk is full" without naming
    its file: ``catalogue`` names it.
    """
    if isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc):
        subject: str | Path | None = catalogue
    elif isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        subject = exc.filename or None
    else:
        return None
    return DiskFullError("the disk is full; nothing half-written was kept: free some space "
                         "and run the command again", subject)
