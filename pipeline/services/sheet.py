"""Spreadsheet import, all or nothing.

Every row is read, checked, copied to staging and probed before anything is
stored; one bad row refuses the whole sheet with one line per bad row
(``sheet.csv:7: trop-court.mp3: the file is truncated …``) and leaves the
archive exactly as it was. French spreadsheets export ``;`` and a BOM: both work.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from archive import (
    N_,
    Attachments,
    Catalogue,
    ClearError,
    Item,
    ItemFields,
    parse_contributor,
    parse_date,
)
from media import MediaError
from media.probe import require_file
from pipeline.plumbing.progress import bar
from pipeline.services.ingest import (
    SheetError,
    Warn,
    no_sidecars,
    probe_for,
    reused_title,
    same_title,
    stage_sidecar,
    title_key,
)

COLUMNS = ("file", "series", "title", "description", "kind", "audience", "contributor",
           "recorded", "licence", "transcript", "chapters", "cover", "cleared",
           # extensions beyond docs/design.md's list
           "theme", "place", "group", "language", "form", "alt")
REQUIRED = ("file", "series", "title")
YES = {"yes", "oui", "y", "o", "true", "vrai", "1", "x"}
NO = {"no", "non", "n", "false", "faux", "0", ""}


@dataclass
class Row:
    line: int
    file: Path
    series: str
    fields: ItemFields
    cleared: bool
    form: str
    sidecars: dict[str, Path]


def read_sheet(sheet: Path) -> tuple[list[Row], list[tuple[int, ClearError]]]:
    """Parse and check the sheet's text: the good rows, and (line, error) per bad row."""
    sheet = Path(sheet)
    if not sheet.exists():
        raise ClearError(N_("no such sheet"), sheet, code="sheet.missing", field="file")
    if not sheet.is_file():
        raise ClearError(N_("is not a file"), sheet, code="sheet.not-a-file", field="file")
    try:
        text = sheet.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClearError(N_("is not UTF-8 text (byte {byte}); export the sheet as CSV UTF-8"),
                         sheet, code="sheet.not-utf8", field="file", byte=exc.start) from exc
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ClearError(N_("the sheet is empty"), sheet, code="sheet.empty", field="file")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    where, columns = f"{sheet}:1", ", ".join(COLUMNS)
    if missing and unknown:
        raise ClearError(N_("missing column(s) {missing}; unknown column(s) {unknown} "
                            "(columns: {columns})"), where, code="sheet.bad-columns",
                         missing=", ".join(missing), unknown=", ".join(unknown), columns=columns)
    if missing:
        raise ClearError(N_("missing column(s) {missing} (columns: {columns})"), where,
                         code="sheet.missing-columns", missing=", ".join(missing),
                         columns=columns)
    if unknown:
        raise ClearError(N_("unknown column(s) {unknown} (columns: {columns})"), where,
                         code="sheet.unknown-columns", unknown=", ".join(unknown),
                         columns=columns)
    reader.fieldnames = header
    rows, errors = [], []
    for raw in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue
        try:
            if None in raw:
                raise ClearError(N_("more cells than columns"), code="sheet.too-many-cells")
            rows.append(_row(sheet, line, {k: (v or "").strip() for k, v in raw.items()}))
        except (ClearError, MediaError) as exc:
            errors.append((line, exc))
    if not rows and not errors:
        raise ClearError(N_("the sheet has no rows"), sheet, code="sheet.no-rows", field="file")
    return rows, errors


def _row(sheet: Path, line: int, cells: dict[str, str]) -> Row:
    for col in REQUIRED:
        if not cells.get(col):
            raise ClearError(N_("the {column} cell is empty"), code="sheet.empty-cell",
                             column=col)

    def many(col: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in cells.get(col, "").split(";") if v.strip())

    cleared = cells.get("cleared", "").lower()
    if cleared not in YES | NO:
        raise ClearError(N_("cleared must be yes or no (oui/non), not {value!r}"),
                         code="sheet.bad-cleared", value=cells["cleared"])
    base = sheet.parent
    fields = ItemFields(
        title=cells["title"], description=cells.get("description", ""),
        kind=cells.get("kind") or "podcast", audiences=many("audience"), themes=many("theme"),
        place=cells.get("place", ""), language=cells.get("language") or "fr",
        licence=cells.get("licence") or ItemFields.licence,
        contributors=tuple(parse_contributor(c) for c in many("contributor")),
        group=cells.get("group", ""), recorded=parse_date(cells.get("recorded"), "recorded date"),
        alt=cells.get("alt", ""),
    ).validated()
    return Row(
        line=line, file=base / cells["file"], series=cells["series"], fields=fields,
        cleared=cleared in YES, form=cells.get("form", ""),
        sidecars={k: base / cells[k] for k in ("transcript", "chapters", "cover") if cells.get(k)},
    )


def import_sheet(cat: Catalogue, sheet: Path, *, actor: str | None = None,
                 warn: Warn | None = None) -> list[Item]:
    """Import every row of ``sheet`` or none. Returns the new items in sheet order.

    A row whose title is already used in its series (in the archive or on an
    earlier row) is imported, and ``warn`` is told, line by line.
    """
    rows, errors = read_sheet(sheet)
    known_series = {s.slug: s.medium for s in cat.series_list()}
    total = sum(r.file.stat().st_size for r in rows if r.file.is_file())
    with contextlib.ExitStack() as stack:
        staged = []
        seen: dict[str, int] = {}
        with bar(total, N_("checking")) as progress:
            for row in rows:
                try:
                    if row.series not in known_series:
                        raise ClearError(N_("no series {series!r} (see `clea series list`)"),
                                         code="sheet.unknown-series", series=row.series)
                    require_file(row.file, row.file.name)
                    no_sidecars(known_series[row.series], list(row.sidecars), row.file.name)
                    st = stack.enter_context(cat.store.staging(row.file, progress.update))
                    found = probe_for(st.path, row.file.name, known_series[row.series])
                    if found.medium != known_series[row.series]:
                        if found.medium == "video":
                            raise ClearError(N_("this is a video file but series {series!r} "
                                                "is audio"), row.file.name,
                                             code="sheet.wrong-medium.video-file",
                                             series=row.series)
                        raise ClearError(N_("this is an audio file but series {series!r} "
                                            "is video"), row.file.name,
                                         code="sheet.wrong-medium.audio-file", series=row.series)
                    if st.sha256 in seen:
                        raise ClearError(N_("the same recording as line {line}"),
                                         row.file.name, code="sheet.same-recording",
                                         line=seen[st.sha256])
                    holder = cat.holder_of(st.sha256)
                    if holder:
                        raise ClearError(N_("already in the archive as {holder!r}"),
                                         row.file.name, code="sheet.duplicate", holder=holder)
                    seen[st.sha256] = row.line
                    side = {k: stage_sidecar(cat, p, k, stack, found.duration)
                            for k, p in row.sidecars.items()}
                    staged.append((row, st, found, side))
                except (ClearError, MediaError) as exc:
                    errors.append((row.line, exc))
        if errors:
            raise SheetError(sheet, errors)
        earlier: dict[tuple[str, str], list[str]] = {}  # (series, title key) -> slugs
        for row, *_ in staged:
            key = (row.series, title_key(row.fields.title))
            if key not in earlier:
                earlier[key] = [i.slug for i in same_title(cat, row.series, row.fields.title)]
        items = []
        with cat.action():
            for row, st, facts, side in staged:
                items.append(cat.add_item(
                    row.fields, series=row.series, original=st, facts=facts,
                    attachments=Attachments(**side), cleared=row.cleared, form_ref=row.form,
                    actor=actor,
                ))
        for (row, *_), item in zip(staged, items, strict=True):
            seen = earlier[row.series, title_key(row.fields.title)]
            if seen and warn is not None:
                warn(f"{sheet}:{row.line}: " + reused_title(row.series, row.fields.title,
                                                             list(seen), item.slug))
            seen.append(item.slug)
        return items

