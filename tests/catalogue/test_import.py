"""Spreadsheet import: all rows or none, both separators, with or without BOM."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import snapshot

HEADER = ["file", "series", "title", "audience", "contributor", "cleared", "recorded"]


def write_sheet(path, rows, sep=",", bom=False):
    """As a spreadsheet exports it: cells holding the separator are quoted."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
    return path


@pytest.mark.parametrize("sep,bom", [(",", False), (";", True), (";", False)])
def test_sheet_imports_every_row(archive, media, tmp_path, sep, bom):
    sheets = tmp_path / "feuilles"
    sheets.mkdir()
    media.copy(media.tone(2, freq=700), sheets, "conte-1.wav")
    media.copy(media.tone(2, freq=710), sheets, "conte-2.wav")
    sheet = write_sheet(sheets / "lot.csv", [
        ["conte-1.wav", "contes", "Le géant Gayant", "cycle 2;cycle 3",
         "Lola Monset:autrice;Inès B.:voix:minor", "oui", "2025-04-01"],
        ["conte-2.wav", "contes", "La fée de la Sambre", "tout public", "", "non", ""],
    ], sep=sep, bom=bom)
    result = archive.clea("import", str(sheet))
    assert result.exit_code == 0, result.stderr
    slugs = result.stdout.split()
    assert slugs == ["le-geant-gayant", "la-fee-de-la-sambre"]
    first = json.loads(archive.clea("show", slugs[0], "--json").stdout)
    assert first["audiences"] == ["cycle-2", "cycle-3"]
    assert first["status"] == "cleared"
    assert {"name": "Inès B.", "role": "voix", "minor": True} in first["contributors"]
    second = json.loads(archive.clea("show", slugs[1], "--json").stdout)
    assert second["status"] == "draft"


def test_one_bad_row_refuses_the_whole_sheet(archive, media, tmp_path):
    sheets = tmp_path / "lot"
    sheets.mkdir()
    media.copy(media.tone(2, freq=720), sheets, "bon.wav")
    whole = media.tone(6, fmt="mp3").read_bytes()
    (sheets / "trop-court.mp3").write_bytes(whole[: len(whole) // 3])
    media.copy(media.tone(2, freq=730), sheets, "double.wav")
    media.copy(media.tone(2, freq=730), sheets, "double-bis.wav")
    sheet = write_sheet(sheets / "lot.csv", [
        ["bon.wav", "contes", "Bon", "", "", "oui", ""],
        ["trop-court.mp3", "contes", "Coupé", "", "", "oui", ""],
        ["absent.wav", "contes", "Absent", "", "", "non", ""],
        ["bon.wav", "inconnue", "Série inconnue", "", "", "non", ""],
        ["double.wav", "contes", "Double", "", "", "non", ""],
        ["double-bis.wav", "contes", "Double bis", "", "", "non", ""],
        ["bon.wav", "contes", "Mauvais public", "maternelle supérieure", "", "non", ""],
    ], sep=";")
    before = snapshot(archive.folder)
    result = archive.clea("import", str(sheet))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"clea: {sheet}:3: trop-court.mp3") and "truncated" in line
               for line in lines), lines
    assert any(f"{sheet}:4:" in line and "absent.wav" in line for line in lines)
    assert any(f"{sheet}:5:" in line and "inconnue" in line for line in lines)
    assert any(f"{sheet}:7:" in line and "line 6" in line for line in lines)
    assert any(f"{sheet}:8:" in line and "audience" in line for line in lines)
    assert not any(f"{sheet}:2:" in line for line in lines)
    assert snapshot(archive.folder) == before
    assert [p for p in (archive.folder / "originals").rglob("*") if p.is_file()] == []


def test_a_sheet_row_already_in_the_archive_is_named(archive, media, tmp_path):
    src = media.tone(2, freq=740)
    slug = archive.clea("add", str(src), "--series", "contes", "--title", "Déjà là").stdout.strip()
    media.copy(src, tmp_path, "copie.wav")
    sheet = write_sheet(tmp_path / "s.csv", [["copie.wav", "contes", "Copie", "", "", "non", ""]])
    result = archive.clea("import", str(sheet))
    assert result.exit_code == 1 and slug in result.stderr


def test_unknown_column_is_refused(archive, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("file,series,title,couleur\na.wav,contes,Titre,bleu\n", encoding="utf-8")
    result = archive.clea("import", str(sheet))
    assert result.exit_code == 1
    assert "couleur" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_title_already_used_in_the_series_is_imported_with_a_warning(archive, media, tmp_path):
    sheets = tmp_path / "lot"
    sheets.mkdir()
    for n, freq in enumerate((740, 750, 760)):
        media.copy(media.tone(2, freq=freq), sheets, f"r{n}.wav")
    archive.clea("add", str(media.tone(2, freq=770)), "--series", "contes", "--title",
                 "La légende du géant")
    sheet = write_sheet(sheets / "lot.csv", [
        ["r0.wav", "contes", "La légende du géant", "", "", "non", ""],
        ["r1.wav", "contes", "La fée de la Sambre", "", "", "non", ""],
        ["r2.wav", "contes", "La fée de la Sambre", "", "", "non", ""],
    ])
    result = archive.clea("import", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == ["la-legende-du-geant-2", "la-fee-de-la-sambre",
                                     "la-fee-de-la-sambre-2"]
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"{sheet}:2: warning: series 'contes' already has 'La légende du géant' "
        "(la-legende-du-geant); this recording is la-legende-du-geant-2. Change its title "
        "with `clea edit la-legende-du-geant-2 --title …`.",
        f"{sheet}:4: warning: series 'contes' already has 'La fée de la Sambre' "
        "(la-fee-de-la-sambre); this recording is la-fee-de-la-sambre-2. Change its title "
        "with `clea edit la-fee-de-la-sambre-2 --title …`."]
