"""Every change to an item raises its revision, whatever makes it (migration 0070).

The build fingerprints pages and feed entries from the revision instead of
hashing every field of every episode; an edit that left it alone would leave a
stale page on the site for good.
"""

from __future__ import annotations

import sqlite3


def _revision(archive, slug: str) -> int:
    return archive.catalogue.item(slug).revision


def test_each_kind_of_change_raises_the_revision_once_at_least(archive, media):
    slug = archive.clea("add", str(media.tone(2)), "--series", "contes", "--title",
                        "Le géant").stdout.strip()
    seen = [_revision(archive, slug)]
    for args in (["--title", "Le géant de Bavay"], ["--description", "Un conte du Nord."],
                 ["--audience", "cycle-3"], ["--theme", "légende"],
                 ["--contributor", "Lola Monset:autrice"],
                 ["--contributor", "Lola Monset:autrice", "--contributor", "Léa:voix:mineur"]):
        edited = archive.clea("edit", slug, *args)
        assert edited.exit_code == 0, edited.stderr
        seen.append(_revision(archive, slug))
    cleared = archive.clea("clear", slug, "--form", "AUT-2025-01")
    assert cleared.exit_code == 0, cleared.stderr
    seen.append(_revision(archive, slug))
    assert seen == sorted(set(seen)), f"a change left the revision alone: {seen}"


def test_two_edits_in_the_same_second_still_differ(archive, media):
    """``updated_at`` has one-second steps; the revision does not depend on the clock."""
    slug = archive.clea("add", str(media.tone(2)), "--series", "contes", "--title",
                        "Première").stdout.strip()
    archive.clea("edit", slug, "--title", "Deuxième")
    first = archive.catalogue.item(slug)
    archive.clea("edit", slug, "--title", "Troisième")
    second = archive.catalogue.item(slug)
    assert second.revision > first.revision
    assert second.title == "Troisième"


def test_a_hand_made_sql_fix_raises_it_too(archive, media):
    """Triggers keep the revision, so not even a change outside clea's code escapes it."""
    slug = archive.clea("add", str(media.tone(2)), "--series", "contes", "--title",
                        "Le loup").stdout.strip()
    before = _revision(archive, slug)
    conn = sqlite3.connect(archive.folder / "catalogue.sqlite")
    with conn:
        conn.execute("UPDATE items SET place = 'Jeumont' WHERE slug = ?", (slug,))
    after_row = _revision(archive, slug)
    with conn:
        conn.execute("DELETE FROM item_themes WHERE item_id = "
                     "(SELECT id FROM items WHERE slug = ?)", (slug,))
        conn.execute("INSERT INTO item_themes (item_id, position, theme) SELECT id, 0, 'nuit' "
                     "FROM items WHERE slug = ?", (slug,))
    conn.close()
    assert before < after_row < _revision(archive, slug)
