"""Pages of pictures and documents: a gallery per image series, a page per photo and
per document. Like the episode pages, every value is resolved here: credits come
folded (``Episode.credits``), the caption is the item's description, the text
alternative its ``alt``.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive import vocabulary
from pipeline.build.public import Episode
from pipeline.build.renditions import PictureFile
from pipeline.build.site import jsonld, labels
from pipeline.build.site.context import (
    FeedLink,
    Frame,
    Link,
    Site,
    frame,
    residence_link,
)
from pipeline.build.site.item_context import Person, facet_links, paragraphs
from pipeline.plumbing import urls

GRID_PX = 320  # CSS px of a gallery thumbnail (its srcset offers the 2x)
PAGE_PX = 1024  # CSS px of the photo on its own page, at most


@dataclass(frozen=True)
class Picture:
    """A <picture>: the modern format's srcset first, the JPEG as the <img>."""

    src: str  # JPEG
    srcset: str  # JPEG widths
    webp: str  # WebP srcset
    width: int
    height: int
    alt: str
    large: str = ""  # the biggest JPEG, for the viewer


@dataclass(frozen=True)
class Credits:
    people: tuple[Person, ...]
    group: str
    licence_label: str
    licence_url: str | None


@dataclass(frozen=True)
class Neighbour:
    href: str
    title: str


@dataclass(frozen=True)
class PhotoContext:
    frame: Frame
    title: str
    kind_label: str
    caption: tuple[str, ...]
    picture: Picture
    date_label: str
    date_iso: str
    recorded_label: str
    place: str
    credits: Credits
    download: Link
    download_size: str
    gallery: Link | None
    previous: Neighbour | None
    next: Neighbour | None
    position: str  # « Photo 3 sur 12 »
    facets: tuple[tuple[str, tuple[Link, ...]], ...]
    permalink: str
    qr: str
    qr_alt: str
    residence: Link | None
    audiences: tuple[str, ...]
    residence_title: str
    highlighter: str


@dataclass(frozen=True)
class DocumentContext:
    frame: Frame
    title: str
    kind_label: str
    summary: tuple[str, ...]
    thumbnail: Picture | None
    pages_label: str
    size_label: str
    date_label: str
    date_iso: str
    credits: Credits
    download: Link
    text: tuple[str, ...]
    series: Link | None
    residence: Link | None
    facets: tuple[tuple[str, tuple[Link, ...]], ...]
    permalink: str
    qr: str
    qr_alt: str
    audiences: tuple[str, ...]
    residence_title: str
    highlighter: str


@dataclass(frozen=True)
class Tile:
    href: str  # the photo's own page
    title: str
    caption: str
    picture: Picture
    number: int


@dataclass(frozen=True)
class GalleryContext:
    frame: Frame
    title: str
    description: str
    residence: Link | None
    tiles: tuple[Tile, ...]
    feed: FeedLink | None = None


def picture(page: str, files: tuple[PictureFile, ...], want: int, alt: str) -> Picture | None:
    """The copies of one picture as a <picture> about ``want`` CSS px wide."""
    jpegs = [f for f in files if f.mime == "image/jpeg"]
    webps = [f for f in files if f.mime == "image/webp"]
    if not jpegs:
        return None
    shown = next((f for f in jpegs if f.width >= want), jpegs[-1])
    wanted = [f for f in jpegs if f.width <= 2 * want] or jpegs[:1]

    def srcset(chosen: list[PictureFile]) -> str:
        return ", ".join(f"{urls.relative(page, f.path)} {f.width}w" for f in chosen)

    return Picture(urls.relative(page, shown.path), srcset(wanted),
                   srcset([f for f in webps if f.width <= 2 * want] or webps[:1]),
                   shown.width, shown.height, alt, urls.relative(page, jpegs[-1].path))


def _credits(ep: Episode) -> Credits:
    return Credits(tuple(Person(c.name, c.role) for c in ep.credits.people),
                   ep.credits.group, ep.licence_label, ep.licence_url)


def _crumbs(site: Site, page: str, ep: Episode) -> tuple[Link | None, Link | None]:
    series = site.series.get(ep.series)
    residence = site.residences.get(ep.residence or "")
    return (Link(urls.relative(page, urls.residence_page(residence.slug)), residence.title)
            if residence else None,
            Link(urls.relative(page, urls.series_page(series.slug)), series.title)
            if series else None)


def photo_context(site: Site, ep: Episode) -> PhotoContext:
    page = ep.page
    r = ep.rendition
    res, gallery = _crumbs(site, page, ep)
    siblings = gallery_order(site.by_series[ep.series])
    at = siblings.index(ep)
    before = siblings[at - 1] if at > 0 else None
    after = siblings[at + 1] if at + 1 < len(siblings) else None
    fr = frame(site, page, ep.title, ep.description or ep.alt, og_type="article",
               image=site.urls.media(r.path), image_alt=ep.alt,
               jsonld=jsonld.photo(site, ep), breadcrumbs=tuple(x for x in (res, gallery) if x))
    residence = site.residences.get(ep.residence or "")
    return PhotoContext(
        frame=fr, title=ep.title, kind_label=ep.kind_label, caption=paragraphs(ep.description),
        picture=picture(page, r.pictures, PAGE_PX, ep.alt),
        date_label=labels.day(ep.published), date_iso=labels.iso_day(ep.published),
        recorded_label=labels.day(ep.recorded), place=ep.place, credits=_credits(ep),
        download=Link(urls.relative(page, r.path),
                      f"Télécharger la photo (JPEG, {r.width} × {r.height} pixels)"),
        download_size=labels.size(r.bytes), gallery=gallery,
        previous=Neighbour(urls.relative(page, before.page), before.title) if before else None,
        next=Neighbour(urls.relative(page, after.page), after.title) if after else None,
        position=f"Photo {at + 1} sur {len(siblings)}", facets=facet_links(page, ep),
        permalink=site.urls.absolute(page), qr=urls.relative(page, urls.item_qr(ep.slug)),
        qr_alt=f"QR code menant à la page de « {ep.title} »", residence=res,
        audiences=tuple(vocabulary.AUDIENCES.get(c, c) for c in ep.audiences),
        residence_title=residence.title if residence else "",
        highlighter=urls.relative(page, urls.PAGEFIND + "pagefind-highlight.js"),
    )


def document_context(site: Site, ep: Episode) -> DocumentContext:
    page = ep.page
    r = ep.rendition
    res, series = _crumbs(site, page, ep)
    fr = frame(site, page, ep.title, ep.description, og_type="article",
               image=site.urls.media(r.cover[max(r.cover)]) if r.cover else None,
               image_alt=f"Première page de « {ep.title} »" if r.cover else "",
               jsonld=jsonld.document(site, ep), breadcrumbs=tuple(x for x in (res, series) if x))
    residence = site.residences.get(ep.residence or "")
    pages = r.pages or 0
    return DocumentContext(
        frame=fr, title=ep.title, kind_label=ep.kind_label, summary=paragraphs(ep.description),
        thumbnail=picture(page, r.pictures, 240, f"Première page de « {ep.title} »"),
        pages_label=f"{pages} page{'s' if pages > 1 else ''}", size_label=labels.size(r.bytes),
        date_label=labels.day(ep.published), date_iso=labels.iso_day(ep.published),
        credits=_credits(ep),
        download=Link(urls.relative(page, r.path), "Télécharger le document (PDF)"),
        text=paragraphs(r.text), series=series, residence=res, facets=facet_links(page, ep),
        permalink=site.urls.absolute(page), qr=urls.relative(page, urls.item_qr(ep.slug)),
        qr_alt=f"QR code menant à la page de « {ep.title} »",
        audiences=tuple(vocabulary.AUDIENCES.get(c, c) for c in ep.audiences),
        residence_title=residence.title if residence else "",
        highlighter=urls.relative(page, urls.PAGEFIND + "pagefind-highlight.js"),
    )


def gallery_context(site: Site, slug: str) -> GalleryContext:
    s = site.series[slug]
    page = urls.series_page(slug)
    res = site.residences.get(s.residence or "")
    res_link = residence_link(site, page, res) if res else None
    photos = gallery_order(site.by_series[slug])
    first = photos[0].rendition if photos else None
    fr = frame(site, page, s.title, s.description,
               image=site.urls.media(first.path) if first else None,
               image_alt=photos[0].alt if photos else "",
               jsonld=jsonld.gallery(site, s, photos), breadcrumbs=(res_link,) if res_link else ())
    tiles = tuple(Tile(urls.relative(page, ep.page), ep.title, labels.summary(ep.description),
                       picture(page, ep.rendition.pictures, GRID_PX, ep.alt), n)
                  for n, ep in enumerate(photos, 1))
    return GalleryContext(fr, s.title, s.description, res_link, tiles)


def gallery_order(episodes: list[Episode]) -> list[Episode]:
    """A gallery reads in the order the photos were added (their number), not newest first."""
    return sorted(episodes, key=lambda e: (e.episode, e.slug))
