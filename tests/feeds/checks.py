"""Our own reading of Apple's and Podcasting 2.0's rules, applied to one feed file.

Each assertion names a rule a podcast app or directory enforces; a feed
that passes is one Apple Podcasts Connect and the Podcast Index accept.
"""

from __future__ import annotations

import re
import uuid
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from lxml import etree

from feeds.categories import APPLE

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
P20_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# Podcast Taxonomy Project roles (lower case) and groups we may write.
TAXONOMY_ROLES = {
    "director", "assistant director", "executive producer", "senior producer", "producer",
    "associate producer", "development producer", "creative director", "host", "co-host",
    "guest host", "guest", "voice actor", "narrator", "announcer", "reporter", "author",
    "editorial director", "co-writer", "writer", "songwriter", "guest writer", "story editor",
    "managing editor", "script editor", "script coordinator", "researcher", "editor",
    "fact checker", "translator", "transcriber", "logger", "studio coordinator",
    "technical director", "technical manager", "audio engineer", "remote recording engineer",
    "post production engineer", "audio editor", "sound designer", "foley artist", "composer",
    "theme music", "music production", "music contributor", "production coordinator",
    "booking coordinator", "production assistant", "content manager", "marketing manager",
    "sales representative", "sales manager", "graphic designer", "cover art designer",
    "social media manager", "consultant", "intern", "camera operator", "lighting designer",
    "camera grip", "assistant camera", "assistant editor",
}
TAXONOMY_GROUPS = {"creative direction", "cast", "writing", "audio production",
                   "audio post-production", "administration", "visuals", "community", "misc.",
                   "video production", "video post-production"}
TRANSCRIPT_TYPES = {"text/vtt", "application/x-subrip", "text/plain", "text/html",
                    "application/json"}


def _one(parent, path: str):
    found = parent.findall(path, NS)
    assert len(found) == 1, f"expected exactly one {path}, found {len(found)}"
    return found[0]


def _absolute(url: str) -> None:
    parsed = urlparse(url)
    assert parsed.scheme in ("http", "https") and parsed.netloc, url


def validate(raw: bytes, feed_url: str, *, numbered: bool) -> etree._Element:
    """Assert the Apple and Podcasting 2.0 rules on one feed; return its channel."""
    assert raw.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    assert raw.endswith(b"</rss>\n") and raw.count(b"</rss>") == 1, "stray bytes after </rss>"
    root = etree.fromstring(raw)  # raises if not well-formed
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = _one(root, "channel")

    # Apple: required show tags
    assert _one(channel, "title").text.strip()
    assert _one(channel, "description").text.strip()
    assert len(_one(channel, "description").text.encode()) <= 4000
    _absolute(_one(channel, "link").text)
    assert _one(channel, "language").text == "fr"
    image = _one(channel, "itunes:image").get("href")
    _absolute(image)
    assert image.endswith((".jpg", ".png")), image
    category = _one(channel, "itunes:category")
    assert category.get("text") in APPLE, category.get("text")
    for sub in category.findall("itunes:category", NS):
        assert sub.get("text") in APPLE[category.get("text")], sub.get("text")
    assert _one(channel, "itunes:explicit").text == "false"
    assert _one(channel, "itunes:author").text.strip()
    owner = _one(channel, "itunes:owner")
    assert _one(owner, "itunes:name").text.strip()
    assert "@" in _one(owner, "itunes:email").text
    assert _one(channel, "itunes:type").text == "episodic"
    assert _one(channel, "copyright").text.startswith("©")
    self_link = _one(channel, "atom:link")
    assert self_link.get("rel") == "self" and self_link.get("href") == feed_url
    assert self_link.get("type") == "application/rss+xml"

    # Podcasting 2.0 channel tags
    bare = feed_url.split("://", 1)[1].rstrip("/")
    assert _one(channel, "podcast:guid").text == str(uuid.uuid5(P20_NAMESPACE, bare))
    locked = _one(channel, "podcast:locked")
    assert locked.text == "no" and "@" in locked.get("owner")
    medium = _one(channel, "podcast:medium").text
    assert medium in ("podcast", "video")
    for lic in channel.findall("podcast:license", NS):
        assert lic.text == lic.text.lower() and len(lic.text) <= 128
    for loc in channel.findall("podcast:location", NS):
        _location(loc)

    items = channel.findall("item")
    assert len(items) <= 300
    if items:
        newest = parsedate_to_datetime(items[0].findtext("pubDate"))
        assert parsedate_to_datetime(_one(channel, "lastBuildDate").text) == newest
    else:
        assert channel.find("lastBuildDate") is None
    dates, guids, enclosures = [], set(), set()
    for item in items:
        _validate_item(item, medium, numbered)
        dates.append(parsedate_to_datetime(item.findtext("pubDate")))
        guids.add(item.findtext("guid"))
        enclosures.add(_one(item, "enclosure").get("url"))
    assert dates == sorted(dates, reverse=True), "items must be newest first"
    assert len(guids) == len(items) and len(enclosures) == len(items), "duplicate item"
    return channel


def _validate_item(item, medium: str, numbered: bool) -> None:
    assert item.findtext("title").strip()
    assert item.findtext("description").strip()
    guid = _one(item, "guid")
    assert guid.get("isPermaLink") == "false" and guid.text.strip()
    _absolute(item.findtext("link"))
    stamp = parsedate_to_datetime(item.findtext("pubDate"))
    assert stamp.tzinfo is not None  # RFC 2822 with its zone
    enclosure = _one(item, "enclosure")
    url = enclosure.get("url")
    _absolute(url)
    assert url.isascii(), url
    assert int(enclosure.get("length")) > 0
    kind = enclosure.get("type")
    assert kind.startswith("audio/" if medium == "podcast" else "video/"), (medium, kind)
    duration = _one(item, "itunes:duration").text
    assert re.fullmatch(r"\d+|\d+:\d{2}:\d{2}", duration), duration
    numbers = item.findall("itunes:episode", NS)
    if numbered:
        assert len(numbers) == 1 and int(numbers[0].text) > 0
    else:
        assert numbers == []
    art = _one(item, "itunes:image").get("href")
    assert art.endswith((".jpg", ".png")), art
    for t in item.findall("podcast:transcript", NS):
        _absolute(t.get("url"))
        assert t.get("type") in TRANSCRIPT_TYPES
        if t.get("rel") is not None:
            assert t.get("rel") == "captions" and t.get("type") != "text/plain"
    chapters = item.findall("podcast:chapters", NS)
    assert len(chapters) <= 1
    for c in chapters:
        _absolute(c.get("url"))
        assert c.get("type") == "application/json+chapters"
    for p in item.findall("podcast:person", NS):
        assert p.text.strip() and len(p.text) <= 128
        assert p.get("role") in TAXONOMY_ROLES and p.get("group") in TAXONOMY_GROUPS
    assert len(item.findall("podcast:location", NS)) <= 1
    for loc in item.findall("podcast:location", NS):
        _location(loc)


def _location(loc) -> None:
    assert loc.text.strip() and len(loc.text) <= 128
    assert loc.get("rel") in (None, "subject", "creator")
    geo = loc.get("geo")
    if geo is not None:  # RFC 5870, within the archive's part of the world
        found = re.fullmatch(r"geo:(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)", geo)
        assert found, geo
        lat, lon = map(float, found.groups())
        assert 49 < lat < 51.5 and 1.5 < lon < 4.5, geo  # Hauts-de-France
