"""Adding recordings: stored as given, content-addressed, read-only, never duplicated."""

from __future__ import annotations

import hashlib
import json
import os
import stat

from .conftest import snapshot

HOSTILE = [
    "L'été à Ferrière-la-Grande — « biodiversité »",
    "<script>alert('x')</script>",
    "Fin de CDATA ]]> et & esperluette",
    "عربى · 中文 · עברית\u200f",
    "Très long titre " * 200,
]


def test_add_prints_slug_and_keeps_the_original_intact(archive, media):
    src = media.tone(3)
    result = archive.clea("add", str(src), "--series", "contes", "--title",
                          "La légende du géant de Maubeuge", "--audience", "Cycle 3",
                          "--contributor", "Lola Monset:autrice", "--recorded", "2025-03-14")
    assert result.exit_code == 0, result.stderr
    slug = result.stdout.strip()
    assert slug == "la-legende-du-geant-de-maubeuge"
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    stored = archive.folder / "originals" / digest[:2] / digest
    assert stored.read_bytes() == src.read_bytes()
    assert not os.stat(stored).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    shown = json.loads(archive.clea("show", slug, "--json").stdout)
    assert shown["original"]["sha256"] == digest
    assert shown["audiences"] == ["cycle-3"]
    assert shown["status"] == "draft"


def test_same_original_twice_is_refused_naming_the_holder(archive, media, tmp_path):
    src = media.tone(3)
    first = archive.clea("add", str(src), "--series", "contes", "--title", "Premier")
    assert first.exit_code == 0
    before = snapshot(archive.folder)
    renamed = media.copy(src, tmp_path, "autre-nom.wav")
    again = archive.clea("add", str(renamed), "--series", "contes", "--title", "Second")
    assert again.exit_code == 1
    assert "autre-nom.wav" in again.stderr and "premier" in again.stderr
    assert snapshot(archive.folder) == before


def test_hostile_text_is_stored_exactly_as_given(archive, media):
    for i, title in enumerate(HOSTILE):
        src = media.tone(2, freq=300 + i)
        result = archive.clea("add", str(src), "--series", "contes", "--title", title,
                              "--description", title + "\nDeuxième ligne")
        assert result.exit_code == 0, result.stderr
        slug = result.stdout.strip()
        assert slug.isascii() and slug == slug.lower()
        shown = json.loads(archive.clea("show", slug, "--json").stdout)
        assert shown["title"] == title
        assert shown["description"] == title + "\nDeuxième ligne"


def test_slugs_are_unique_for_equal_titles(archive, media):
    slugs, warnings = [], []
    for freq, title in ((500, "Portrait croisé"), (510, "Portrait croisé"), (520, "PORTRAIT CROISÉ !")):
        result = archive.clea("add", str(media.tone(2, freq=freq)), "--series", "contes",
                              "--title", title)
        assert result.exit_code == 0, result.stderr
        slugs.append(result.stdout.strip())
        warnings.append([line for line in result.stderr.splitlines() if "warning" in line])
    assert slugs == ["portrait-croise", "portrait-croise-2", "portrait-croise-3"]
    # allowed, but said on stderr with the slug each got (stdout stays the slug alone)
    assert warnings[0] == []
    assert warnings[1] == ["warning: series 'contes' already has 'Portrait croisé' "
                           "(portrait-croise); this recording is portrait-croise-2. Change its "
                           "title with `clea edit portrait-croise-2 --title …`."]
    assert "(portrait-croise-2, portrait-croise)" in warnings[2][0]


def test_the_same_title_in_another_series_is_no_warning(archive, media):
    archive.clea("add", str(media.tone(2, freq=530)), "--series", "contes", "--title", "Bonjour")
    other = archive.clea("add", str(media.video(2)), "--series", "pastilles", "--title", "Bonjour")
    assert other.exit_code == 0 and other.stdout.strip() == "bonjour-2"
    assert "warning" not in other.stderr


def test_edit_never_changes_slug_or_guid(archive, media):
    slug = archive.clea("add", str(media.tone(2, freq=600)), "--series", "contes", "--title",
                        "Avant").stdout.strip()
    before = json.loads(archive.clea("show", slug, "--json").stdout)
    result = archive.clea("edit", slug, "--title", "Après, tout autre chose", "--description",
                          "Nouvelle description", "--audience", "lycee")
    assert result.exit_code == 0, result.stderr
    after = json.loads(archive.clea("show", slug, "--json").stdout)
    assert after["slug"] == before["slug"] == slug
    assert after["guid"] == before["guid"]
    assert after["title"] == "Après, tout autre chose"
    assert after["audiences"] == ["lycee"]
    assert [h["action"] for h in after["history"]] == ["added", "edited"]


def test_status_flow_and_history(archive, media):
    slug = archive.clea("add", str(media.tone(2, freq=610)), "--series", "contes", "--title",
                        "Statuts").stdout.strip()
    assert archive.clea("clear", slug, "--form", "AUT-2025-017").exit_code == 0
    assert archive.clea("withdraw", slug, "--reason", "demande d'un parent").exit_code == 0
    shown = json.loads(archive.clea("show", slug, "--json").stdout)
    assert shown["status"] == "withdrawn"
    cleared = [h for h in shown["history"] if h["action"] == "cleared"][0]
    assert cleared["detail"]["form"] == "AUT-2025-017"
    again = archive.clea("withdraw", slug)
    assert again.exit_code == 1 and "withdrawn" in again.stderr


def test_list_and_show_json_shapes(archive, media):
    slug = archive.clea("add", str(media.video(2)), "--series", "pastilles", "--title",
                        "Pastille", "--kind", "pastille vidéo").stdout.strip()
    listed = json.loads(archive.clea("list", "--json").stdout)
    assert isinstance(listed, list) and len(listed) == 1
    entry = listed[0]
    for key in ("slug", "guid", "title", "series", "kind", "status"):
        assert key in entry
    assert entry["slug"] == slug and entry["series"] == "pastilles"
    assert entry["kind"] == "pastille-video" and entry["medium"] == "video"
    shown = json.loads(archive.clea("show", slug, "--json").stdout)
    assert isinstance(shown, dict) and shown["guid"] == entry["guid"]


def test_a_minor_is_kept_in_the_catalogue_but_flagged(archive, media):
    slug = archive.clea("add", str(media.tone(2, freq=620)), "--series", "contes", "--title",
                        "Podcast de classe", "--contributor", "Valérie Rohart:journaliste",
                        "--contributor", "Noé Petit:voix:minor",
                        "--group", "élèves de CM2, école Jean-Jaurès").stdout.strip()
    shown = json.loads(archive.clea("show", slug, "--json").stdout)
    assert {"name": "Noé Petit", "role": "voix", "minor": True} in shown["contributors"]
