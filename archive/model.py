"""The catalogue's records, as the rest of clea sees them.

Frozen dataclasses with everything a reader needs; no database handles, no
lazy loading. ``feeds`` and ``pipeline`` receive these and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

DRAFT, CLEARED, PUBLISHED, WITHDRAWN = "draft", "cleared", "published", "withdrawn"
PUBLIC_STATUSES = (CLEARED, PUBLISHED)
AUDIO, VIDEO, IMAGE, DOCUMENT = "audio", "video", "image", "document"
MEDIA = (AUDIO, VIDEO, IMAGE, DOCUMENT)
# Media that are watched or listened to, and so go into podcast feeds; pictures and
# documents have pages of their own and never reach a feed.
PLAYED = (AUDIO, VIDEO)


@dataclass(frozen=True)
class Contributor:
    name: str
    role: str
    minor: bool = False


@dataclass(frozen=True)
class Residence:
    id: int
    slug: str
    title: str
    kind: str
    description: str
    artists: tuple[str, ...]
    places: tuple[str, ...]
    themes: tuple[str, ...]
    start: date | None
    end: date | None
    # What it did, as (vocabulary.FIGURES code, count) in vocabulary order; counts only.
    figures: tuple[tuple[str, int], ...] = ()

    def figure_map(self) -> dict[str, int]:
        return dict(self.figures)


@dataclass(frozen=True)
class Series:
    id: int
    slug: str
    title: str
    medium: str
    description: str
    residence: str | None  # residence slug
    cover_sha: str | None
    numbered: bool
    category: str
    created_at: datetime
    intro_sha: str | None = None  # « générique » joined before every episode (audio only)
    outro_sha: str | None = None  # and after it


@dataclass(frozen=True)
class Original:
    """A file in the content-addressed store, with the facts probed at ingest."""

    sha256: str
    size: int
    name: str  # the file name it had when added, for people only
    medium: str  # audio | video | image | document
    format: str  # container, as probed
    duration: float  # 0 for an image or a document
    channels: int
    width: int | None = None
    height: int | None = None
    pages: int | None = None  # documents only


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    id: int
    slug: str
    guid: str
    series: str  # series slug
    title: str
    description: str
    kind: str
    audiences: tuple[str, ...]
    themes: tuple[str, ...]
    place: str
    language: str
    licence: str
    contributors: tuple[Contributor, ...]
    group: str  # how minors are credited publicly, e.g. "élèves de CM2, école Jean-Macé"
    recorded: date | None
    published_at: datetime | None  # first time it became public; the feed's pubDate
    status: str
    episode: int
    original: Original
    transcript_sha: str | None
    chapters_sha: str | None
    cover_sha: str | None
    created_at: datetime
    updated_at: datetime
    alt: str = ""  # a picture's text alternative (RGAA 1.1); its caption is the description
    # Grows with every change to the item (catalogue triggers, migration 0070); None
    # for an item not read from a catalogue, which the build then fingerprints whole.
    revision: int | None = None

    @property
    def medium(self) -> str:
        return self.original.medium

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def has_minors(self) -> bool:
        return any(c.minor for c in self.contributors)

    @property
    def year(self) -> int:
        when = self.recorded or (self.published_at or self.created_at).date()
        return when.year


@dataclass(frozen=True)
class MediaFacts:
    """What a probe found in a file, as the catalogue keeps it."""

    medium: str
    format: str
    duration: float
    channels: int
    width: int | None = None
    height: int | None = None
    pages: int | None = None
