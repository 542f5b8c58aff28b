"""The feeds stage writes the right feeds, each one valid, and rewrites nothing needlessly."""

from __future__ import annotations

import os

import pytest
from lxml import etree

from feeds import places
from pipeline.build.feeds import feed_list, write_feeds
from pipeline.plumbing import urls

from .checks import NS, validate

EXPECTED = {
    "feeds/contes.xml", "feeds/pastilles.xml", "feeds/ondes.xml",
    "feeds/residences/lire-en-sambre.xml", "feeds/residences/lire-en-sambre-video.xml",
    "feeds/residences/quartiers-nord.xml",
    "feeds/publics/cycle-2.xml", "feeds/publics/cycle-3.xml", "feeds/publics/adultes.xml",
    "feeds/publics/cycle-4-video.xml", "feeds/publics/college-video.xml",
    "feeds/all.xml", "feeds/all-video.xml",
}


def test_one_feed_per_series_residence_audience_and_medium(sample):
    data = sample.data()
    result = write_feeds(data, sample.out)
    assert result.files == EXPECTED | {"feeds.opml"}
    assert sorted(result.written) == sorted(result.files)
    # no empty feed but the two "all" ones: quartiers-nord has no video, cycle-1 nothing
    assert not (sample.out / "feeds/residences/quartiers-nord-video.xml").exists()
    assert not (sample.out / "feeds/publics/cycle-1.xml").exists()
    refs = feed_list(data)
    assert {r.path for r in refs} == EXPECTED
    kinds = {r.path: (r.kind, r.medium) for r in refs}
    assert kinds["feeds/contes.xml"] == ("series", "audio")
    assert kinds["feeds/residences/lire-en-sambre-video.xml"] == ("residence", "video")
    assert kinds["feeds/publics/college-video.xml"] == ("audience", "video")
    assert kinds["feeds/all-video.xml"] == ("all", "video")


def test_every_feed_follows_apple_and_podcasting20_rules(sample):
    data = sample.data()
    write_feeds(data, sample.out)
    numbered = {urls.series_feed(s.slug) for s in data.series if s.numbered}
    for ref in feed_list(data):
        raw = (sample.out / ref.path).read_bytes()
        channel = validate(raw, data.urls.absolute(ref.path), numbered=ref.path in numbered)
        medium = channel.findtext("podcast:medium", namespaces=NS)
        assert medium == ("podcast" if ref.medium == "audio" else "video")
        assert channel.findtext("title") == ref.title


def test_channel_says_where_it_belongs_and_what_it_is(sample):
    data = sample.data()
    write_feeds(data, sample.out)
    contes = etree.parse(str(sample.out / "feeds/contes.xml")).getroot()[0]
    assert contes.findtext("link") == "https://mediatheques.example.fr/clea/series/contes/"
    # the largest size inside Apple's 1400-3000 px, from the media base URL
    assert contes.find("itunes:image", NS).get("href") == (
        "https://cdn.example.fr/clea/media/series/contes-3000.jpg")
    category = contes.find("itunes:category", NS)
    # Kids & Family with mostly tales: the subcategory chooses itself
    assert category.get("text") == "Kids & Family"
    assert category.find("itunes:category", NS).get("text") == "Stories for Kids"
    assert contes.findtext("copyright") == (
        "© 2025 Réseau des médiathèques de Sambre-Avesnois — CC BY-NC-ND 4.0")
    assert contes.findtext("podcast:license", namespaces=NS) == "cc-by-nc-nd-4.0"
    assert contes.findtext("podcast:location", namespaces=NS) == "Maubeuge"
    ondes = etree.parse(str(sample.out / "feeds/ondes.xml")).getroot()[0]
    documentary = ondes.find("itunes:category", NS)
    assert (documentary.get("text"), documentary[0].get("text")) == ("Society & Culture",
                                                                     "Documentary")
    # two licences in one feed: no channel licence, a copyright that says so
    assert ondes.find("podcast:license", NS) is None
    assert "licence indiquée pour chaque épisode" in ondes.findtext("copyright")
    every = etree.parse(str(sample.out / "feeds/all.xml")).getroot()[0]
    assert every.findtext("link") == "https://mediatheques.example.fr/clea/"
    # the first series with episodes in the feed lends its cover
    assert every.find("itunes:image", NS).get("href").endswith("/media/series/contes-3000.jpg")
    video = etree.parse(str(sample.out / "feeds/all-video.xml")).getroot()[0]
    assert video.find("itunes:image", NS).get("href").endswith("/media/series/pastilles-3000.jpg")


def test_all_feeds_exist_even_empty(factory):
    factory.add_series("contes", "Contes")
    factory.item("contes", "Pas encore validé", status="draft")
    result = write_feeds(factory.data(), factory.out)
    assert result.files == {"feeds/all.xml", "feeds/all-video.xml", "feeds.opml"}
    for path in ("feeds/all.xml", "feeds/all-video.xml"):
        raw = (factory.out / path).read_bytes()
        channel = etree.fromstring(raw)[0]
        assert channel.findall("item") == []
        assert channel.find("lastBuildDate") is None  # no build time: nothing to date it by
        assert raw.endswith(b"</rss>\n")


def test_rebuild_with_nothing_changed_writes_nothing(sample):
    first = write_feeds(sample.data(), sample.out)
    stamps = {p: os.stat(sample.out / p).st_mtime_ns for p in first.files}
    for p in first.files:  # push mtimes into the past so a rewrite could not hide
        os.utime(sample.out / p, ns=(1_000_000_000, 1_000_000_000))
    again = write_feeds(sample.data(), sample.out)
    assert again.written == []
    assert again.files == first.files
    assert all(os.stat(sample.out / p).st_mtime_ns == 1_000_000_000 for p in first.files)
    assert stamps  # and the first build did stamp them


def test_a_change_rewrites_only_the_feeds_that_hold_it(sample):
    write_feeds(sample.data(), sample.out)
    sample.edit("interview", title="Émission n°2 : l'interview du maire")
    result = write_feeds(sample.data(), sample.out)
    assert sorted(result.written) == sorted([
        "feeds/ondes.xml", "feeds/residences/quartiers-nord.xml", "feeds/publics/cycle-3.xml",
        "feeds/publics/adultes.xml", "feeds/all.xml"])


def test_latest_300_items_newest_first(factory):
    factory.add_series("masse", "Beaucoup d'épisodes")
    for n in range(320):
        factory.item("masse", f"Épisode {n}", transcript=False, chapters=False,
                     hours_ago=float(n))
    data = factory.data()
    write_feeds(data, factory.out)
    for path in ("feeds/masse.xml", "feeds/all.xml"):
        channel = validate((factory.out / path).read_bytes(), data.urls.absolute(path),
                           numbered=path == "feeds/masse.xml")
        titles = [i.findtext("title") for i in channel.findall("item")]
        assert titles == [f"Épisode {n}" for n in range(300)]


def test_opml_lists_every_feed_with_its_title(sample):
    data = sample.data()
    write_feeds(data, sample.out)
    root = etree.parse(str(sample.out / "feeds.opml")).getroot()
    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "Archive des résidences CLEA"
    outlines = root.findall("body/outline")
    listed = {o.get("xmlUrl"): o.get("text") for o in outlines}
    assert listed == {data.urls.absolute(r.path): r.title for r in feed_list(data)}
    assert all(o.get("type") == "rss" and o.get("title") == o.get("text") for o in outlines)
    assert listed["https://mediatheques.example.fr/clea/feeds/residences/lire-en-sambre-video.xml"] \
        == "Lire en Sambre — vidéos"
    assert (sample.out / "feeds.opml").read_bytes().endswith(b"</opml>\n")


def test_media_base_url_and_base_url_override(sample):
    data = sample.data(base_url="https://preprod.example.fr/")
    write_feeds(data, sample.out)
    channel = etree.parse(str(sample.out / "feeds/contes.xml")).getroot()[0]
    assert channel.find("atom:link", NS).get("href") == "https://preprod.example.fr/feeds/contes.xml"
    for item in channel.findall("item"):
        assert item.findtext("link").startswith("https://preprod.example.fr/episodes/")
        assert item.find("enclosure").get("url").startswith("https://cdn.example.fr/clea/media/")
    sample.settings = sample.settings.__class__(base_url="https://a.example.fr/", title="A")
    write_feeds(sample.data(), sample.out)
    channel = etree.parse(str(sample.out / "feeds/contes.xml")).getroot()[0]
    for item in channel.findall("item"):  # no media base URL: media under the site's own
        assert item.find("enclosure").get("url").startswith("https://a.example.fr/media/")


def test_chapters_have_one_type_in_feeds_in_clea_serve_and_when_published(sample):
    """Podcasting 2.0 names application/json+chapters; every place that types the file agrees."""
    import http.client
    import threading

    from pipeline.publish.headers import headers_for
    from pipeline.services.serve import make_server

    data = sample.data()
    write_feeds(data, sample.out)
    channel = etree.parse(str(sample.out / "feeds/contes.xml")).getroot()[0]
    typed = {c.get("type") for c in channel.iterfind("item/podcast:chapters", NS)}
    assert typed == {"application/json+chapters"}
    rel = urls.media_file("gargantua", ".chapters.json")
    assert headers_for(rel).content_type == "application/json+chapters"
    server = make_server(sample.out, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        conn.request("GET", "/" + rel)
        resp = conn.getresponse()
        assert resp.status == 200 and resp.read().startswith(b'{"version"')
        assert resp.getheader("Content-Type") == "application/json+chapters"
        conn.close()
    finally:
        server.shutdown()
        server.server_close()


def test_locations_carry_coordinates_where_the_town_is_known(sample):
    """podcast:location: its name, and geo (RFC 5870) when the place names a known town."""
    sample.residence("ateliers", "Ateliers", places=("École Jean-Jaurès, Feignies",))
    sample.add_series("ateliers", "Ateliers d'écriture", residence="ateliers")
    sample.item("ateliers", "À la médiathèque", slug="hautmont", place="Médiathèque d'Hautmont")
    sample.item("ateliers", "Dans le réseau", slug="reseau", place="Réseau Lire en Sambre")
    data = sample.data()
    write_feeds(data, sample.out)

    def location(path: str):
        return etree.parse(str(sample.out / path)).getroot()[0].find("podcast:location", NS)

    contes = location("feeds/contes.xml")
    assert (contes.text, contes.get("geo")) == ("Maubeuge", "geo:50.2775,3.9728")
    ateliers = location("feeds/ateliers.xml")
    assert (ateliers.text, ateliers.get("geo")) == ("École Jean-Jaurès, Feignies",
                                                    "geo:50.3031,3.9189")
    items = {i.findtext("title"): i.find("podcast:location", NS)
             for i in etree.parse(str(sample.out / "feeds/ateliers.xml")).getroot()[0]
             .iterfind("item")}
    assert items["À la médiathèque"].get("geo") == "geo:50.2486,3.9253"
    assert items["Dans le réseau"].text == "Réseau Lire en Sambre"
    assert items["Dans le réseau"].get("geo") is None  # no town named: no coordinates
    contes_items = etree.parse(str(sample.out / "feeds/contes.xml")).getroot()[0]
    geos = {i.findtext("title"): i.find("podcast:location", NS).get("geo")
            for i in contes_items.iterfind("item")}
    assert geos["Le loup et l'écureuil à Jeumont"] == "geo:50.2953,4.1019"


@pytest.mark.parametrize(("place", "town"), [
    ("Maubeuge", "Maubeuge"), ("Médiathèque d'Hautmont", "Hautmont"),
    ("École Jean-Jaurès, Feignies", "Feignies"), ("FERRIERE LA GRANDE", "Ferrière-la-Grande"),
    ("Collège de Ferrière-la-Petite", "Ferrière-la-Petite"), ("Aulnoye-Aymeries", "Aulnoye-Aymeries"),
    ("Réseau Lire en Sambre", None), ("Maubeugeois en visite", None), ("", None),
])
def test_the_town_a_place_names(place, town):
    assert places.town_in(place) == town
