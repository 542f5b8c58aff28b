"""The bilan's totals from recorded figures and recordings, and its exports read back.

Every expected number is written out by hand from tests/bilan/conftest.py and
the demo's figures (pipeline/demo/bilan.py): if the sums drift, these fail.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from archive import Catalogue
from pipeline.services.bilan import from_catalogue, people_phrase
from pipeline.services.bilan.charts import charts

ROOT = Path(__file__).resolve().parents[2]
TOTAL_FIGURES = {"eleves": 1488, "classes": 26, "ecoles": 12, "habitants": 670,
                 "professionnels": 210, "structures": 34, "interventions": 215,
                 "conferences": 3, "expositions": 1}


@pytest.fixture(scope="module")
def cat(bilan_archive):
    with Catalogue.open(bilan_archive) as cat:
        yield cat


def test_totals_add_up_the_recorded_figures(cat):
    bilan = from_catalogue(cat)
    total = bilan.total
    assert {c.code: c.value for c in total.figures} == TOTAL_FIGURES
    # 738 + 420 + 330 pupils, 350 + 320 inhabitants, 180 + 30 professionals
    assert total.people == 2368
    assert people_phrase(total.people) == "plus de 2\u00a0300 personnes impliquées"
    by_slug = {p.slug: p for p in bilan.parts}
    assert [p.slug for p in bilan.parts] == ["l-organisation", "quartiers-feignies", "panoplie",
                                             "quartiers-ferriere", "lire-en-sambre"]
    assert by_slug["quartiers-feignies"].people == 770
    assert by_slug["quartiers-ferriere"].people == 650
    assert by_slug["panoplie"].people == 180
    assert by_slug["lire-en-sambre"].people == 30
    assert by_slug["l-organisation"].people == 738
    assert by_slug["l-organisation"].figure("interventions") == 80


def test_productions_are_what_the_catalogue_knows_withdrawn_left_out(cat):
    total = from_catalogue(cat).total
    assert total.productions == 4
    assert {c.code: c.value for c in total.by_kind} == {"podcast": 2, "conte": 1,
                                                         "pastille-video": 1}
    assert [(c.code, c.value) for c in total.by_medium] == [("audio", 3), ("video", 1)]
    assert total.audio_minutes == 2  # 3 + 2 + 90 s
    assert total.video_minutes == 0  # 2 s
    assert [(c.code, c.value) for c in total.by_audience] == [("cycle-2", 1), ("cycle-3", 3),
                                                              ("tout-public", 1)]
    assert [(c.label, c.value) for c in total.by_place] == [("Feignies", 3),
                                                            ("Ferrière-la-Grande", 1)]
    assert [(c.label, c.value) for c in total.by_theme] == [("information", 3), ("nature", 1)]
    assert [(c.label, c.value) for c in total.by_year] == [("2024", 1), ("2025", 3)]
    feignies = next(p for p in from_catalogue(cat).parts if p.slug == "quartiers-feignies")
    assert feignies.productions == 3 and feignies.kind_label == "Résidence Qu(art)iers"


def test_year_and_residence_filters(cat):
    year = from_catalogue(cat, year=2025)
    assert year.total.productions == 3 and year.total.people == 2368
    assert from_catalogue(cat, year=2024).parts == ()
    assert from_catalogue(cat, year=2024).total.people == 0
    one = from_catalogue(cat, residence="quartiers-ferriere")
    assert [p.slug for p in one.parts] == ["quartiers-ferriere"]
    assert one.total.people == 650 and one.total.productions == 1
    assert one.total.audio_minutes == 2


def test_listening_figures_are_shown_only_when_given(cat):
    assert not from_catalogue(cat).listening
    assert from_catalogue(cat).total.downloads is None
    bilan = from_catalogue(cat, listening={"ondes": 120, "pastilles": 30, "nature": 7})
    by_slug = {p.slug: p for p in bilan.parts}
    assert by_slug["quartiers-feignies"].downloads == 150
    assert by_slug["quartiers-ferriere"].downloads == 7
    assert by_slug["panoplie"].downloads == 0
    assert bilan.total.downloads == 157
    assert [(c.code, c.value) for c in bilan.total.by_series_downloads] == [
        ("ondes", 120), ("pastilles", 30), ("nature", 7)]
    assert [c.key for c in charts(bilan)] == ["personnes", "productions", "ecoutes"]


def test_the_people_phrase_never_claims_more_than_the_sum():
    assert people_phrase(2368) == "plus de 2\u00a0300 personnes impliquées"
    assert people_phrase(2300) == "2\u00a0300 personnes impliquées"
    assert people_phrase(99) == "99 personnes impliquées"
    assert people_phrase(1) == "1 personne impliquée"
    assert people_phrase(150) == "plus de 100 personnes impliquées"


def test_csv_reads_back(bilan_archive, archive_cli):
    result = archive_cli(bilan_archive, "bilan", "--format", "csv")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    total = {(r["rubrique"], r["code"]): int(r["valeur"]) for r in rows
             if r["residence"] == "total"}
    assert total[("people", "people")] == 2368
    assert total[("figures", "eleves")] == 1488
    assert total[("productions", "productions")] == 4
    assert total[("productions", "audio_minutes")] == 2
    assert total[("kind", "podcast")] == 2
    feignies = {(r["rubrique"], r["code"]): int(r["valeur"]) for r in rows
                if r["residence"] == "quartiers-feignies"}
    assert feignies[("figures", "classes")] == 26 and feignies[("people", "people")] == 770
    assert {r["residence"] for r in rows} == {"total", "l-organisation", "quartiers-feignies",
                                              "panoplie", "quartiers-ferriere",
                                              "lire-en-sambre"}


def test_json_reads_back(bilan_archive, archive_cli):
    result = archive_cli(bilan_archive, "bilan", "--format", "json", "--year", "2025")
    assert result.exit_code == 0
    data = json.loads(result.stdout_bytes)
    assert data["year"] == 2025
    assert data["people_phrase"] == "plus de 2 300 personnes impliquées"
    assert data["total"]["people"] == 2368 and data["total"]["productions"] == 3
    assert data["total"]["figures"] == TOTAL_FIGURES
    assert "downloads" not in data["total"]
    ferriere = next(r for r in data["residences"] if r["slug"] == "quartiers-ferriere")
    assert ferriere["figures"] == {"eleves": 330, "habitants": 320, "interventions": 50,
                                   "expositions": 1}
    assert ferriere["productions"] == 0  # its only recording is from 2024


def test_ods_reads_back_with_another_library(bilan_archive, archive_cli, tmp_path):
    out = tmp_path / "bilan.ods"
    result = archive_cli(bilan_archive, "bilan", "--format", "ods", "--output", str(out))
    assert result.exit_code == 0, result.output
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Total", "l-organisation", "quartiers-feignies", "panoplie",
                                "quartiers-ferriere", "lire-en-sambre"]

    def pairs(name: str) -> dict[str, object]:
        rows = book.get_sheet_by_name(name).to_python()
        return {row[0]: row[1] for row in rows if len(row) > 1 and row[1] != ""}

    total = book.get_sheet_by_name("Total").to_python()
    assert total[1][0] == "plus de 2 300 personnes impliquées"
    values = pairs("Total")
    assert values["Personnes impliquées"] == 2368
    assert values["Élèves"] == 1488 and values["Habitants"] == 670
    assert values["Productions"] == 4 and values["Minutes d'audio"] == 2
    feignies = pairs("quartiers-feignies")
    assert feignies["Classes"] == 26 and feignies["Personnes impliquées"] == 770
    assert book.get_sheet_by_name("quartiers-feignies").to_python()[0][0] == \
        "Qu(art)iers à Feignies : éducation aux médias"


def test_ods_to_a_terminal_is_refused_but_a_redirect_works(bilan_archive, archive_cli):
    # The real command, its standard output a terminal (a pseudo-terminal).
    main, child = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "--archive", str(bilan_archive), "bilan",
             "--format", "ods"], stdout=child, stderr=subprocess.PIPE, timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        os.close(child)
        shown = b""
        while select.select([main], [], [], 0)[0]:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    assert done.returncode == 1
    assert done.stderr.decode() == ("clea: an ods bilan is a file, not text for the terminal: "
                                    "add --output FILE (or redirect: > bilan.ods)\n")
    assert b"PK" not in shown
    result = archive_cli(bilan_archive, "bilan", "--format", "ods")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")
    assert b"application/vnd.oasis.opendocument.spreadsheet" in result.stdout_bytes[:100]


def test_unknown_residence_and_bad_year_are_one_line(bilan_archive, archive_cli):
    result = archive_cli(bilan_archive, "bilan", "--residence", "nulle-part")
    assert result.exit_code == 1
    assert result.stderr == "clea: nulle-part: no residence with this slug (see `clea " \
                            "residence list`)\n"
    result = archive_cli(bilan_archive, "bilan", "--year", "25")
    assert result.exit_code == 1
    assert result.stderr == "clea: the year 25 is not a year written YYYY\n"


def test_text_says_the_total(bilan_archive, archive_cli):
    result = archive_cli(bilan_archive, "bilan", "--year", "2025")
    assert result.exit_code == 0
    assert "En tout : plus de 2 300 personnes impliquées (2 368), 3 production(s)." in \
        result.stdout
    assert "    Élèves : 738" in result.stdout
