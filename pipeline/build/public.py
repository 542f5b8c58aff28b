"""The public view of the catalogue: what may reach a page, a feed or a tag.

This is where invariant 6 is enforced for every renderer at once: an
``Episode`` carries adult contributors by name and pupils only as their
group, and never the raw catalogue record, so a template cannot name a minor
or show an uncleared item even by mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from archive import PLAYED, Contributor, Item, Residence, Series, vocabulary
from archive.collate import french_sorted
from pipeline.build.fingerprint import digest
from pipeline.build.renditions import Rendition, SeriesArt
from pipeline.plumbing import urls
from pipeline.plumbing.config import Settings

DEFAULT_GROUP = "des élèves et des jeunes participants"


@dataclass(frozen=True)
class Credits:
    people: tuple[Contributor, ...]  # adults only; every one has minor=False
    group: str  # "" when no minor took part

    def line(self) -> str:
        """One French line, e.g. "Lola Monset (autrice), avec élèves de CM2"."""
        parts = [f"{c.name} ({c.role})" for c in self.people]
        if self.group:
            parts.append(f"avec {self.group}")
        return ", ".join(parts)


def credits_of(item: Item) -> Credits:
    adults = tuple(c for c in item.contributors if not c.minor)
    group = ""
    if item.has_minors:
        group = item.group.strip() or DEFAULT_GROUP
    return Credits(adults, group)


@dataclass(frozen=True)
class Episode:
    slug: str
    guid: str
    title: str
    description: str
    kind: str
    kind_label: str
    medium: str
    series: str  # series slug
    residence: str | None  # residence slug
    audiences: tuple[str, ...]
    themes: tuple[str, ...]
    place: str
    language: str
    licence: str
    licence_label: str
    licence_url: str | None
    credits: Credits
    recorded: date | None
    published: datetime  # stable pubDate: first time it became public
    updated: datetime
    year: int
    episode: int
    rendition: Rendition
    page: str  # site-relative, e.g. episodes/<slug>/
    alt: str = ""  # a picture's text alternative; its caption is the description
    # Changes whenever anything above may have (pipeline/build/fingerprint.py); set by
    # ``episode_of``, or taken from every field for an episode made another way.
    revision: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.revision:
            object.__setattr__(self, "revision", digest(repr(self)))

    @property
    def played(self) -> bool:
        """Audio or video: in the podcast feeds, with a player. Pictures and documents
        are on the site only."""
        return self.medium in PLAYED

    @property
    def duration(self) -> float:
        return self.rendition.duration


def episode_of(item: Item, series: Series, rendition: Rendition) -> Episode:
    label, url = vocabulary.LICENCES.get(item.licence, (item.licence, None))
    published = item.published_at or item.created_at
    return Episode(
        slug=item.slug, guid=item.guid, title=item.title, description=item.description,
        kind=item.kind, kind_label=vocabulary.KINDS.get(item.kind, item.kind),
        medium=item.medium, series=series.slug, residence=series.residence,
        audiences=item.audiences, themes=item.themes, place=item.place,
        language=item.language, licence=item.licence, licence_label=label, licence_url=url,
        credits=credits_of(item), recorded=item.recorded,
        published=published.replace(tzinfo=published.tzinfo or UTC),
        updated=item.updated_at, year=item.year, episode=item.episode, rendition=rendition,
        page=urls.item_page(item.slug), alt=item.alt,
        revision=digest(item.slug, repr(item) if item.revision is None else item.revision,
                        rendition.revision, series.slug, series.residence),
    )


@dataclass(frozen=True)
class SiteData:
    """Everything the feeds and the pages may show, resolved once per build."""

    settings: Settings
    urls: urls.Urls
    residences: tuple[Residence, ...]  # those with at least one public episode
    series: tuple[Series, ...]  # those with at least one public episode
    series_art: dict[str, SeriesArt]
    episodes: tuple[Episode, ...]  # newest first

    def series_by_slug(self) -> dict[str, Series]:
        return {s.slug: s for s in self.series}

    def residences_by_slug(self) -> dict[str, Residence]:
        return {r.slug: r for r in self.residences}

    def episodes_of_series(self, slug: str) -> tuple[Episode, ...]:
        return tuple(e for e in self.episodes if e.series == slug)


def resolve(settings: Settings, items: Iterable[Item], series: Iterable[Series],
            residences: Iterable[Residence], renditions: Mapping[str, Rendition],
            series_art: Mapping[str, SeriesArt]) -> SiteData:
    """The one way SiteData is made: episodes of the items that have a rendition,
    newest first, and only the series (in French order of title) and residences
    (in the catalogue's order) they belong to."""
    by_slug = {s.slug: s for s in series}
    episodes = [episode_of(item, by_slug[item.series], renditions[item.slug])
                for item in items if item.slug in renditions]
    episodes.sort(key=lambda e: (e.published, e.episode, e.slug), reverse=True)
    used_series = {e.series for e in episodes}
    used_residences = {by_slug[s].residence for s in used_series if by_slug[s].residence}
    return SiteData(
        settings=settings,
        urls=urls.Urls(settings.base_url, settings.media_base_url or None),
        residences=tuple(r for r in residences if r.slug in used_residences),
        series=tuple(french_sorted((s for s in by_slug.values() if s.slug in used_series),
                                   key=lambda s: s.title)),
        series_art={k: v for k, v in series_art.items() if k in used_series},
        episodes=tuple(episodes),
    )
