"""The error media raises: a file that cannot be used, and why.

It is a ``ClearError`` (``archive/errors.py``, the one hierarchy), so every
front-end shows it the same way, translated, beside the form field it names.
"""

from __future__ import annotations

from archive.errors import N_, ClearError, Term

__all__ = ["MediaError", "N_", "Term"]


class MediaError(ClearError):
    """A media file (recording, picture, transcript, chapters) that cannot be used."""
