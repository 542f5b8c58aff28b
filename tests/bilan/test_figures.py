"""Residence figures: whole numbers ≥ 0 from the vocabulary, or refused with one line
and nothing stored — from the command line and from the library."""

from __future__ import annotations

import pytest

from archive import ClearError

ROWS = ("residences", "residence_figures", "history")


def state(cat) -> dict:
    return {t: [tuple(r) for r in cat.conn.execute(f"SELECT * FROM {t} ORDER BY 1")]
            for t in ROWS}


def test_figures_are_recorded_on_add_and_edit(archive):
    result = archive.clea("residence", "add", "feignies", "--title", "Qu(art)iers à Feignies",
                          "--figure", "eleves=420", "--figure", "Classes=26",
                          "--figure", "habitants=350")
    assert result.exit_code == 0, result.output
    r = archive.catalogue.residence("feignies")
    assert r.figures == (("eleves", 420), ("classes", 26), ("habitants", 350))
    # edit changes the figures it names, removes one given empty, keeps the others
    result = archive.clea("residence", "edit", "feignies", "--figure", "eleves=421",
                          "--figure", "classes=", "--figure", "interventions=85")
    assert result.exit_code == 0, result.output
    r = archive.catalogue.residence("feignies")
    assert r.figure_map() == {"eleves": 421, "habitants": 350, "interventions": 85}
    assert r.title == "Qu(art)iers à Feignies"


@pytest.mark.parametrize("given, expected", [
    ("eleves=12.5", "feignies: figure eleves: '12.5' is not a whole number of 0 or more"),
    ("eleves=-3", "feignies: figure eleves: '-3' is not a whole number of 0 or more"),
    ("eleves=douze", "feignies: figure eleves: 'douze' is not a whole number of 0 or more"),
    ("eleves=1e3", "feignies: figure eleves: '1e3' is not a whole number of 0 or more"),
    ("eleves=0x10", "feignies: figure eleves: '0x10' is not a whole number of 0 or more"),
    ("eleves=٣", "feignies: figure eleves: '٣' is not a whole number of 0 or more"),
    ("eleves=99999999999999999999",
     "feignies: figure eleves: 99999999999999999999 is too large (at most 1000000000)"),
    ("noms=3", "feignies: unknown figure 'noms'; choose one of: eleves, classes, ecoles, "
               "habitants, professionnels, structures, benevoles, interventions, conferences, "
               "expositions"),
    ("prenom-eleve=Zoé", "feignies: unknown figure 'prenom-eleve'; choose one of: eleves, "
                         "classes, ecoles, habitants, professionnels, structures, benevoles, "
                         "interventions, conferences, expositions"),
    ("eleves", "feignies: 'eleves' is not a figure written KEY=N (for example eleves=738)"),
    ("=3", "feignies: '=3' is not a figure written KEY=N (for example eleves=738)"),
])
def test_bad_figures_are_refused_in_one_line_and_nothing_is_stored(archive, given, expected):
    assert archive.clea("residence", "add", "feignies", "--title", "Feignies",
                        "--figure", "eleves=420").exit_code == 0
    before = state(archive.catalogue)
    # the bad figure comes after a good one: the good one must not be stored either
    result = archive.clea("residence", "edit", "feignies", "--figure", "habitants=350",
                          "--figure", given, "--title", "Autre titre")
    assert result.exit_code == 1
    assert result.stderr == f"clea: {expected}\n"
    assert state(archive.catalogue) == before
    # and a new residence with it is not created at all
    result = archive.clea("residence", "add", "ferriere", "--title", "Ferrière",
                          "--figure", given)
    assert result.exit_code == 1
    assert state(archive.catalogue) == before


@pytest.mark.parametrize("value", [12.5, -1, True, "3,5", None.__class__, [3]])
def test_the_library_refuses_what_is_not_a_whole_number(archive, value):
    before = state(archive.catalogue)
    with pytest.raises(ClearError) as caught:
        archive.catalogue.edit_residence("lire-en-sambre", figures={"professionnels": 30,
                                                                    "eleves": value})
    assert caught.value.code == "figure.not-whole"
    assert caught.value.field == "figure-eleves"
    assert state(archive.catalogue) == before


def test_the_database_itself_refuses_a_negative_or_fractional_count(archive):
    import sqlite3

    rid = archive.catalogue.residence("lire-en-sambre").id
    for bad in (-1, 2.5, "douze"):
        with pytest.raises(sqlite3.IntegrityError):
            archive.catalogue.conn.execute(
                "INSERT INTO residence_figures VALUES (?, 'eleves', ?)", (rid, bad))


def test_french_thousands_separators_are_read(archive):
    r = archive.catalogue.edit_residence("lire-en-sambre",
                                         figures={"habitants": "2 300", "eleves": "1\u202f024"})
    assert r.figure_map() == {"habitants": 2300, "eleves": 1024}
