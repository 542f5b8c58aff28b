"""The plain data each page template receives, and the pieces pages share.

Every value is resolved here: relative links from this page, absolute URLs for
machines, French labels, credits with minors already folded into their group.
Templates only lay these out; they never decide what is public or who is named.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup
from slugify import slugify

from archive import Residence, Series, vocabulary
from feeds.model import FeedRef
from pipeline.build.public import Episode, SiteData
from pipeline.build.site import labels
from pipeline.build.site.feedlinks import MEDIUM_LABEL, feed_list
from pipeline.plumbing import urls

# Browse facets: URL segment -> French heading. Residences browse to their own pages.
FACETS = {"residences": "Résidences", "lieux": "Lieux", "themes": "Thèmes",
          "publics": "Publics", "annees": "Années"}
# What one value of a facet is, said before a value's link text to screen readers:
# « information » alone is not a descriptive link, « Thème : information » is.
FACET_ONE = {"residences": "Résidence", "lieux": "Lieu", "themes": "Thème",
             "publics": "Public", "annees": "Année"}
LATEST = 12


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    count: int = 0
    context: str = ""  # said before the label to screen readers only: "Thème : "


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str  # absolute: what a listener pastes into an app
    href: str  # relative: what a click follows
    medium_label: str


@dataclass(frozen=True)
class Image:
    src: str
    srcset: str
    width: int
    height: int


@dataclass(frozen=True)
class Frame:
    """The head, header and footer of a page."""

    path: str
    title: str  # the <title>
    site_title: str
    description: str
    home: str
    browse: str
    search: str
    css: str
    js: str
    icon: str
    opml: str
    current: str  # home | browse | search | ""
    canonical: str | None = None
    og_type: str = "website"
    image: str | None = None  # absolute
    image_alt: str = ""
    og_media: tuple[tuple[str, str, str], ...] = ()  # (og:audio|og:video, url, mime)
    alternates: tuple[FeedLink, ...] = ()
    jsonld: Markup | None = None
    noindex: bool = False
    breadcrumbs: tuple[Link, ...] = ()
    bilan: str = ""  # relative link to the public bilan page, when the archive shows one


@dataclass(frozen=True)
class EpisodeCard:
    title: str
    href: str
    kind_label: str
    medium_label: str
    date_label: str
    date_iso: str
    duration_label: str
    duration_iso: str
    series_title: str
    summary: str
    image: Image | None
    extent: str = ""  # a document's pages, instead of a duration


class Site:
    """SiteData looked up once per build: by series, residence and browse facet."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.settings = data.settings
        self.urls = data.urls
        self.series = data.series_by_slug()
        self.residences = data.residences_by_slug()
        self.feeds = feed_list(data)
        self.feed_by_path = {f.path: f for f in self.feeds}
        self.by_series: dict[str, list[Episode]] = defaultdict(list)
        self.by_residence: dict[str, list[Episode]] = defaultdict(list)
        self.facets: dict[str, dict[str, tuple[str, list[Episode]]]] = {f: {} for f in FACETS}
        for ep in data.episodes:
            self.by_series[ep.series].append(ep)
            if ep.residence:
                self.by_residence[ep.residence].append(ep)
            for facet, value, label in facet_values(ep):
                entry = self.facets[facet].setdefault(value, (label, []))
                entry[1].append(ep)
        for value, res in self.residences.items():
            self.facets["residences"][value] = (res.title, self.by_residence[value])

    def cover(self, ep: Episode) -> dict[int, str]:
        if ep.rendition.cover:
            return ep.rendition.cover
        art = self.data.series_art.get(ep.series)
        return art.cover if art else {}

    def series_cover(self, slug: str) -> dict[int, str]:
        art = self.data.series_art.get(slug)
        return art.cover if art else {}


@functools.lru_cache(maxsize=8192)
def value_slug(text: str, fallback: str) -> str:
    """The URL segment of a place or theme; cached, as the same few values recur."""
    return slugify(text) or fallback


def facet_values(ep: Episode) -> list[tuple[str, str, str]]:
    """(facet, value slug, French label) for every browse page that lists ``ep``."""
    out = []
    if ep.place.strip():
        out.append(("lieux", value_slug(ep.place, "lieu"), ep.place.strip()))
    out += [("themes", value_slug(t, "theme"), t.strip()) for t in ep.themes if t.strip()]
    out += [("publics", code, vocabulary.AUDIENCES.get(code, code)) for code in ep.audiences]
    out.append(("annees", str(ep.year), str(ep.year)))
    return out


def biggest(cover: dict[int, str]) -> str | None:
    return cover[max(cover)] if cover else None


def image(page: str, cover: dict[int, str], want: int,
          heights: dict[int, int] | None = None) -> Image | None:
    """An <img> of about ``want`` CSS px, with the 2x size in its srcset (square unless
    ``heights`` gives each width's height: a photo, a document's first page)."""
    if not cover:
        return None
    sizes = sorted(cover)
    first = next((px for px in sizes if px >= want), sizes[-1])
    double = next((px for px in sizes if px >= 2 * want), sizes[-1])
    srcset = ", ".join(dict.fromkeys(
        f"{urls.relative(page, cover[px])} {px}w" for px in (first, double)))
    return Image(urls.relative(page, cover[first]), srcset, first,
                 (heights or {}).get(first, first))


def frame(site: Site, path: str, title: str, description: str, *, current: str = "",
          **extra) -> Frame:
    s = site.settings
    full_title = title if path == urls.HOME else f"{title} — {s.title}"
    return Frame(
        path=path, title=full_title, site_title=s.title,
        description=labels.summary(description or s.description, 200),
        home=urls.relative(path, urls.HOME), browse=urls.relative(path, urls.BROWSE),
        search=urls.relative(path, urls.SEARCH_PAGE),
        css=urls.relative(path, urls.static("clea.css")),
        js=urls.relative(path, urls.static("clea.js")),
        icon=urls.relative(path, urls.static("favicon.svg")),
        opml=urls.relative(path, urls.OPML), current=current,
        canonical=site.urls.absolute(path),
        bilan=urls.relative(path, urls.BILAN_PAGE) if s.public_bilan else "", **extra,
    )


def feed_link(site: Site, path: str, feed: FeedRef) -> FeedLink:
    return FeedLink(feed.title, site.urls.absolute(feed.path), urls.relative(path, feed.path),
                    MEDIUM_LABEL.get(feed.medium, feed.medium))


def feed_links(site: Site, path: str, kinds: tuple[str, ...] = ("all",),
               paths: tuple[str, ...] = ()) -> tuple[FeedLink, ...]:
    chosen = [f for f in site.feeds if f.kind in kinds or f.path in paths]
    return tuple(feed_link(site, path, f) for f in chosen)


def card(site: Site, page: str, ep: Episode, images: bool = True) -> EpisodeCard:
    series = site.series.get(ep.series)
    pages = ep.rendition.pages or 0
    return EpisodeCard(
        title=ep.title, href=urls.relative(page, ep.page), kind_label=ep.kind_label,
        medium_label=labels.medium(ep.kind_label, ep.medium),
        date_label=labels.day(ep.published), date_iso=labels.iso_day(ep.published),
        duration_label=labels.duration(ep.duration) if ep.played else "",
        duration_iso=labels.iso_duration(ep.duration) if ep.played else "",
        series_title=series.title if series else "", summary=labels.summary(ep.description),
        image=image(page, site.cover(ep), 96,
                    {f.width: f.height for f in ep.rendition.pictures}) if images else None,
        extent=f"{pages} page{'s' if pages > 1 else ''}" if pages else "",
    )


def cards(site: Site, page: str, episodes: list[Episode] | tuple[Episode, ...],
          images: bool = True) -> tuple[EpisodeCard, ...]:
    return tuple(card(site, page, ep, images) for ep in episodes)


def residence_link(site: Site, page: str, res: Residence) -> Link:
    return Link(urls.relative(page, urls.residence_page(res.slug)), res.title,
                len(site.by_residence[res.slug]), context=f"{FACET_ONE['residences']} : ")


def series_link(site: Site, page: str, series: Series) -> Link:
    return Link(urls.relative(page, urls.series_page(series.slug)), series.title,
                len(site.by_series[series.slug]))
