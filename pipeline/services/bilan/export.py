"""The bilan as text, CSV, JSON and ODS (the programme officers' LibreOffice).

Text, CSV and ODS speak French: they are pasted into the reports sent to the
funders. JSON is for programs: English keys, codes beside the French labels.
Each writer returns the whole file (a bilan is a few hundred lines at most).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date

from pipeline.services.bilan.model import Bilan, Count, Part

NBSP = "\u00a0"
FORMATS = ("text", "csv", "json", "ods")
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
CSV_TYPE = "text/csv; charset=utf-8"


def number(n: int) -> str:
    """French digit grouping: 2 368 (with a non-breaking space)."""
    return f"{n:,}".replace(",", NBSP)


def people_phrase(n: int) -> str:
    """« plus de 2 300 personnes impliquées », as the yearly review says it.

    Below a hundred, or on a round hundred, the exact number; else the hundred below,
    so the phrase never claims more than the figures add up to.
    """
    if n < 100 or n % 100 == 0:
        return f"{number(n)} personne{'s' if n > 1 else ''} impliquée{'s' if n > 1 else ''}"
    return f"plus de {number(n // 100 * 100)} personnes impliquées"


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def scope(bilan: Bilan) -> str:
    """What the bilan covers, in one French line."""
    when = f"année {bilan.year}" if bilan.year else "toutes les années"
    what = f"résidence « {bilan.parts[0].title} »" if bilan.residence and bilan.parts else \
        ("résidence " + bilan.residence if bilan.residence else "toutes les résidences")
    return f"Bilan — {what}, {when}"


def sections(part: Part, listening: bool) -> Iterator[tuple[str, str, tuple[Count, ...]]]:
    """(code, French heading, lines) of a part, in the order every format shows them."""
    yield "figures", "Chiffres de la résidence", part.figures
    yield "people", "Personnes impliquées", (Count("people", "Personnes impliquées",
                                                   part.people),)
    productions = (Count("productions", "Productions", part.productions),
                   Count("audio_minutes", "Minutes d'audio", part.audio_minutes),
                   Count("video_minutes", "Minutes de vidéo", part.video_minutes))
    yield "productions", "Productions", productions
    yield "kind", "Productions par type", part.by_kind
    yield "medium", "Productions par support", part.by_medium
    yield "audience", "Épisodes par public", part.by_audience
    yield "place", "Épisodes par lieu", part.by_place
    yield "theme", "Épisodes par thème", part.by_theme
    yield "year", "Épisodes par année", part.by_year
    if listening:
        yield "downloads", "Écoutes (téléchargements)", (
            Count("downloads", "Téléchargements", part.downloads or 0),
            *part.by_series_downloads)


def _all_parts(bilan: Bilan) -> list[Part]:
    return [*bilan.parts, bilan.total] if len(bilan.parts) != 1 or not bilan.residence \
        else list(bilan.parts)


def _header(part: Part) -> list[str]:
    lines = [part.title]
    if part.kind_label:
        lines.append(part.kind_label)
    if part.start or part.end:
        lines.append(f"du {day(part.start) or '?'} au {day(part.end) or '?'}")
    if part.artists:
        lines.append("Artistes : " + ", ".join(part.artists))
    if part.places:
        lines.append("Lieux : " + ", ".join(part.places))
    return lines


def to_text(bilan: Bilan) -> str:
    out = [scope(bilan), "=" * len(scope(bilan)), "",
           f"En tout : {people_phrase(bilan.total.people)} "
           f"({number(bilan.total.people)}), {number(bilan.total.productions)} production(s).",
           ""]
    for part in _all_parts(bilan):
        head = _header(part)
        out += [head[0], "-" * len(head[0]), *head[1:], ""]
        for _code, heading, lines in sections(part, bilan.listening):
            if not lines:
                continue
            out.append(f"  {heading}")
            out += [f"    {c.label} : {number(c.value)}" for c in lines]
        out.append("")
    return "\n".join(out).replace(NBSP, " ")


CSV_COLUMNS = ("residence", "titre", "rubrique", "code", "libelle", "valeur")


def to_csv(bilan: Bilan) -> str:
    """One line per number: residence, title, section, code, French label, value.

    Semicolons and a byte-order mark, so a double click opens it right in
    LibreOffice and in Excel set to French.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for part in _all_parts(bilan):
        slug = part.slug or "total"
        for code, _heading, lines in sections(part, bilan.listening):
            for c in lines:
                writer.writerow((slug, part.title, code, c.code, c.label, c.value))
    return "\ufeff" + buf.getvalue()


def to_dict(bilan: Bilan) -> dict:
    def counts(lines: tuple[Count, ...]) -> list[dict]:
        return [{"code": c.code, "label": c.label, "value": c.value} for c in lines]

    def part(p: Part) -> dict:
        out = {
            "slug": p.slug or None, "title": p.title, "kind": p.kind_label or None,
            "start": p.start.isoformat() if p.start else None,
            "end": p.end.isoformat() if p.end else None,
            "figures": {c.code: c.value for c in p.figures},
            "people": p.people, "productions": p.productions,
            "audio_minutes": p.audio_minutes, "video_minutes": p.video_minutes,
            "by_kind": counts(p.by_kind), "by_medium": counts(p.by_medium),
            "by_audience": counts(p.by_audience), "by_place": counts(p.by_place),
            "by_theme": counts(p.by_theme), "by_year": counts(p.by_year),
        }
        if bilan.listening:
            out["downloads"] = p.downloads
            out["downloads_by_series"] = counts(p.by_series_downloads)
        return out

    return {"year": bilan.year, "residence": bilan.residence,
            "people_phrase": people_phrase(bilan.total.people).replace(NBSP, " "),
            "residences": [part(p) for p in bilan.parts], "total": part(bilan.total)}


def to_json(bilan: Bilan) -> str:
    return json.dumps(to_dict(bilan), ensure_ascii=False, indent=2) + "\n"


def to_ods(bilan: Bilan) -> bytes:
    """A spreadsheet: the total first, then one sheet per residence (named by its slug,
    which is unique and safe in a sheet name; the title is the sheet's first line)."""
    # Imported here: odfdo (and lxml's ODF schema) adds some 17 MB and a tenth of a
    # second to every process that imports it, and every command line and `clea build`
    # reaches this module, while only an ODS bilan needs it.
    from odfdo import Cell, Document, Row, Table

    doc = Document("spreadsheet")
    body = doc.body
    body.clear()
    sheets = [(bilan.total, "Total")] if bilan.parts and not (
        bilan.residence and len(bilan.parts) == 1) else []
    sheets += [(p, p.slug) for p in bilan.parts]
    if not sheets:
        sheets = [(bilan.total, "Total")]
    for part, name in sheets:
        table = Table(name)
        rows: list[list[object]] = [[scope(bilan) if part.is_total else part.title]]
        if part.is_total:
            rows.append([people_phrase(part.people).replace(NBSP, " ")])
        rows += [[line] for line in _header(part)[1:]]
        for _code, heading, lines in sections(part, bilan.listening):
            if not lines:
                continue
            rows.append([])
            rows.append([heading])
            rows += [[c.label, c.value] for c in lines]
        for values in rows:
            row = Row()
            for value in values:
                row.append_cell(Cell(value))
            table.append_row(row)
        body.append(table)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render(bilan: Bilan, fmt: str) -> bytes:
    if fmt == "ods":
        return to_ods(bilan)
    text = {"text": to_text, "csv": to_csv, "json": to_json}[fmt](bilan)
    return text.encode("utf-8")
