"""What the public finds once the site is published: read from the last build's output.

The build (``pipeline.build.public.resolve``) is the one owner of what is
public: it leaves out drafts, withdrawn items, items held back by
``require_transcripts`` and items whose media failed, and its OPML lists
only the feeds it offers (not an empty ``all-video.xml``). So the links
shown to librarians are those of the pages that build wrote into the site
folder and of the feeds its OPML lists, never a second guess from the
catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from defusedxml import ElementTree

from pipeline.plumbing import urls

if TYPE_CHECKING:
    from pipeline.api.library import Library

SHOWN_PAGES = 20  # the newest pages listed; the site itself lists them all
ALL_FEEDS = (("audio", "Tous les épisodes audio"), ("video", "Toutes les vidéos"))
OPML_TITLE = "Liste des flux (OPML)"


@dataclass(frozen=True)
class PublicLinks:
    """Absolute addresses, as (title, url) pairs, of what the built site holds."""

    site: str
    pages: list[tuple[str, str]] = field(default_factory=list)
    feeds: list[tuple[str, str]] = field(default_factory=list)
    all: list[tuple[str, str]] = field(default_factory=list)


class Public:
    """The public view of ``Library``."""

    def public_links(self: Library) -> PublicLinks:
        from pipeline.publish import episode_slugs

        settings = self.current_settings()
        where = urls.Urls(settings.base_url, settings.media_base_url or None)
        site = self.site
        built = set(episode_slugs(site))
        shown = [i for i in sorted(self.catalogue.items(), key=lambda i: i.id)
                 if i.slug in built][-SHOWN_PAGES:]
        offered = _offered_feeds(site / urls.OPML)
        feeds = [(s.title, where.absolute(urls.series_feed(s.slug)))
                 for s in self.catalogue.series_list() if urls.series_feed(s.slug) in offered]
        every = [(title, where.absolute(urls.all_feed(medium))) for medium, title in ALL_FEEDS
                 if urls.all_feed(medium) in offered]
        if (site / urls.OPML).is_file():
            every.append((OPML_TITLE, where.absolute(urls.OPML)))
        return PublicLinks(
            site=where.absolute(urls.HOME),
            pages=[(i.title, where.absolute(urls.item_page(i.slug))) for i in shown],
            feeds=feeds, all=every)


def _offered_feeds(opml: Path) -> set[str]:
    """The site-relative paths (``feeds/contes.xml``) of the feeds the build's OPML
    lists; the build may have used another base URL (``--base-url``), so only the
    part from ``feeds/`` on is kept."""
    if not opml.is_file():
        return set()
    found = set()
    for outline in ElementTree.parse(opml).iter("outline"):
        url = outline.get("xmlUrl") or ""
        at = url.find("/feeds/")
        if at >= 0:
            found.add(url[at + 1:])
    return found
