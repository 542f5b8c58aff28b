"""The one error media raises: a file that cannot be used, and why.

``media`` imports nothing from the catalogue, so it has its own error type;
the command line and the web interface catch it beside ``archive.ClearError``.
"""

from __future__ import annotations

from pathlib import Path


class MediaError(Exception):
    def __init__(self, reason: str, subject: str | Path | None = None) -> None:
        self.reason = reason
        self.subject = str(subject) if subject is not None else None
        super().__init__(self.line())

    def line(self) -> str:
        return f"{self.subject}: {self.reason}" if self.subject else self.reason
