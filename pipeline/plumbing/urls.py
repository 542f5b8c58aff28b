"""The one module that names public things: page paths, file names, URLs, feed GUIDs.

Nothing else concatenates a URL. Paths are site-relative (``episodes/x/``);
pages link with ``relative()`` so a build works at its base URL, in
``clea serve`` and from a USB key; feeds, OPML, sitemap and JSON-LD use
``absolute()`` / ``media()`` because their readers are elsewhere.
"""

from __future__ import annotations

import posixpath
import uuid
from urllib.parse import quote

# Podcasting 2.0: podcast:guid is the UUIDv5 of the feed URL (scheme and
# trailing slashes removed) in this namespace.
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

AUDIO_EXT = {"audio": "mp3", "video": "mp4"}
MIME = {"mp3": "audio/mpeg", "mp4": "video/mp4", "m4a": "audio/mp4", "jpg": "image/jpeg",
        "webp": "image/webp", "pdf": "application/pdf"}


def item_page(slug: str) -> str:
    return f"episodes/{slug}/"


def item_embed(slug: str) -> str:
    return f"episodes/{slug}/embed.html"


def series_page(slug: str) -> str:
    return f"series/{slug}/"


def residence_page(slug: str) -> str:
    return f"residences/{slug}/"


def browse_page(facet: str, value: str | None = None, number: int = 1) -> str:
    """Browse pages: ``parcourir/<facet>/`` and ``parcourir/<facet>/<value>/``; a long
    list goes on at ``parcourir/<facet>/<value>/2/`` and so on."""
    path = f"parcourir/{facet}/" + (f"{value}/" if value else "")
    return path if number == 1 else f"{path}{number}/"


def enclosure(slug: str, medium: str) -> str:
    return f"media/{slug}.{AUDIO_EXT[medium]}"


def media_file(slug: str, suffix: str) -> str:
    """Side files of an item's media: ``.jpg`` poster, ``.vtt``, ``.chapters.json``…"""
    return f"media/{slug}{suffix}"


def picture(slug: str, width: int, ext: str) -> str:
    """A public copy of a picture: ``media/<slug>.w640.webp`` (one per width and format)."""
    return f"media/{slug}.w{width}.{ext}"


def document(slug: str) -> str:
    """The public copy of a document, metadata cleared: ``media/<slug>.pdf``."""
    return f"media/{slug}.pdf"


def document_thumb(slug: str, width: int, ext: str) -> str:
    """A document's first page, drawn: ``media/<slug>.page1.w240.jpg``."""
    return f"media/{slug}.page1.w{width}.{ext}"


def series_feed(slug: str) -> str:
    return f"feeds/{slug}.xml"


def all_feed(medium: str) -> str:
    return "feeds/all.xml" if medium == "audio" else "feeds/all-video.xml"


def residence_feed(slug: str, medium: str) -> str:
    return f"feeds/residences/{slug}{'' if medium == 'audio' else '-video'}.xml"


def audience_feed(code: str, medium: str) -> str:
    return f"feeds/publics/{code}{'' if medium == 'audio' else '-video'}.xml"


OPML = "feeds.opml"
SITEMAP = "sitemap.xml"
# The site's own pages and assets (pipeline/build/site).
HOME, SEARCH_PAGE, BROWSE, NOT_FOUND, ROBOTS = "", "recherche/", "parcourir/", "404.html", "robots.txt"
PAGEFIND = "pagefind/"


def search_shard(k: int) -> str:
    """The folder of search bundle ``k``; bundle 0 is Pagefind's usual ``pagefind/``."""
    return PAGEFIND if k == 0 else f"{PAGEFIND}s{k}/"


BILAN_PAGE = "bilan/"  # only when [site] public_bilan is on


def bilan_chart(key: str) -> str:
    return f"bilan/{key}.svg"


def item_qr(slug: str) -> str:
    return f"episodes/{slug}/qr.svg"


def static(name: str) -> str:
    return f"static/{name}"


def file_of(path: str) -> str:
    """The file a site path is served from (``x/`` is ``x/index.html``)."""
    return path + "index.html" if path.endswith("/") or path == "" else path


class Urls:
    """Absolute URLs for one build: the site's base URL and the media base URL."""

    def __init__(self, base_url: str, media_base_url: str | None = None) -> None:
        self.base = base_url if base_url.endswith("/") else base_url + "/"
        media = media_base_url or self.base
        self.media_base = media if media.endswith("/") else media + "/"

    def absolute(self, path: str) -> str:
        return self.base + quote(path)

    def media(self, path: str) -> str:
        """Media and covers may be served from a CDN of their own."""
        return self.media_base + quote(path)

    def feed_guid(self, feed_path: str) -> str:
        url = self.absolute(feed_path).split("://", 1)[-1].rstrip("/")
        return str(uuid.uuid5(PODCAST_NAMESPACE, url))


def relative(from_page: str, to_path: str) -> str:
    """A link from the page at ``from_page`` to ``to_path``, both site-relative.

    Directory pages (``x/``) link to ``…/index.html`` so the site also works
    opened from a folder, where a browser does not add index.html itself.
    """
    # posixpath.relpath, by string alone: relpath calls getcwd twice a link, which
    # was half the time of a 10,000-page build.
    here = posixpath.dirname(file_of(from_page))
    up = here.split("/") if here else []
    down = file_of(to_path).split("/")
    common = 0
    for a, b in zip(up, down, strict=False):
        if a != b:
            break
        common += 1
    return quote("/".join([".."] * (len(up) - common) + down[common:]))
