"""Which feeds the pages offer: exactly those the feed stage writes.

The feed stage decides which feeds exist (``pipeline.build.feeds.feed_list``);
pages only link to them, so a page never links to a feed that is not written,
nor to an empty one (``all-video.xml`` while no video is public).
"""

from __future__ import annotations

from feeds.model import FeedRef
from pipeline.build.feeds import feed_list as stage_list
from pipeline.build.public import SiteData

MEDIUM_LABEL = {"audio": "audio", "video": "vidéo", "image": "d'images", "document": "de documents"}


def feed_list(data: SiteData) -> tuple[FeedRef, ...]:
    return tuple(ref for ref in stage_list(data) if ref.offered)
