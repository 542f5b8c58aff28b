"""Which feeds the pages offer, and where each one is linked.

The feed stage decides which feeds exist (``pipeline.feedstage.feed_list``);
pages only link to them. While that stage is absent from a checkout the same
list is derived here from the public data and the URL module, so a page never
links to a feed that the feed stage would not write.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive import vocabulary

from .. import urls
from ..public import SiteData

MEDIUM_LABEL = {"audio": "audio", "video": "vidéo"}


@dataclass(frozen=True)
class Feed:
    title: str
    path: str  # site-relative, e.g. feeds/contes.xml
    medium: str  # audio | video
    kind: str  # all | series | residence | audience


def feed_list(data: SiteData) -> tuple[Feed, ...]:
    try:
        from ..feedstage import feed_list as stage_list
    except ImportError:
        return _derived(data)
    return tuple(Feed(f.title, f.path, f.medium, f.kind) for f in stage_list(data))


def _derived(data: SiteData) -> tuple[Feed, ...]:
    title = data.settings.title
    media = sorted({e.medium for e in data.episodes})
    feeds = [Feed(f"{title} — tous les épisodes {MEDIUM_LABEL[m]}", urls.all_feed(m), m, "all")
             for m in media]
    feeds += [Feed(s.title, urls.series_feed(s.slug), s.medium, "series") for s in data.series]
    by_residence: dict[str, set[str]] = {}
    by_audience: dict[str, set[str]] = {}
    for ep in data.episodes:
        if ep.residence:
            by_residence.setdefault(ep.residence, set()).add(ep.medium)
        for code in ep.audiences:
            by_audience.setdefault(code, set()).add(ep.medium)
    for res in data.residences:
        for m in sorted(by_residence.get(res.slug, ())):
            feeds.append(Feed(f"{res.title} ({MEDIUM_LABEL[m]})", urls.residence_feed(res.slug, m),
                              m, "residence"))
    for code in sorted(by_audience):
        label = vocabulary.AUDIENCES.get(code, code)
        for m in sorted(by_audience[code]):
            feeds.append(Feed(f"{title} — {label} ({MEDIUM_LABEL[m]})",
                              urls.audience_feed(code, m), m, "audience"))
    return tuple(feeds)
