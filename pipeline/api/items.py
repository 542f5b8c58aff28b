"""Recordings: add one, import a sheet, edit, clear, withdraw, list and show.

Side files (transcript, chapters, cover) arrive as paths; they are checked and
staged here, and staging is undone whatever happens, so no front-end repeats
that dance. New originals go to the replica (``[replica]`` in clea.toml) after
an add or an import, with a warning, never a failure, if it cannot be reached.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive import (
    CLEARED,
    N_,
    WITHDRAWN,
    Attachments,
    ClearError,
    HistoryEntry,
    Item,
    ItemFields,
    ItemFilter,
    Original,
)
from media.probe import StreamCheck
from pipeline.services.ingest import Recording, add_recording, stage_sidecar
from pipeline.services.sheet import import_sheet

if TYPE_CHECKING:
    from pipeline.api.library import Library

Warn = Callable[[str], None]
Progress = Callable[[int], None]
SIDE_KINDS = ("transcript", "chapters", "cover")


@dataclass(frozen=True)
class SideFiles:
    """Files that go with an item, as paths the user gave (or an upload's temporary path)."""

    transcript: Path | None = None
    chapters: Path | None = None
    cover: Path | None = None

    def given(self) -> dict[str, Path]:
        return {kind: Path(p) for kind in SIDE_KINDS if (p := getattr(self, kind))}


@dataclass(frozen=True)
class NewRecording:
    """One recording to add: the file, its series, what is said about it, and its side files."""

    file: Path
    series: str
    fields: ItemFields
    side: SideFiles = SideFiles()
    cleared: bool = False
    form_ref: str = ""
    name: str | None = None  # what to call the file in messages (an upload's own name)
    sha256: str | None = None  # computed while it was received: adopted, not copied
    check: StreamCheck | None = None  # decoded while it was received: not decoded again


@dataclass(frozen=True)
class ItemChanges:
    """An edit: the fields that change, a move to another series, new side files."""

    values: dict[str, object] = field(default_factory=dict)
    series: str | None = None
    side: SideFiles = SideFiles()

    @property
    def empty(self) -> bool:
        return not self.values and not self.series and not self.side.given()


@dataclass(frozen=True)
class Edited:
    """What an edit did: the item before and after (``changed`` False: nothing to do)."""

    before: Item
    item: Item
    changed: bool = True

    @property
    def back_to_draft(self) -> bool:
        """A bibliothécaire's edit of a public item sends it back to a responsable."""
        return self.item.status != self.before.status


@dataclass(frozen=True)
class ItemView:
    item: Item
    history: list[HistoryEntry]


class Items:
    """The item actions of ``Library``."""

    def add(self: Library, new: NewRecording, *, progress: Progress | None = None,
            warn: Warn | None = None) -> Item:
        """Store one recording (and its side files) or nothing; ``warn`` hears of a
        title already used in the series and of a replica that could not be reached."""
        side = new.side.given()
        item = add_recording(self.catalogue, Recording(
            file=Path(new.file), series=new.series, fields=new.fields, cleared=new.cleared,
            form_ref=new.form_ref, name=new.name, sha256=new.sha256, check=new.check,
            **side),
            actor=self.actor.name, role=self.actor.role, progress=progress, warn=warn)
        self._to_replica([item], warn)
        return item

    def import_sheet(self: Library, sheet: Path, *, warn: Warn | None = None) -> list[Item]:
        """Every row of a CSV sheet, or none if any row is wrong (one line per bad row)."""
        self._require_responsable_for_import()
        items = import_sheet(self.catalogue, Path(sheet), actor=self.actor.name, warn=warn)
        self._to_replica(items, warn)
        return items

    def edit(self: Library, slug: str, changes: ItemChanges) -> Edited:
        """Change what is said about an item; its slug, GUID and original never change.

        A move to the series it is already in is no move; with nothing left to
        change, nothing is written and ``Edited.changed`` is False.
        """
        cat = self.catalogue
        before = cat.item(slug)
        moved = changes.series if changes.series and changes.series != before.series else None
        with contextlib.ExitStack() as stack:
            attachments = Attachments(**{
                kind: stage_sidecar(cat, path, kind, stack, before.original.duration)
                for kind, path in changes.side.given().items()})
            if not changes.values and not moved and not any(vars(attachments).values()):
                return Edited(before, before, changed=False)
            item = cat.edit_item(slug, dict(changes.values), attachments=attachments,
                                 series=moved, actor=self.actor.name, role=self.actor.role)
        return Edited(before, item)

    def clear(self: Library, slug: str, form_ref: str = "") -> Item:
        """Rights and consents are in hand: it goes out at the next build and publish."""
        return self.catalogue.set_status(slug, CLEARED, form_ref=form_ref,
                                         actor=self.actor.name, role=self.actor.role)

    def withdraw(self: Library, slug: str, reason: str = "") -> Item:
        """Out of every public output at the next build and publish; the original stays."""
        return self.catalogue.set_status(slug, WITHDRAWN, note=reason, actor=self.actor.name,
                                         role=self.actor.role)

    def items(self: Library, where: ItemFilter | None = None) -> list[Item]:
        return self.catalogue.items(where)

    def item(self: Library, slug: str) -> Item:
        return self.catalogue.item(slug)

    def view(self: Library, slug: str) -> ItemView:
        """An item with its history, for its page or ``clea show``."""
        return ItemView(self.catalogue.item(slug), self.catalogue.history(slug))

    def original_path(self: Library, sha256: str) -> Path:
        """Where a stored file (an original, a cover) lies in the store."""
        return self.catalogue.original_path(sha256)

    def original(self: Library, sha256: str) -> Original:
        """What the store knows of a stored file: its format, medium, name."""
        return self.catalogue.original(sha256)

    def years(self: Library) -> list[int]:
        """The years of the items and of the residences' dates, newest first."""
        years = {item.year for item in self.catalogue.items()}
        for r in self.catalogue.residences():
            years.update(day.year for day in (r.start, r.end) if day)
        return sorted(years, reverse=True)

    def _require_responsable_for_import(self: Library) -> None:
        # A sheet can clear every row: only those who may clear may import one.
        # (The web interface has no import; the command line's actor may.)
        if not self.actor.is_responsable:
            raise ClearError(N_("only a responsable may import a sheet"), self.actor.name,
                             code="sheet.not-allowed")

    def _to_replica(self: Library, items: list[Item], warn: Warn | None) -> None:
        """Send the new originals and side files to the replica, if clea.toml names one."""
        from pipeline.preserve.replica import send_new

        shas = [sha for i in items for sha in (i.original.sha256, i.transcript_sha,
                                                i.chapters_sha, i.cover_sha) if sha]
        for warning in send_new(self.catalogue, self.settings, shas):
            if warn is not None:
                warn(f"clea: warning: replica: {warning}")
