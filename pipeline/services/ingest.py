"""Adding recordings: one file (``add_recording``) or a whole sheet (``import_sheet``).

Both take the same path: copy into the store's staging area while hashing (one
read of the source), probe the copy by content, check everything, then commit
in one catalogue transaction. Any refusal leaves catalogue and store exactly as
they were. The CLI and the web interface call these functions and nothing else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from archive import (
    DOCUMENT,
    IMAGE,
    N_,
    Attachments,
    Catalogue,
    ClearError,
    Item,
    ItemFields,
    ItemFilter,
    MediaFacts,
)
from archive.identifiers import MAX_SLUG
from archive.store import Staged
from media import Probe, probe
from media.documents import probe_document
from media.images import probe_image
from media.probe import StreamCheck, require_file
from pipeline.services import sidecars

Progress = Callable[[int], None]
Warn = Callable[[str], None]


@dataclass
class Recording:
    """Everything a user gives for one new item (CLI options, a sheet row, a form)."""

    file: Path
    series: str
    fields: ItemFields
    transcript: Path | None = None
    chapters: Path | None = None
    cover: Path | None = None
    cleared: bool = False
    form_ref: str = ""
    name: str | None = None  # what to call the file in messages (a sheet row, an upload)
    # The file's digest when it was computed as the file was received (web
    # uploads): the store then adopts the file instead of copying it.
    sha256: str | None = None
    # Its decode made as it was received (web uploads of MP3, FLAC, Ogg): if
    # clean and whole, the probe does not decode the stored file again.
    check: StreamCheck | None = None


def facts_of(p: Probe) -> MediaFacts:
    return MediaFacts(p.medium, p.format, p.duration, p.channels, p.width, p.height)


def probe_for(path: Path, name: str | Path, medium: str,
              check: StreamCheck | None = None) -> MediaFacts:
    """Probe a file by content as what its series holds: a picture, a PDF, or a recording.

    An image or document series judges the file with the picture or PDF reader,
    so a text file named ``.jpg`` is refused as "not a picture", not as a recording.
    """
    if medium == IMAGE:
        pic = probe_image(path, name=name)
        return MediaFacts(IMAGE, pic.format, 0.0, 0, pic.width, pic.height)
    if medium == DOCUMENT:
        doc = probe_document(path, name=name)
        return MediaFacts(DOCUMENT, "pdf", 0.0, 0, doc.width, doc.height, doc.pages)
    return facts_of(probe(path, name=name, streamed=check))


def no_sidecars(medium: str, given: list[str], name: str | Path) -> None:
    """Pictures and documents have no transcript or chapters (a caption and the
    document's own text stand for them), nor a cover (they are their own)."""
    if medium in (IMAGE, DOCUMENT) and given:
        raise ClearError(N_("a picture or a document takes no {files}; its caption is the "
                            "description and its alternative text --alt"), name,
                         code="item.sidecar-not-for-medium", field=given[0],
                         files=", ".join(given))


def title_key(title: str) -> str:
    """What makes two titles "the same" here: the slug they would give (accents,
    case and punctuation aside), as an equal one is silently suffixed "-2"."""
    return slugify(title, max_length=MAX_SLUG, word_boundary=True)


def same_title(cat: Catalogue, series: str, title: str) -> list[Item]:
    """The items of ``series`` whose title is ``title``, as far as slugs can tell."""
    key = title_key(title)
    return [i for i in cat.items(ItemFilter(series=series)) if title_key(i.title) == key]


def reused_title(series: str, title: str, earlier: list[str], slug: str) -> str:
    """The warning for a title already used in the series: allowed, but said."""
    return (f"warning: series {series!r} already has {title!r} ({', '.join(earlier)}); "
            f"this recording is {slug}. Change its title with `clea edit {slug} --title …`.")


def add_recording(cat: Catalogue, rec: Recording, *, actor: str | None = None,
                  progress: Progress | None = None, role: str | None = None,
                  warn: Warn | None = None) -> Item:
    """Store one recording and return the new item, or raise with one clear line.

    A title already used in the same series is not refused (two tales may share
    one) but ``warn`` is told, with the slug each got.
    """
    # Cheap refusals first (add_item checks them again inside its transaction),
    # so a bad title or series never costs a copy of a gigabyte file.
    rec.fields.validated()
    medium = cat.series(rec.series).medium
    label = rec.name or rec.file
    require_file(rec.file, label)
    no_sidecars(medium, [k for k in ("transcript", "chapters", "cover") if getattr(rec, k)],
                label)
    with contextlib.ExitStack() as stack:
        if rec.sha256:
            size = Path(rec.file).stat().st_size
            staged = stack.enter_context(cat.store.adopting(rec.file, rec.sha256, size))
        else:
            staged = stack.enter_context(cat.store.staging(rec.file, progress))
        staged.source = Path(label)
        facts = probe_for(staged.path, label, medium, rec.check)
        side = _stage_sidecars(cat, rec, stack, facts.duration)
        earlier = [i.slug for i in same_title(cat, rec.series, rec.fields.title)]
        item = cat.add_item(
            rec.fields, series=rec.series, original=staged, facts=facts,
            attachments=side, cleared=rec.cleared, form_ref=rec.form_ref, actor=actor,
            role=role,
        )
    if earlier and warn is not None:
        warn(reused_title(rec.series, rec.fields.title, earlier, item.slug))
    return item


def stage_sidecar(cat: Catalogue, path: Path, kind: str, stack: contextlib.ExitStack,
                  duration: float | None = None) -> Staged:
    """Check and stage a transcript, chapters file or cover for an add or an edit."""
    require_file(path, path)
    sidecars.check(path, kind, duration)
    staged = stack.enter_context(cat.store.staging(path))
    return staged


def _stage_sidecars(cat: Catalogue, rec: Recording, stack: contextlib.ExitStack,
                    duration: float) -> Attachments:
    return Attachments(**{
        kind: stage_sidecar(cat, getattr(rec, kind), kind, stack, duration)
        for kind in ("transcript", "chapters", "cover") if getattr(rec, kind)
    })


class SheetError(ClearError):
    """A refused sheet: one line per bad row (``sheet.csv:7: …``), in row order.

    Each row keeps its own error (code, field, parameters), so the whole
    refusal is translated row by row like any other error.
    """

    def __init__(self, sheet: Path, rows: list[tuple[int, ClearError]]) -> None:
        self.rows = [ClearError(N_("{error}"), f"{sheet}:{line}", code="sheet.bad-row", error=exc)
                     for line, exc in sorted(rows, key=lambda row: row[0])]
        super().__init__(N_("{rows}"), code="sheet.refused", rows=self.rows)
