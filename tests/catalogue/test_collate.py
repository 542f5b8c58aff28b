"""French alphabetical order: one key, used wherever a list is sorted for people."""

from __future__ import annotations

import random

from archive.collate import french_key, french_sorted

FRENCH_ORDER = [
    "« À propos du conte »", "cote", "coté", "côte", "côté", "Écho", "eclair", "Eclair",
    "Éclats de rire à l'école", "Émission n°2", "Émission n°10", "Épisode 9", "Épisode 10",
    "Le loup", "Lecture", "Œuvres d'enfants", "Ondes", "Quartiers nature", "Zoé",
]


def test_french_order_ignores_accents_case_and_ligatures_first():
    shuffled = FRENCH_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert french_sorted(shuffled) == FRENCH_ORDER
    assert sorted(FRENCH_ORDER) != FRENCH_ORDER  # code-point order is not French order
    assert french_key("Éclats de rire") < french_key("Quartiers nature")


def test_the_order_is_total_and_stable():
    same_letters = ["Côté", "côté", "COTE", "cote"]
    assert french_sorted(same_letters) == ["cote", "COTE", "côté", "Côté"]
    assert len({french_key(t) for t in same_letters}) == len(same_letters)


def test_the_catalogue_lists_series_and_residences_in_french_order(archive):
    cat = archive.catalogue
    cat.add_series("quartiers-nature", "Quartiers nature", medium="video")
    cat.add_series("eclats-de-rire", "Éclats de rire à l'école")
    cat.add_series("oeuvres", "Œuvres d'enfants")
    assert [s.title for s in cat.series_list()] == [
        "Éclats de rire à l'école", "Les bibliothèques racontent", "Œuvres d'enfants",
        "Pastilles vidéo", "Quartiers nature"]
    cat.add_residence("zoo", "Zoologie", kind="quartiers")
    cat.add_residence("ecoles", "Écoles rurales", kind="quartiers")
    # no start date first, as before; then in French order of title
    assert [r.title for r in cat.residences()] == ["Écoles rurales", "Lire en Sambre", "Zoologie"]
    listed = archive.clea("series", "list").stdout.splitlines()
    assert [line.split("\t")[0] for line in listed][:2] == ["eclats-de-rire", "contes"]
