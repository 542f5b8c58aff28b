"""The errors a user can cause, and the few that are not bugs.

Everything raised from here is caught at the command-line (or web) boundary
and shown as one line; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

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
