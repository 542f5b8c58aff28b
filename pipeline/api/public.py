"""What the public finds once the site is published: read from the last build's output.

The build (``pipeline.build.public.resolve``) is the one owner of what is
public: it leaves out drafts, withdrawn items, items held back by
``require_transcripts`` and items whose media failed, and writes the
all-episodes feeds only for the media it has. So the links shown to
librarians are those of the files that build wrote into the site folder,
never a second guess from the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
        feeds = [(s.title, where.absolute(urls.series_feed(s.slug)))
                 for s in self.catalogue.series_list()
                 if (site / urls.series_feed(s.slug)).is_file()]
        every = [(title, where.absolute(urls.all_feed(medium))) for medium, title in ALL_FEEDS
                 if (site / urls.all_feed(medium)).is_file()]
        if (site / urls.OPML).is_file():
            every.append((OPML_TITLE, where.absolute(urls.OPML)))
        return PublicLinks(
            site=where.absolute(urls.HOME),
            pages=[(i.title, where.absolute(urls.item_page(i.slug))) for i in shown],
            feeds=feeds, all=every)
