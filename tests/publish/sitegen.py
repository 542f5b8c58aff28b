"""A synthetic built site, laid out the way `clea build` lays it out.

Publish only moves files, so its tests build the site themselves: real media
from the shared ffmpeg fixtures, pages, a pagefind-like index, and RSS feeds
whose enclosures name media by absolute URL with their true length and type.
Like the real build, ``write()`` rewrites only files whose bytes changed and
removes what left the site.
"""

from __future__ import annotations

import hashlib
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

BASE = "https://podcasts.example.org/"
TYPES = {"audio": ("mp3", "audio/mpeg"), "video": ("mp4", "video/mp4")}


@dataclass
class Episode:
    slug: str
    title: str
    medium: str
    media: bytes
    cover: bytes


class SiteBuilder:
    def __init__(self, root: Path, media) -> None:
        self.root = root
        self.media = media
        self.episodes: dict[str, Episode] = {}
        self.extra: dict[str, bytes] = {}

    # -- changes -------------------------------------------------------------

    def add(self, slug: str, title: str, medium: str = "audio") -> Episode:
        n = len(self.episodes) + 1
        if medium == "audio":
            data = self.media.tone(2, freq=200 + 40 * n, fmt="mp3").read_bytes()
        else:
            data = self.media.video(1, width=160 + 16 * n, height=120).read_bytes()
        cover = self.media.image(64 + n, fmt="jpg").read_bytes()
        self.episodes[slug] = Episode(slug, title, medium, data, cover)
        return self.episodes[slug]

    def withdraw(self, slug: str) -> None:
        del self.episodes[slug]

    def retitle(self, slug: str, title: str) -> None:
        self.episodes[slug].title = title

    # -- output --------------------------------------------------------------

    def files(self) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        eps = sorted(self.episodes.values(), key=lambda e: e.slug)
        links = "".join(f'<li><a href="episodes/{e.slug}/index.html">{escape(e.title)}</a></li>'
                        for e in eps)
        out["index.html"] = _page("Archive", f"<ul>{links}</ul>")
        out["404.html"] = _page("Page introuvable", "<p>Cette page n'existe pas.</p>")
        out["a-propos/index.html"] = _page("À propos", "<p>Résidences CLEA.</p>")
        out["robots.txt"] = f"User-agent: *\nSitemap: {BASE}sitemap.xml\n".encode()
        out["sitemap.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9">' + "".join(
                f"<url><loc>{BASE}episodes/{e.slug}/</loc></url>" for e in eps) + "</urlset>"
        ).encode()
        out["assets/style.css"] = b"body { font-family: sans-serif; }\n"
        out["assets/player.js"] = b"document.querySelectorAll('audio');\n"
        out["assets/logo.svg"] = b'<svg xmlns="http://www.w3.org/2000/svg" width="1"/>'
        out["covers/contes-5e1f0c2a.jpg"] = self.media.image(48, fmt="jpg").read_bytes()
        out["covers/pastilles-9b8c7d6e.png"] = self.media.image(40).read_bytes()
        for e in eps:
            ext, _ = TYPES[e.medium]
            body = (f"<h1>{escape(e.title)}</h1><{e.medium} src=\"../../media/{e.slug}.{ext}\">"
                    f"</{e.medium}>")
            out[f"episodes/{e.slug}/index.html"] = _page(e.title, body)
            out[f"episodes/{e.slug}/embed.html"] = _page(e.title, body)
            out[f"media/{e.slug}.{ext}"] = e.media
            out[f"media/{e.slug}.jpg"] = e.cover
            out[f"media/{e.slug}.vtt"] = f"WEBVTT\n\n00:00.000 --> 00:01.000\n{e.title}\n".encode()
            out[f"media/{e.slug}.srt"] = f"1\n00:00:00,000 --> 00:00:01,000\n{e.title}\n".encode()
            out[f"media/{e.slug}.txt"] = f"{e.title}\n".encode()
            out[f"media/{e.slug}.chapters.json"] = (
                '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Début"}]}'.encode())
        out.update(self._pagefind(eps))
        for medium, feed in (("audio", "feeds/all.xml"), ("video", "feeds/all-video.xml")):
            chosen = [e for e in eps if e.medium == medium]
            out[feed] = self._feed(chosen, out)
        out["feeds/contes.xml"] = self._feed([e for e in eps if e.medium == "audio"], out)
        out["feeds/publics/cycle-3.xml"] = self._feed(
            [e for e in eps if e.medium == "audio"][:1], out)
        out["feeds.opml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><body>'
            f'<outline type="rss" text="Contes" xmlUrl="{BASE}feeds/contes.xml"/>'
            "</body></opml>").encode()
        out.update(self.extra)
        return out

    def _pagefind(self, eps: list[Episode]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        names = []
        for e in eps:
            frag = f"fragment for {e.slug}: {e.title}".encode()
            name = f"fr_{hashlib.sha256(frag).hexdigest()[:10]}"
            out[f"pagefind/fragment/{name}.pf_fragment"] = frag
            names.append(name)
        index = "|".join(names).encode()
        index_hash = hashlib.sha256(index).hexdigest()[:10]
        out[f"pagefind/index/fr_{index_hash}.pf_index"] = index
        out[f"pagefind/pagefind.fr_{index_hash}.pf_meta"] = index
        out["pagefind/wasm.fr.pagefind"] = b"\0asm-compressed"
        out["pagefind/pagefind.js"] = b"export async function search() {}\n"
        out["pagefind/pagefind-entry.json"] = (
            f'{{"version": "1.1.0", "languages": {{"fr": {{"hash": "fr_{index_hash}"}}}}}}'
        ).encode()
        return out

    def _feed(self, eps: list[Episode], files: dict[str, bytes]) -> bytes:
        items = []
        for e in eps:
            ext, mime = TYPES[e.medium]
            key = f"media/{e.slug}.{ext}"
            items.append(
                f"<item><title>{escape(e.title)}</title>"
                f"<guid isPermaLink=\"false\">urn:uuid:{e.slug}</guid>"
                f"<link>{BASE}episodes/{e.slug}/</link>"
                f"<enclosure url={quoteattr(BASE + key)} length=\"{len(files[key])}\" "
                f"type=\"{mime}\"/>"
                f"<itunes:image href=\"{BASE}media/{e.slug}.jpg\"/>"
                f"<podcast:transcript url=\"{BASE}media/{e.slug}.vtt\" type=\"text/vtt\"/>"
                f"<podcast:chapters url=\"{BASE}media/{e.slug}.chapters.json\" "
                f"type=\"application/json+chapters\"/></item>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
            'xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>'
            f"<title>Contes</title><link>{BASE}</link>"
            f"<itunes:image href=\"{BASE}covers/contes-5e1f0c2a.jpg\"/>"
            + "".join(items) + "</channel></rss>").encode()

    def write(self) -> dict[str, bytes]:
        """Write the site as a build would: changed files only, removed ones gone."""
        files = self.files()
        for key, data in files.items():
            path = self.root / key
            if path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.part")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        for folder, _dirs, names in os.walk(self.root, topdown=False):
            for name in names:
                path = Path(folder) / name
                key = path.relative_to(self.root).as_posix()
                if key not in files and not name.startswith("."):
                    path.unlink()
            if Path(folder) != self.root and not os.listdir(folder):
                os.rmdir(folder)
        return files


def _page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><link rel=\"stylesheet\" "
            f"href=\"/assets/style.css\"></head><body>{body}</body></html>").encode()


NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0"}


@dataclass(frozen=True)
class Enclosure:
    key: str
    length: int
    type: str


def enclosures(feed: bytes) -> list[Enclosure]:
    root = ET.fromstring(feed)
    return [Enclosure(e.get("url").removeprefix(BASE), int(e.get("length")), e.get("type"))
            for e in root.iter("enclosure")]


def named_keys(feed: bytes) -> set[str]:
    """Every site file a feed names (enclosures, images, transcripts, chapters),
    or the OPML does (its feeds)."""
    root = ET.fromstring(feed)
    urls = [e.get("url") for e in root.iter("enclosure")]
    urls += [e.get("href") for e in root.iter(f"{{{NS['itunes']}}}image")]
    urls += [e.get("url") for e in root.iter(f"{{{NS['podcast']}}}transcript")]
    urls += [e.get("url") for e in root.iter(f"{{{NS['podcast']}}}chapters")]
    urls += [e.get("xmlUrl") for e in root.iter("outline")]
    return {u.removeprefix(BASE) for u in urls if u and u.startswith(BASE)}
