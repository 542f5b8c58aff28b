"""sitemap.xml and robots.txt: absolute URLs, because their readers are crawlers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from xml.sax.saxutils import escape


def sitemap(entries: Iterable[tuple[str, date | None]]) -> bytes:
    """``entries``: (absolute URL, last modified day or None), in site order."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in entries:
        last = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{last}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def robots(absolute_sitemap: str) -> bytes:
    return (f"User-agent: *\nAllow: /\n\n"
            f"Sitemap: {absolute_sitemap}\n").encode()
