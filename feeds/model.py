"""The feed context: plain records with everything a feed says, resolved.

``pipeline.build.feeds`` builds these from the public view of the catalogue
(absolute URLs, durations in seconds, adults only among the people, the
group of pupils already folded into the credit line); ``feeds.rss`` and
``feeds.opml`` only render them. Nothing here can name a minor or reach an
uncleared item, because nothing here comes from a raw catalogue record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

SERIES, RESIDENCE, AUDIENCE, ALL = "series", "residence", "audience", "all"
FEED_KINDS = (SERIES, RESIDENCE, AUDIENCE, ALL)
MAX_ENTRIES = 300  # feeds hold the latest 300 items; older ones stay on the site


@dataclass(frozen=True)
class Person:
    """A ``podcast:person``: an adult contributor, role from the taxonomy."""

    name: str
    role: str  # Podcast Taxonomy Project role, lower case ("narrator")
    group: str  # its group ("cast", "writing"…)


@dataclass(frozen=True)
class Transcript:
    url: str
    mime: str  # text/vtt | application/x-subrip | text/plain
    language: str
    captions: bool = False  # rel="captions": timed text shown over a video


@dataclass(frozen=True)
class Licence:
    """``podcast:license``: a lower-case identifier, with its text's URL."""

    identifier: str
    url: str | None


@dataclass(frozen=True)
class Location:
    """``podcast:location``: a place's name and, where it is known, its coordinates."""

    name: str
    geo: str | None = None  # RFC 5870 URI, "geo:50.2775,3.9728"


@dataclass(frozen=True)
class Category:
    """An Apple Podcasts category and, where one fits, its subcategory."""

    name: str
    sub: str | None = None


@dataclass(frozen=True)
class Entry:
    """One episode as every feed that holds it says it.

    ``episode`` is its number in its series; a channel prints it only when
    it is a numbered series' own feed (numbers collide across series).
    """

    guid: str  # fixed at creation, never changes
    title: str
    description: str  # plain text from the catalogue; the renderer makes the HTML
    credit_line: str  # "Lola Monset (autrice), avec élèves de CM2"; never a minor's name
    kind_label: str  # "Conte", "Podcast"…
    link: str  # the episode's permanent page, absolute
    published: datetime  # aware; first time it became public
    enclosure_url: str  # absolute, ASCII; never changes once published
    enclosure_length: int  # exact size in bytes of the published file
    enclosure_type: str  # audio/mpeg | video/mp4
    duration: int  # whole seconds
    medium: str  # audio | video
    image: str | None = None  # absolute URL of a 1400-3000 px square cover
    episode: int | None = None
    transcripts: tuple[Transcript, ...] = ()
    chapters_url: str | None = None
    persons: tuple[Person, ...] = ()
    location: Location | None = None
    licence: Licence | None = None
    licence_label: str = ""


@dataclass(frozen=True)
class Channel:
    """One feed: its channel fields and its entries, newest first, at most 300."""

    path: str  # site-relative, e.g. feeds/contes.xml
    kind: str  # series | residence | audience | all
    medium: str  # audio | video: one medium per feed, never mixed
    title: str
    link: str  # the series or residence page, or the home page, absolute
    self_url: str  # this feed's absolute URL (atom:link rel=self)
    description: str
    language: str
    image: str | None  # absolute URL of the channel cover
    category: Category
    author: str
    owner_name: str
    owner_email: str
    copyright: str
    podcast_guid: str  # UUIDv5 of the feed URL (Podcasting 2.0)
    numbered: bool = False  # print itunes:episode on entries
    licence: Licence | None = None  # when every entry shares one
    location: Location | None = None
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    @property
    def updated(self) -> datetime | None:
        """The newest entry's date: the feed's lastBuildDate, stable across rebuilds."""
        return max((e.published for e in self.entries), default=None)


@dataclass(frozen=True)
class FeedRef:
    """A feed as the site's subscribe links and the OPML list it."""

    title: str
    path: str  # site-relative feed path
    medium: str  # audio | video
    kind: str  # series | residence | audience | all
    page: str = ""  # site-relative page the feed belongs to ("" = home page)
    episodes: int = 0  # how many it holds; an empty one is written but never offered

    @property
    def offered(self) -> bool:
        """Whether pages and the OPML list may offer it: never an empty feed."""
        return self.episodes > 0
