"""What each published object says about itself: type, caching, download name.

One table, read by the S3 target (as object metadata) and recorded in the
manifest, so a change of policy here re-uploads the objects it affects.

Caching follows how names behave in a build:

- feeds, pages, the sitemap and pagefind's entry files keep their names while
  their content changes: a short max-age, so a new episode shows within minutes;
- ``media/<slug>.*`` never change name but may change bytes on a retag: one day;
- files whose name carries a content hash (pagefind fragments, hashed covers
  and assets) never change under their name: one year, immutable;
- anything else: one hour.

Content-Disposition: audio and video get ``attachment`` with their ASCII file
name. Media are often served from a CDN on another host, where a page's
``<a download>`` is ignored, so without it a teacher's "Télécharger" click on
a school tablet opens a bare player instead of saving the file. Players
(``<audio>``, ``<video>``) and podcast apps ignore the header, so playback is
unchanged. Text side files (transcripts, captions, chapters) stay inline:
players read them and a reader may want to view them in the browser.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass

SHORT = "public, max-age=300"
HOUR = "public, max-age=3600"
DAY = "public, max-age=86400"
IMMUTABLE = "public, max-age=31536000, immutable"

FEED_TYPE = "application/rss+xml; charset=utf-8"
OPML_TYPE = "text/x-opml; charset=utf-8"

TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".opml": OPML_TYPE,
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".json": "application/json",
    ".chapters.json": "application/json+chapters",
    ".webmanifest": "application/manifest+json",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    # pagefind's index files are compressed binary it decodes itself.
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}

DOWNLOADS = {".mp3", ".m4a", ".aac", ".ogg", ".opus", ".mp4", ".m4v", ".webm"}

# A name segment that looks like a content hash: 8+ hex digits, or pagefind's
# "<lang>_<hash>" names.
_HASHED = re.compile(r"(?:^|[._-])[0-9a-f]{8,}(?:[._-]|$)")
PAGEFIND_CONTENT = {".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"}


@dataclass(frozen=True)
class Headers:
    content_type: str
    cache_control: str
    disposition: str | None = None

    def fingerprint(self) -> str:
        """What the manifest records, so a policy change re-uploads the object."""
        return "|".join((self.content_type, self.cache_control, self.disposition or ""))


def extension(key: str) -> str:
    name = key.rpartition("/")[2].lower()
    if name.endswith(".chapters.json"):
        return ".chapters.json"  # Podcasting 2.0 chapters: application/json+chapters
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def is_feed(key: str) -> bool:
    return key == "feeds.opml" or key.startswith("feeds/")


def content_type(key: str, ext: str | None = None) -> str:
    ext = extension(key) if ext is None else ext
    if ext == ".xml" and is_feed(key):
        return FEED_TYPE
    if ext in TYPES:
        return TYPES[ext]
    guessed, _ = mimetypes.guess_type(key)
    return guessed or "application/octet-stream"


def cache_control(key: str, ext: str | None = None) -> str:
    ext = extension(key) if ext is None else ext
    top, slash, rest = key.partition("/")
    if not slash or ext == ".html" or is_feed(key):
        return SHORT
    if top == "pagefind":
        if ext in PAGEFIND_CONTENT:
            return IMMUTABLE
        return DAY if ext == ".pagefind" else SHORT
    if top == "media":
        return DAY
    if top in ("covers", "assets"):
        name = rest.rpartition("/")[2].lower()
        return IMMUTABLE if _HASHED.search(name) else (DAY if top == "covers" else HOUR)
    return HOUR


def disposition(key: str, ext: str | None = None) -> str | None:
    ext = extension(key) if ext is None else ext
    if ext in DOWNLOADS and key.startswith("media/"):
        name = key.rpartition("/")[2]
        if name.isascii() and '"' not in name and "\\" not in name:
            return f'attachment; filename="{name}"'
    return None


def headers_for(key: str) -> Headers:
    """The headers of the object published under the site-relative ``key``."""
    ext = extension(key)
    return Headers(content_type(key, ext), cache_control(key, ext), disposition(key, ext))
