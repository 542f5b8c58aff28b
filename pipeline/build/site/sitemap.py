"""sitemap.xml and robots.txt: absolute URLs, because their readers are crawlers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from xml.sax.saxutils import escape


def sitemap(entries: Iterable[tuple[str, date | None] | tuple[str, date | None, tuple[str, ...]]]
            ) -> bytes:
    """``entries``: (absolute URL, last modified day or None[, absolute image URLs]),
    in site order. A photo's page and a gallery list their pictures (Google's
    image extension), so an image search leads to the page, not to the file."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
             ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">']
    for url, modified, *more in entries:
        last = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        pictures = "".join(f"<image:image><image:loc>{escape(p)}</image:loc></image:image>"
                           for p in (more[0] if more else ()))
        lines.append(f"<url><loc>{escape(url)}</loc>{last}{pictures}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def robots(absolute_sitemap: str) -> bytes:
    return (f"User-agent: *\nAllow: /\n\n"
            f"Sitemap: {absolute_sitemap}\n").encode()
