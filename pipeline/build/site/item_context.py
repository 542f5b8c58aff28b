"""The permanent page of one episode and its player-only embed page."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from archive import vocabulary
from pipeline.build.public import Episode
from pipeline.build.site import jsonld, labels
from pipeline.build.site.context import (
    FACET_ONE,
    FeedLink,
    Frame,
    Image,
    Link,
    Site,
    biggest,
    feed_link,
    frame,
    image,
    value_slug,
)
from pipeline.build.site.feedlinks import MEDIUM_LABEL
from pipeline.plumbing import urls


@dataclass(frozen=True)
class Player:
    medium: str  # audio | video
    src: str
    mime: str
    poster: str | None
    width: int | None
    height: int | None
    captions: str | None  # WebVTT, video only
    label: str  # accessible name of the player


@dataclass(frozen=True)
class Chapter:
    start: float
    clock: str
    title: str
    href: str  # a media fragment link, which the page's script turns into a seek


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True)
class Share:
    permalink: str
    embed_code: str
    qr: str  # relative link to the SVG
    qr_alt: str


@dataclass(frozen=True)
class ItemContext:
    frame: Frame
    title: str
    kind_label: str
    medium_label: str
    date_label: str
    date_iso: str
    recorded_label: str
    duration_label: str
    duration_iso: str
    description: tuple[str, ...]  # paragraphs
    image: Image | None
    player: Player
    download: Link
    download_size: str
    chapters: tuple[Chapter, ...]
    people: tuple[Person, ...]  # adults, by name
    group: str  # pupils, only as their group
    licence_label: str
    licence_url: str | None
    transcript: tuple[str, ...]  # paragraphs
    transcript_files: tuple[Link, ...]
    series: Link | None
    residence: Link | None
    facets: tuple[tuple[str, tuple[Link, ...]], ...]  # (heading, links)
    feed: FeedLink | None
    share: Share
    audiences: tuple[str, ...]  # labels, also search filters
    residence_title: str
    highlighter: str  # relative link to Pagefind's highlighter, for ?surligner=


@dataclass(frozen=True)
class EmbedContext:
    frame: Frame
    title: str
    permalink: str
    player: Player
    duration_label: str


def paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines split paragraphs; a transcript with none splits at each line."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return ()
    blocks = text.split("\n\n") if "\n\n" in text else text.split("\n")
    return tuple(" ".join(b.split()) for b in blocks if b.strip())


def player(page: str, ep: Episode) -> Player:
    r = ep.rendition
    video = ep.medium == "video"
    return Player(
        medium=ep.medium, src=urls.relative(page, r.path), mime=r.mime,
        poster=urls.relative(page, r.poster) if video and r.poster else None,
        width=r.width if video else None, height=r.height if video else None,
        captions=urls.relative(page, r.transcript_vtt) if video and r.transcript_vtt else None,
        label=f"Lecteur {MEDIUM_LABEL[ep.medium]} : {ep.title}",
    )


EMBED_WIDTH = 640  # CSS px: the snippet's width, or its height for a portrait video
EMBED_CHROME = 80  # CSS px above and below the player: the title and the credits line
EMBED_AUDIO_HEIGHT = 150


def embed_size(ep: Episode) -> tuple[int, int]:
    """The iframe's size: the player at the video's own shape, within 640 × 640, plus
    the lines around it. A portrait (9:16) video is 360 wide and 640 tall, not
    squeezed into a landscape frame where its controls would fall outside."""
    r = ep.rendition
    if ep.medium != "video":
        return EMBED_WIDTH, EMBED_AUDIO_HEIGHT
    width, height = (r.width, r.height) if r.width and r.height else (16, 9)
    scale = EMBED_WIDTH / max(width, height)
    return round(width * scale), round(height * scale) + EMBED_CHROME


def embed_code(site: Site, ep: Episode) -> str:
    """The snippet a teacher pastes into a class blog: an iframe of the embed page.

    Narrower than its size on a phone, a video's frame keeps its shape
    (aspect-ratio); the embed page lays the player out to fit whatever frame it gets.
    """
    width, height = embed_size(ep)
    src = site.urls.absolute(urls.item_embed(ep.slug))
    title = html.escape(f"{ep.title} — lecteur", quote=True)
    style = "border:0;max-width:100%"
    if ep.medium == "video":  # an audio player keeps its height, whatever the width
        style += f";height:auto;aspect-ratio:{width}/{height}"
    return (f'<iframe src="{src}" title="{title}" width="{width}" height="{height}" '
            f'style="{style}" loading="lazy" allow="fullscreen"></iframe>')


def facet_links(page: str, ep: Episode) -> tuple[tuple[str, tuple[Link, ...]], ...]:
    def link(facet: str, value: str, label: str) -> Link:
        return Link(urls.relative(page, urls.browse_page(facet, value)), label,
                    context=f"{FACET_ONE[facet]} : ")

    groups = [
        ("Public", tuple(link("publics", c, vocabulary.AUDIENCES.get(c, c)) for c in ep.audiences)),
        ("Thèmes", tuple(link("themes", value_slug(t, "theme"), t) for t in ep.themes if t.strip())),
        ("Lieu", (link("lieux", value_slug(ep.place, "lieu"), ep.place),) if ep.place.strip() else ()),
        ("Année", (link("annees", str(ep.year), str(ep.year)),)),
    ]
    return tuple((heading, links) for heading, links in groups if links)


def _transcript_files(page: str, ep: Episode) -> tuple[Link, ...]:
    r = ep.rendition
    files = ((r.transcript_vtt, "WebVTT"), (r.transcript_srt, "SubRip"), (r.transcript_txt, "texte"))
    return tuple(Link(urls.relative(page, p), f"Transcription ({label})") for p, label in files if p)


def item_context(site: Site, ep: Episode) -> ItemContext:
    page = ep.page
    r = ep.rendition
    series = site.series.get(ep.series)
    residence = site.residences.get(ep.residence or "")
    cover = site.cover(ep)
    big = biggest(cover) or r.poster
    crumbs = tuple(x for x in (
        Link(urls.relative(page, urls.residence_page(residence.slug)), residence.title)
        if residence else None,
        Link(urls.relative(page, urls.series_page(series.slug)), series.title) if series else None,
    ) if x)
    og_kind = "og:video" if ep.medium == "video" else "og:audio"
    fr = frame(
        site, page, ep.title, ep.description, og_type="article",
        image=site.urls.media(big) if big else None,
        image_alt=f"Illustration de « {ep.title} »" if big else "",
        og_media=((og_kind, site.urls.media(r.path), r.mime),),
        alternates=tuple(feed_link(site, page, f) for f in site.feeds
                         if f.path == urls.series_feed(ep.series)),
        jsonld=jsonld.episode(site, ep), breadcrumbs=crumbs,
    )
    feed = site.feed_by_path.get(urls.series_feed(ep.series))
    chapters = tuple(Chapter(c.start, labels.clock(c.start), c.title,
                             f"{urls.relative(page, r.path)}#t={c.start:g}") for c in r.chapters)
    return ItemContext(
        frame=fr, title=ep.title, kind_label=ep.kind_label,
        medium_label=labels.medium(ep.kind_label, ep.medium), date_label=labels.day(ep.published),
        date_iso=labels.iso_day(ep.published), recorded_label=labels.day(ep.recorded),
        duration_label=labels.duration(ep.duration), duration_iso=labels.iso_duration(ep.duration),
        description=paragraphs(ep.description), image=image(page, cover, 300),
        player=player(page, ep),
        download=Link(urls.relative(page, r.path),
                      f"Télécharger le fichier {r.path.rsplit('.', 1)[-1].upper()}"),
        download_size=labels.size(r.bytes), chapters=chapters,
        people=tuple(Person(c.name, c.role) for c in ep.credits.people),
        group=ep.credits.group, licence_label=ep.licence_label, licence_url=ep.licence_url,
        transcript=paragraphs(r.transcript_text), transcript_files=_transcript_files(page, ep),
        series=crumbs[-1] if series else None,
        residence=crumbs[0] if residence else None, facets=facet_links(page, ep),
        feed=feed_link(site, page, feed) if feed else None,
        share=Share(site.urls.absolute(page), embed_code(site, ep),
                    urls.relative(page, urls.item_qr(ep.slug)),
                    f"QR code menant à la page de « {ep.title} »"),
        audiences=tuple(vocabulary.AUDIENCES.get(c, c) for c in ep.audiences),
        residence_title=residence.title if residence else "",
        highlighter=urls.relative(page, urls.PAGEFIND + "pagefind-highlight.js"),
    )


def embed_context(site: Site, ep: Episode) -> EmbedContext:
    path = urls.item_embed(ep.slug)
    fr = replace(frame(site, path, ep.title, ep.description, noindex=True),
                 canonical=site.urls.absolute(ep.page))
    return EmbedContext(frame=fr, title=ep.title, permalink=site.urls.absolute(ep.page),
                        player=player(path, ep), duration_label=labels.duration(ep.duration))
