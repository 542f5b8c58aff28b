"""feedgen's iTunes extension, with ``itunes:explicit`` as Apple now spells it.

feedgen 1.0 writes only the old ``yes``/``no``/``clean`` values; Apple's
current rules ask for ``true`` or ``false``. This subclass keeps everything
else of feedgen's extension and adds the element itself.
"""

from __future__ import annotations

from feedgen.ext.podcast import PodcastExtension
from feedgen.ext.podcast_entry import PodcastEntryExtension
from feedgen.util import xml_elem

NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"

__all__ = ["NS", "ItunesEntryExtension", "ItunesExtension"]


class ItunesExtension(PodcastExtension):
    def __init__(self) -> None:
        super().__init__()
        self._explicit: bool | None = None

    def explicit(self, value: bool) -> None:
        """Apple shows a "Clean" badge for ``False``, "Explicit" for ``True``."""
        self._explicit = value

    def extend_rss(self, rss_feed):
        rss_feed = super().extend_rss(rss_feed)
        if self._explicit is not None:
            elem = xml_elem(f"{{{NS}}}explicit", rss_feed[0])
            elem.text = "true" if self._explicit else "false"
        return rss_feed


ItunesEntryExtension = PodcastEntryExtension
