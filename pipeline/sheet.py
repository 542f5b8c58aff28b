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
    Attachments,
    Catalogue,
    ClearError,
    Item,
    ItemFields,
    parse_contributor,
    parse_date,
)
from media import MediaError, probe
from media.probe import require_file

from .ingest import (
    SheetError,
    Warn,
    facts_of,
    refuse_reason,
    reused_title,
    same_title,
    stage_sidecar,
    title_key,
)
from .progress import bar

COLUMNS = ("file", "series", "title", "description", "kind", "audience", "contributor",
           "recorded", "licence", "transcript", "chapters", "cover", "cleared",
           # extensions beyond DESIGN.md's list
           "theme", "place", "group", "language", "form")
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


def read_sheet(sheet: Path) -> tuple[list[Row], list[tuple[int, str]]]:
    """Parse and check the sheet's text: the good rows, and (line, message) per bad row."""
    sheet = Path(sheet)
    if not sheet.is_file():
        raise ClearError("no such sheet" if not sheet.exists() else "is not a file", sheet)
    try:
        text = sheet.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClearError(f"is not UTF-8 text (byte {exc.start}); export the sheet as "
                         "CSV UTF-8", sheet) from exc
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ClearError("the sheet is empty", sheet)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s) " + ", ".join(unknown))
        raise ClearError("; ".join(parts) + f" (columns: {', '.join(COLUMNS)})", f"{sheet}:1")
    reader.fieldnames = header
    rows, errors = [], []
    for raw in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue
        try:
            if None in raw:
                raise ClearError("more cells than columns")
            rows.append(_row(sheet, line, {k: (v or "").strip() for k, v in raw.items()}))
        except (ClearError, MediaError) as exc:
            errors.append((line, exc.line()))
    if not rows and not errors:
        raise ClearError("the sheet has no rows", sheet)
    return rows, errors


def _row(sheet: Path, line: int, cells: dict[str, str]) -> Row:
    for col in REQUIRED:
        if not cells.get(col):
            raise ClearError(f"the {col} cell is empty")

    def many(col: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in cells.get(col, "").split(";") if v.strip())

    cleared = cells.get("cleared", "").lower()
    if cleared not in YES | NO:
        raise ClearError(f"cleared must be yes or no (oui/non), not {cells['cleared']!r}")
    base = sheet.parent
    fields = ItemFields(
        title=cells["title"], description=cells.get("description", ""),
        kind=cells.get("kind") or "podcast", audiences=many("audience"), themes=many("theme"),
        place=cells.get("place", ""), language=cells.get("language") or "fr",
        licence=cells.get("licence") or ItemFields.licence,
        contributors=tuple(parse_contributor(c) for c in many("contributor")),
        group=cells.get("group", ""), recorded=parse_date(cells.get("recorded"), "recorded date"),
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
        with bar(total, "checking") as progress:
            for row in rows:
                try:
                    if row.series not in known_series:
                        raise ClearError(f"no series {row.series!r} (see `clea series list`)")
                    require_file(row.file, row.file.name)
                    st = stack.enter_context(cat.store.staging(row.file, progress.update))
                    found = probe(st.path, name=row.file.name)
                    if found.medium != known_series[row.series]:
                        raise ClearError(f"this is a {found.medium} file but series "
                                         f"{row.series!r} is {known_series[row.series]}",
                                         row.file.name)
                    if st.sha256 in seen:
                        raise ClearError(f"the same recording as line {seen[st.sha256]}",
                                         row.file.name)
                    holder = cat.holder_of(st.sha256)
                    if holder:
                        raise ClearError(f"already in the archive as {holder!r}", row.file.name)
                    seen[st.sha256] = row.line
                    side = {k: stage_sidecar(cat, p, k, stack, found.duration)
                            for k, p in row.sidecars.items()}
                    staged.append((row, st, facts_of(found), side))
                except (ClearError, MediaError) as exc:
                    errors.append((row.line, _line(exc)))
        if errors:
            raise SheetError([f"{sheet}:{line}: {msg}" for line, msg in sorted(errors)])
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


def _line(exc: ClearError | MediaError) -> str:
    return exc.line() if exc.subject else refuse_reason(exc)
