"""Residences and series from the command line: add, edit, list, and their refusals."""

from __future__ import annotations

import json


def test_residence_add_edit_and_list(archive):
    added = archive.clea("residence", "add", "quartiers-feignies", "--title",
                         "Qu(art)iers à Feignies", "--artist", "Valérie Rohart", "--place",
                         "Feignies", "--kind", "quartiers", "--start", "2025-02-03",
                         "--end", "2025-04-30")
    assert added.exit_code == 0, added.stderr
    edited = archive.clea("residence", "edit", "quartiers-feignies", "--title",
                          "Qu(art)iers : éducation aux médias")
    assert edited.exit_code == 0, edited.stderr
    residence = archive.catalogue.residence("quartiers-feignies")
    assert residence.title == "Qu(art)iers : éducation aux médias"
    assert residence.artists == ("Valérie Rohart",) and residence.kind == "quartiers"
    listed = archive.clea("residence", "list").stdout
    assert "quartiers-feignies\t2025-02-03…2025-04-30\tQu(art)iers : éducation aux médias" in listed


def test_residence_refusals_are_one_line(archive):
    for args, words in (
        (["residence", "add", "Pas Un Slug", "--title", "X"], "lower-case"),
        (["residence", "add", "lire-en-sambre", "--title", "X"], "already exists"),
        (["residence", "add", "r2", "--title", "X", "--start", "2025-05-01",
          "--end", "2025-04-01"], "ends"),
        (["residence", "add", "r3", "--title", "X", "--start", "1er mai"], "YYYY-MM-DD"),
        (["series", "add", "all", "--title", "Tout"], "reserved"),
        (["series", "add", "s", "--title", "S", "--residence", "inconnue"], "inconnue"),
    ):
        result = archive.clea(*args)
        assert result.exit_code == 1, args
        assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr, args


def test_series_edit_and_moving_an_item_between_series(archive, media):
    assert archive.clea("series", "add", "contes-2026", "--title", "Contes 2026").exit_code == 0
    assert archive.clea("series", "edit", "contes-2026", "--description",
                        "Nouvelle saison").exit_code == 0
    assert archive.catalogue.series("contes-2026").description == "Nouvelle saison"
    listed = archive.clea("series", "list").stdout.splitlines()
    assert "contes-2026\taudio\t-\tContes 2026" in listed
    slug = archive.clea("add", str(media.tone(2, freq=1200)), "--series", "contes", "--title",
                        "Voyageur").stdout.strip()
    guid = json.loads(archive.clea("show", slug, "--json").stdout)["guid"]
    moved = archive.clea("edit", slug, "--series", "contes-2026")
    assert moved.exit_code == 0, moved.stderr
    shown = json.loads(archive.clea("show", slug, "--json").stdout)
    assert shown["series"] == "contes-2026" and shown["guid"] == guid
    refused = archive.clea("edit", slug, "--series", "pastilles")
    assert refused.exit_code == 1 and "video" in refused.stderr
