"""Checks on the side files of an item (transcript, chapters, cover) before storing.

Each kind is checked by the media module that knows its format, so a broken
file is refused at ingest with the line that is wrong, not at build time.
"""

from __future__ import annotations

from pathlib import Path

from media import MediaError
from media.errors import N_

KINDS = ("transcript", "chapters", "cover")


def check(path: Path, kind: str, duration: float | None = None) -> None:
    """Raise MediaError naming ``path`` if it is not a usable ``kind`` file."""
    if kind == "transcript":
        from media import transcripts

        transcripts.parse(Path(path), duration=duration)
    elif kind == "chapters":
        from media import chapters

        chapters.parse(Path(path), duration=duration)
    elif kind == "cover":
        from media import covers

        covers.check(Path(path))
    else:  # pragma: no cover - programming error
        raise MediaError(N_("unknown side file kind {kind!r}"), path, code="sidecar.unknown-kind",
                         kind=kind)
