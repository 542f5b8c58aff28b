"""Real podcast clients' parsers read every feed as we mean it."""

from __future__ import annotations

import html
import io
import json

import feedparser
import podcastparser
import pytest

from pipeline.build.feeds import feed_list, write_feeds


@pytest.fixture
def built(sample):
    data = sample.data()
    write_feeds(data, sample.out)
    episodes = {e.guid: e for e in data.episodes}
    return sample, data, episodes


def _local(out, url: str, base: str):
    """The file on disk that a media URL names."""
    assert url.startswith(base)
    return out / url[len(base):]


def test_podcastparser_reads_every_feed(built):
    sample, data, episodes = built
    media_base = data.urls.media_base
    for ref in feed_list(data):
        url = data.urls.absolute(ref.path)
        with open(sample.out / ref.path, "rb") as fh:
            feed = podcastparser.parse(url, fh)
        assert feed["title"] == ref.title
        assert feed["cover_url"].endswith(".jpg")
        assert feed["link"].startswith("https://mediatheques.example.fr/clea/")
        guids = [e["guid"] for e in feed["episodes"]]
        expected = [e.guid for e in data.episodes if e.medium == ref.medium]
        assert set(guids) <= set(expected) and guids
        for parsed in feed["episodes"]:
            ep = episodes[parsed["guid"]]
            assert parsed["title"] == ep.title  # accents, apostrophes and all
            assert parsed["link"] == data.urls.absolute(ep.page)
            assert parsed["total_time"] == round(ep.rendition.duration)
            assert parsed["published"] == int(ep.published.timestamp())
            [enclosure] = parsed["enclosures"]
            assert enclosure["url"] == data.urls.media(ep.rendition.path)
            on_disk = _local(sample.out, enclosure["url"], media_base)
            assert enclosure["file_size"] == on_disk.stat().st_size
            assert enclosure["mime_type"] == ("audio/mpeg" if ep.medium == "audio" else "video/mp4")
            if ep.rendition.chapters_json:
                assert parsed["chapters_json_url"] == data.urls.media(ep.rendition.chapters_json)
                assert _local(sample.out, parsed["chapters_json_url"], media_base).is_file()
            else:
                assert "chapters_json_url" not in parsed
            if ep.rendition.transcript_vtt:
                assert parsed["transcript_url"] in {data.urls.media(ep.rendition.transcript_vtt),
                                                    data.urls.media(ep.rendition.transcript_srt)}
                assert _local(sample.out, parsed["transcript_url"], media_base).is_file()
            else:
                assert "transcript_url" not in parsed


def test_podcastparser_sees_episode_numbers_only_in_series_feeds(built):
    sample, data, _ = built
    with open(sample.out / "feeds/contes.xml", "rb") as fh:
        numbered = podcastparser.parse("x", fh)
    assert sorted(e["number"] for e in numbered["episodes"]) == [1, 2]
    with open(sample.out / "feeds/all.xml", "rb") as fh:
        every = podcastparser.parse("x", fh)
    assert all("number" not in e for e in every["episodes"])


def test_feedparser_reads_every_feed(built):
    sample, data, episodes = built
    for ref in feed_list(data):
        parsed = feedparser.parse(io.BytesIO((sample.out / ref.path).read_bytes()))
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "rss20"
        assert parsed.feed.title == ref.title
        assert parsed.feed.language == "fr"
        assert parsed.feed.image.href.endswith(".jpg")
        for entry in parsed.entries:
            ep = episodes[entry.id]
            assert entry.guidislink is False
            assert entry.title == ep.title
            assert entry.link == data.urls.absolute(ep.page)
            assert entry.itunes_duration == str(round(ep.rendition.duration))
            [enc] = entry.enclosures
            assert enc.href == data.urls.media(ep.rendition.path)
            assert int(enc.length) == ep.rendition.bytes == (sample.out / ep.rendition.path).stat().st_size
            assert enc.type == ep.rendition.mime
            assert entry.published_parsed[:6] == ep.published.utctimetuple()[:6]
            # the description is HTML carrying the credit line: adults, then the group
            assert ep.credits.line() in html.unescape(entry.summary)
            assert entry.summary.startswith("<p>")


SPOKEN = "Des personnes en parcours d'insertion se racontent l'un l'autre : « c'est \"vrai\" »."


def test_descriptions_read_as_text_keep_their_apostrophes_and_quotes(factory):
    """gPodder shows the description as text: a reference it cannot decode vanishes."""
    factory.add_series("portraits", "Portraits croisés")
    factory.item("portraits", "L'un l'autre", slug="croises", description=SPOKEN + "\n\nA & B <i>")
    data = factory.data()
    write_feeds(data, factory.out)
    raw = (factory.out / "feeds/portraits.xml").read_bytes().decode()
    cdata = raw[raw.index("<![CDATA["):raw.index("]]>")]
    assert "&#" not in cdata and "&quot;" not in cdata and "&apos;" not in cdata
    assert SPOKEN in cdata and "A &amp; B &lt;i&gt;" in cdata  # only <, >, & are escaped
    with open(factory.out / "feeds/portraits.xml", "rb") as fh:
        [episode] = podcastparser.parse("x", fh)["episodes"]
    # (podcastparser's own decoder loses "&lt;i&gt;" whatever we write: not checked here)
    assert SPOKEN in episode["description"] and "A & B" in episode["description"]
    [entry] = feedparser.parse(io.BytesIO(raw.encode())).entries
    assert SPOKEN in entry.summary


def test_partytime_reads_every_feed_with_its_podcasting20_tags(built, partytime):
    """The Podcast Index's own parser: Podcasting 2.0 tags as the Index will see them."""
    sample, data, episodes = built
    refs = feed_list(data)
    parsed = partytime([sample.out / ref.path for ref in refs])
    minor = "Zoé Kwasniewski"
    for ref in refs:
        feed = parsed[str(sample.out / ref.path)]
        assert feed is not None, ref.path
        assert feed["title"] == ref.title and feed["language"] == "fr"
        assert feed["medium"] == ("podcast" if ref.medium == "audio" else "video")
        assert feed["locked"] is False and feed["podcastOwner"] == "podcast@example.fr"
        assert feed["guid"] == data.urls.feed_guid(ref.path)
        assert feed["pubsub"]["self"] == data.urls.absolute(ref.path)
        if ref.kind in ("series", "residence"):
            assert feed["podcastLocation"]["geo"].startswith("geo:50.")
        guids = [item["guid"] for item in feed["items"]]
        assert guids == [e.guid for e in data.episodes if e.guid in guids]  # newest first
        for item in feed["items"]:
            ep = episodes[item["guid"]]
            assert item["title"] == ep.title
            assert item["enclosure"] == {"url": data.urls.media(ep.rendition.path),
                                         "length": ep.rendition.bytes,
                                         "type": ep.rendition.mime}
            assert item["duration"] == round(ep.rendition.duration)
            if ep.rendition.chapters_json:
                assert item["podcastChapters"] == {
                    "url": data.urls.media(ep.rendition.chapters_json),
                    "type": "application/json+chapters"}
            else:
                assert "podcastChapters" not in item
            people = [p["name"] for p in item.get("podcastPeople", [])]
            assert people == [c.name for c in ep.credits.people]
            assert minor not in json.dumps(item, ensure_ascii=False)
            if ep.rendition.transcript_vtt:
                assert {t["type"] for t in item["podcastTranscripts"]} >= {"text/vtt"}
            if ep.licence_url:
                assert item["license"]["url"] == ep.licence_url
        support = {tag for tags in feed["pc20support"].values() for tag in tags}
        assert {"locked", "guid", "medium", "license"} <= support
        if feed["items"]:
            assert {"transcript", "location"} <= support
        if any(item.get("podcastPeople") for item in feed["items"]):
            assert "person" in support
