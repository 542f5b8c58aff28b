"""The pages that list episodes: home, residences, series, browse, search and 404."""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from archive import vocabulary
from archive.collate import french_sorted
from pipeline.build.site import jsonld, labels, search
from pipeline.build.site.context import (
    FACET_ONE,
    FACETS,
    LATEST,
    EpisodeCard,
    FeedLink,
    Frame,
    Image,
    Link,
    Site,
    biggest,
    cards,
    feed_link,
    feed_links,
    frame,
    image,
    residence_link,
    series_link,
)
from pipeline.build.site.feedlinks import MEDIUM_LABEL
from pipeline.plumbing import urls


@dataclass(frozen=True)
class SeriesCard:
    link: Link
    description: str
    medium_label: str
    image: Image | None
    kind_label: str = "Série"  # « Série audio », « Galerie de photos », « Documents »
    unit: str = "épisode"  # what it counts


# How a series of each medium is announced on a card, and what it counts.
SERIES_WORDS = {"image": ("Galerie de photos", "photo"), "document": ("Documents", "document")}


@dataclass(frozen=True)
class KindGroup:
    """What a residence produced of one kind: « Photographie », « Livret »…"""

    label: str
    anchor: str
    items: tuple[Link, ...]


@dataclass(frozen=True)
class HomeContext:
    frame: Frame
    description: str
    latest: tuple[EpisodeCard, ...]
    residences: tuple[Link, ...]
    series: tuple[SeriesCard, ...]
    feeds: tuple[FeedLink, ...]
    audience_feeds: tuple[FeedLink, ...]
    total: int


@dataclass(frozen=True)
class ResidenceContext:
    frame: Frame
    title: str
    kind_label: str
    description: str
    artists: tuple[str, ...]
    places: tuple[str, ...]
    dates: str
    themes: tuple[str, ...]
    series: tuple[SeriesCard, ...]
    latest: tuple[EpisodeCard, ...]  # the newest; the series pages list them all
    total: int
    feeds: tuple[FeedLink, ...]
    by_kind: tuple[KindGroup, ...] = ()  # everything it produced, grouped by kind


@dataclass(frozen=True)
class SeriesContext:
    frame: Frame
    title: str
    description: str
    medium_label: str
    image: Image | None
    residence: Link | None
    feed: FeedLink | None
    episodes: tuple[EpisodeCard, ...]


@dataclass(frozen=True)
class BrowseIndexContext:
    frame: Frame
    facets: tuple[tuple[Link, tuple[Link, ...]], ...]  # facet page, its first values


@dataclass(frozen=True)
class FacetContext:
    frame: Frame
    title: str
    values: tuple[Link, ...]


@dataclass(frozen=True)
class BrowseContext:
    frame: Frame
    title: str
    facet: Link
    episodes: tuple[EpisodeCard, ...]  # this page's share of the list
    feeds: tuple[FeedLink, ...] = ()  # an audience's own feeds, for a class to subscribe
    total: int = 0  # episodes in the whole list
    pager: Pager | None = None  # when the list takes more than one page


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a list cut into pages, and the links to the others."""

    number: int
    count: int
    pages: tuple[Link, ...]  # every page, in order; pages[number - 1] is this one
    previous: Link | None
    following: Link | None


BROWSE_PAGE_SIZE = 50  # episodes per browse page: light to load, and an edit redraws one


def browse_pages(total: int) -> int:
    """How many pages a browse list of ``total`` episodes takes (at least one)."""
    return max(1, -(-total // BROWSE_PAGE_SIZE))


@dataclass(frozen=True)
class SearchContext:
    frame: Frame
    pagefind: str  # relative link to the first bundle's pagefind.js
    root: str  # relative link to the site root, to resolve result URLs
    script: str
    shards: str = ""  # relative links to the other search bundles, space-separated


@dataclass(frozen=True)
class NotFoundContext:
    frame: Frame
    home: str  # absolute: a 404 is served at any depth, so relative links cannot work
    css: Markup  # our own stylesheet, inlined for the same reason


def series_card(site: Site, page: str, slug: str) -> SeriesCard:
    s = site.series[slug]
    medium = MEDIUM_LABEL.get(s.medium, s.medium)
    kind, unit = SERIES_WORDS.get(s.medium, (f"Série {medium}", "épisode"))
    return SeriesCard(series_link(site, page, s), labels.summary(s.description), medium,
                      image(page, site.series_cover(slug), 150), kind, unit)


def home_context(site: Site) -> HomeContext:
    page = urls.HOME
    s = site.settings
    fr = frame(site, page, s.title, s.description, current="home",
               alternates=feed_links(site, page, ("all",)))
    return HomeContext(
        frame=fr, description=s.description,
        latest=cards(site, page, site.data.episodes[:LATEST]),
        residences=tuple(residence_link(site, page, r) for r in site.data.residences),
        series=tuple(series_card(site, page, x.slug) for x in site.data.series),
        feeds=feed_links(site, page, ("all",)),
        audience_feeds=feed_links(site, page, ("audience",)), total=len(site.data.episodes),
    )


def residence_context(site: Site, slug: str) -> ResidenceContext:
    res = site.residences[slug]
    page = urls.residence_page(slug)
    feeds = tuple(feed_link(site, page, f) for f in site.feeds
                  if f.kind == "residence" and f.path in
                  (urls.residence_feed(slug, "audio"), urls.residence_feed(slug, "video")))
    fr = frame(site, page, res.title, res.description, alternates=feeds,
               breadcrumbs=(Link(urls.relative(page, urls.browse_page("residences")),
                                 "Résidences"),))
    return ResidenceContext(
        frame=fr, title=res.title, kind_label=vocabulary.RESIDENCE_KINDS.get(res.kind, res.kind),
        description=res.description, artists=res.artists, places=res.places,
        dates=labels.date_range(res.start, res.end), themes=res.themes,
        series=tuple(series_card(site, page, x.slug) for x in site.data.series
                     if x.residence == slug),
        latest=cards(site, page, site.by_residence[slug][:LATEST]),
        total=len(site.by_residence[slug]), feeds=feeds,
        by_kind=kind_groups(site, page, site.by_residence[slug]),
    )


def kind_groups(site: Site, page: str, episodes) -> tuple[KindGroup, ...]:
    """Every production, grouped by kind in the vocabulary's order (free kinds last),
    each group in French order of title."""
    groups: dict[str, list] = {}
    for ep in episodes:
        groups.setdefault(ep.kind, []).append(ep)
    order = list(vocabulary.KINDS)
    ranked = sorted(groups, key=lambda k: (order.index(k) if k in order else len(order), k))
    return tuple(KindGroup(groups[k][0].kind_label, f"type-{k}",
                           tuple(Link(urls.relative(page, ep.page), ep.title)
                                 for ep in french_sorted(groups[k], key=lambda e: e.title)))
                 for k in ranked)


def series_context(site: Site, slug: str) -> SeriesContext:
    s = site.series[slug]
    page = urls.series_page(slug)
    res = site.residences.get(s.residence or "")
    feed = site.feed_by_path.get(urls.series_feed(slug))
    link = feed_link(site, page, feed) if feed else None
    cover = site.series_cover(slug)
    res_link = residence_link(site, page, res) if res else None
    fr = frame(site, page, s.title, s.description, alternates=(link,) if link else (),
               image=site.urls.media(biggest(cover)) if cover else None,
               image_alt=f"Illustration de la série « {s.title} »" if cover else "",
               jsonld=jsonld.series(site, s), breadcrumbs=(res_link,) if res_link else ())
    return SeriesContext(
        frame=fr, title=s.title, description=s.description,
        medium_label=MEDIUM_LABEL.get(s.medium, s.medium), image=image(page, cover, 300),
        residence=res_link, feed=link, episodes=cards(site, page, site.by_series[slug]),
    )


def _values(site: Site, page: str, facet: str) -> tuple[Link, ...]:
    """A facet's values: years newest first, everything else in French order."""
    entries = site.facets[facet]
    order = sorted(entries, reverse=True) if facet == "annees" else \
        french_sorted(entries, key=lambda v: entries[v][0])
    if facet == "residences":
        return tuple(residence_link(site, page, site.residences[v]) for v in order)
    return tuple(Link(urls.relative(page, urls.browse_page(facet, v)), entries[v][0],
                      len(entries[v][1]), context=f"{FACET_ONE[facet]} : ") for v in order)


def browse_index_context(site: Site) -> BrowseIndexContext:
    page = urls.BROWSE
    fr = frame(site, page, "Parcourir l'archive", site.settings.description, current="browse")
    facets = tuple((Link(urls.relative(page, urls.browse_page(f)), label),
                    _values(site, page, f)) for f, label in FACETS.items() if site.facets[f])
    return BrowseIndexContext(fr, facets)


def facet_context(site: Site, facet: str) -> FacetContext:
    page = urls.browse_page(facet)
    title = f"Parcourir par {FACETS[facet].lower()}"
    fr = frame(site, page, title, site.settings.description, current="browse",
               breadcrumbs=(Link(urls.relative(page, urls.BROWSE), "Parcourir"),))
    return FacetContext(fr, title, _values(site, page, facet))


def browse_context(site: Site, facet: str, value: str, number: int = 1) -> BrowseContext:
    page = urls.browse_page(facet, value, number)
    label, episodes = site.facets[facet][value]
    count = browse_pages(len(episodes))
    pager = _pager(page, facet, value, number, count) if count > 1 else None
    shown = episodes[(number - 1) * BROWSE_PAGE_SIZE:number * BROWSE_PAGE_SIZE]
    facet_link = Link(urls.relative(page, urls.browse_page(facet)), FACETS[facet])
    own = ((urls.audience_feed(value, "audio"), urls.audience_feed(value, "video"))
           if facet == "publics" else ())
    feeds = tuple(feed_link(site, page, f) for f in site.feeds if f.path in own)
    title = f"{FACETS[facet]} : {label}"
    if pager is not None:
        title += f" (page {number} sur {count})"
    fr = frame(site, page, title, site.settings.description,
               current="browse", alternates=feeds,
               breadcrumbs=(Link(urls.relative(page, urls.BROWSE), "Parcourir"), facet_link))
    # Long lists (a year holds thousands): rows without pictures, light to load and render.
    return BrowseContext(fr, label, facet_link, cards(site, page, shown, images=False),
                         feeds, len(episodes), pager)


def _pager(page: str, facet: str, value: str, number: int, count: int) -> Pager:
    links = tuple(Link(urls.relative(page, urls.browse_page(facet, value, n)), str(n))
                  for n in range(1, count + 1))
    return Pager(number, count, links,
                 Link(links[number - 2].href, "Page précédente") if number > 1 else None,
                 Link(links[number].href, "Page suivante") if number < count else None)


def search_context(site: Site) -> SearchContext:
    page = urls.SEARCH_PAGE
    fr = frame(site, page, "Rechercher", site.settings.description, current="search")
    # The first bundle is loaded, the others merged into it; shard 0 may be empty (a
    # shard is a hash of the page's path), so the first is whichever holds pages.
    first, *others = search_shards(site) or [0]
    return SearchContext(fr, urls.relative(page, urls.search_shard(first) + "pagefind.js"),
                         urls.relative(page, urls.HOME).removesuffix("index.html"),
                         urls.relative(page, urls.static("search.js")),
                         " ".join(urls.relative(page, urls.search_shard(k) + "pagefind-entry.json")
                                  .removesuffix("pagefind-entry.json") for k in others))


def search_shards(site: Site) -> list[int]:
    """The search bundles the episode pages fall into (0 alone for most archives)."""
    return list(search.shards(urls.file_of(ep.page) for ep in site.data.episodes))


def not_found_context(site: Site, css: str) -> NotFoundContext:
    fr = replace(frame(site, urls.NOT_FOUND, "Page introuvable", site.settings.description),
                 canonical=None, noindex=True)
    return NotFoundContext(fr, site.urls.absolute(urls.HOME), Markup(css))
