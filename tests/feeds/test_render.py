"""The renderer's pieces: the spliced feeds equal feedgen's own, and the small tables."""

from __future__ import annotations

import dataclasses

import pytest

from feeds import categories
from feeds.model import Category
from feeds.roles import taxonomy_role
from feeds.rss import FeedRenderer, render_plain
from feeds.xmltext import clean, clip
from pipeline.build.feeds import channels, feed_list

from .checks import TAXONOMY_GROUPS, TAXONOMY_ROLES


def test_spliced_feeds_are_byte_for_byte_what_feedgen_writes(sample):
    data = sample.data()
    feeds = channels(data)
    assert [c.path for c in feeds] == [r.path for r in feed_list(data)]
    renderer = FeedRenderer()
    for channel in feeds:  # one renderer for all: items cached across feeds
        assert renderer.render(channel) == render_plain(channel), channel.path
    # the same entry with and without its number, in either order
    contes = next(c for c in feeds if c.path == "feeds/contes.xml")
    unnumbered = dataclasses.replace(contes, numbered=False)
    fresh = FeedRenderer()
    assert fresh.render(unnumbered) == render_plain(unnumbered)
    assert fresh.render(contes) == render_plain(contes)
    assert fresh.render(unnumbered) == render_plain(unnumbered)
    assert b"<itunes:episode>" in fresh.render(contes)
    assert b"<itunes:episode>" not in fresh.render(unnumbered)


def test_empty_feed_is_the_same_both_ways(factory):
    factory.add_series("s", "S")
    data = factory.data()
    [audio, video] = channels(data)
    assert audio.entries == () and video.entries == ()
    assert FeedRenderer().render(video) == render_plain(video)


@pytest.mark.parametrize("text, expected", [
    ("a\x00b\x08c\x0bd\x1fe", "abcde"),
    ("tab\tnl\ncr\r", "tab\tnl\ncr\r"),
    ("\ud800x\udfff", "x"),
    ("\ufffe\uffffok\ufffd", "ok\ufffd"),
    ("\u200f\u202eéà😀", "\u200f\u202eéà😀"),
    (None, ""),
])
def test_clean_drops_only_what_xml_forbids(text, expected):
    assert clean(text) == expected


def test_clip_cuts_on_a_word():
    assert clip("court", 128) == "court"
    long = "mot " * 100
    cut = clip(long, 128)
    assert len(cut) <= 128 and cut.endswith("mot…")


@pytest.mark.parametrize("value, expected", [
    ("Education", Category("Education")),
    ("kids & family / stories for kids", Category("Kids & Family", "Stories for Kids")),
    ("Society & Culture > Documentary", Category("Society & Culture", "Documentary")),
    ("Arts: Pas une sous-catégorie", Category("Arts")),
    ("Éducation", Category("Education")),
    ("Jeunesse", Category("Kids & Family")),
    ("Contes", Category("Kids & Family", "Stories for Kids")),
    ("Podcasts géniaux", None),
    ("", None),
])
def test_category_parse(value, expected):
    assert categories.parse(value) == expected


def test_category_choose_falls_back_and_picks_a_kids_subcategory():
    assert categories.choose("n'importe quoi", "Arts") == Category("Arts")
    assert categories.choose("", "") == Category("Education")
    assert categories.choose("Kids & Family", None, kinds=("conte", "conte", "podcast")) == \
        Category("Kids & Family", "Stories for Kids")
    assert categories.choose("Kids & Family", None, kinds=("conte", "podcast")) == \
        Category("Kids & Family", "Education for Kids")
    for top, subs in categories.APPLE.items():
        for sub in subs:
            assert categories.parse(f"{top} / {sub}") == Category(top, sub)


@pytest.mark.parametrize("role, expected", [
    ("autrice", "author"), ("Auteur", "author"), ("voix", "narrator"),
    ("narratrice", "narrator"), ("conteuse", "narrator"), ("journaliste", "host"),
    ("musique", "composer"), ("compositrice", "composer"), ("illustratrice", "cover art designer"),
    ("prise de son", "audio engineer"), ("réalisation", "director"), ("traductrice", "translator"),
    ("artiste", "guest"), ("", "guest"),
])
def test_french_roles_map_to_the_taxonomy(role, expected):
    found, group = taxonomy_role(role)
    assert found == expected
    assert found in TAXONOMY_ROLES and group in TAXONOMY_GROUPS


def test_montage_depends_on_the_medium():
    assert taxonomy_role("montage", "audio") == ("audio editor", "audio post-production")
    assert taxonomy_role("montage", "video") == ("editor", "video post-production")


def test_every_role_we_write_is_in_the_taxonomy():
    from feeds import roles

    for _stems, role, group in roles._TABLE:
        assert role in TAXONOMY_ROLES and group in TAXONOMY_GROUPS, (role, group)
