"""Giving a series an intro and outro (« générique »): what ``clea series edit
--intro/--outro`` and the web series form both call.

Each file is copied into the store's staging area, then judged by content on
that copy (a real sound, not a video, at most ``media.jingles.MAX_SECONDS``,
not silent), then committed with the series change in one transaction: a
refusal leaves catalogue and store as they were.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from archive import Catalogue, Series
from archive.jingles import INTRO, OUTRO, JingleChange, StagedJingle
from media import MediaError, jingles
from media.probe import require_file
from pipeline.services.ingest import facts_of


@dataclass(frozen=True)
class JingleFile:
    """A file given for an intro or outro, and what to call it in messages."""

    path: Path
    name: str | None = None  # the browser's file name for an upload

    @property
    def label(self) -> str | Path:
        return self.name or self.path


def set_series_jingles(cat: Catalogue, slug: str, *, intro: JingleFile | None = None,
                       outro: JingleFile | None = None, no_intro: bool = False,
                       no_outro: bool = False, actor: str | None = None,
                       role: str | None = None) -> Series:
    """Give series ``slug`` the files as its intro/outro, or remove them; return it."""
    cat.series(slug)  # an unknown series is refused before any copy
    with contextlib.ExitStack() as stack:
        changes = {}
        for which, given, remove in ((INTRO, intro, no_intro), (OUTRO, outro, no_outro)):
            staged = stage_jingle(cat, given, which, stack) if given else None
            changes[which] = JingleChange(staged, remove)
        return cat.set_jingles(slug, intro=changes[INTRO], outro=changes[OUTRO], actor=actor,
                               role=role)


def stage_jingle(cat: Catalogue, given: JingleFile, which: str,
                 stack: contextlib.ExitStack) -> StagedJingle:
    """Stage ``given`` in the store and check the copy by content (``which``: the field)."""
    try:
        require_file(given.path, given.label)
    except MediaError as exc:
        exc.field = which
        raise
    staged = stack.enter_context(cat.store.staging(given.path))
    staged.source = Path(str(given.label))
    found = jingles.check(staged.path, name=given.label, field=which)
    return StagedJingle(staged, facts_of(found))
