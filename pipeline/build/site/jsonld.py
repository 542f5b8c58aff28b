"""schema.org JSON-LD for episode and series pages, escaped for a <script> element.

A title may hold ``</script>``: inside a script element the HTML parser would
end the element there, whatever JSON says. ``dumps`` writes ``<``, ``>`` and
``&`` as JSON ``\\u`` escapes, which JSON readers decode back to the same text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from markupsafe import Markup

from pipeline.build.public import Episode
from pipeline.build.site import labels
from pipeline.plumbing import urls

if TYPE_CHECKING:
    from archive import Series
    from pipeline.build.site.context import Site

_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
           0x2028: "\\u2028", 0x2029: "\\u2029"}


def dumps(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_UNSAFE))


def _image(site: Site, cover: dict[int, str]) -> str | None:
    return site.urls.media(cover[max(cover)]) if cover else None


def _pixels(count: int) -> dict:
    """A length in pixels as schema.org wants it: a QuantitativeValue, unit E37
    (UN/CEFACT's "pixel"); a bare number is a validator error."""
    return {"@type": "QuantitativeValue", "value": count, "unitCode": "E37"}


def series_node(site: Site, series: Series) -> dict:
    node: dict = {
        "@type": "PodcastSeries",
        "@id": site.urls.absolute(urls.series_page(series.slug)),
        "name": series.title,
        "url": site.urls.absolute(urls.series_page(series.slug)),
        "inLanguage": site.settings.language,
        "author": {"@type": "Organization", "name": site.settings.author},
    }
    if series.description:
        node["description"] = series.description
    feed = urls.series_feed(series.slug)
    if feed in site.feed_by_path:
        node["webFeed"] = site.urls.absolute(feed)
    if img := _image(site, site.series_cover(series.slug)):
        node["image"] = img
    return node


def series(site: Site, s: Series) -> Markup:
    return dumps({"@context": "https://schema.org", **series_node(site, s)})


def episode(site: Site, ep: Episode) -> Markup:
    r = ep.rendition
    media: dict = {
        "@type": "VideoObject" if ep.medium == "video" else "AudioObject",
        "name": ep.title,
        "contentUrl": site.urls.media(r.path),
        "encodingFormat": r.mime,
        "contentSize": str(r.bytes),
        "duration": labels.iso_duration(ep.duration),
        "uploadDate": ep.published.isoformat(),
        "description": ep.description or ep.title,
        "inLanguage": ep.language,
        "embedUrl": site.urls.absolute(urls.item_embed(ep.slug)),
    }
    image = _image(site, site.cover(ep))
    if ep.medium == "video":
        thumb = site.urls.media(r.poster) if r.poster else image
        if thumb:
            media["thumbnailUrl"] = thumb
        if r.width and r.height:
            media["width"], media["height"] = _pixels(r.width), _pixels(r.height)
    if r.transcript_text:
        media["transcript"] = r.transcript_text
    node: dict = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "@id": site.urls.absolute(ep.page),
        "url": site.urls.absolute(ep.page),
        "name": ep.title,
        "description": ep.description,
        "datePublished": ep.published.isoformat(),
        "duration": labels.iso_duration(ep.duration),
        "inLanguage": ep.language,
        "genre": ep.kind_label,
        "associatedMedia": media,
        "identifier": ep.guid,
    }
    if ep.episode:
        node["episodeNumber"] = ep.episode
    if image:
        node["image"] = image
    if ep.licence_url:
        node["license"] = ep.licence_url
    if ep.credits.people:
        node["creator"] = [{"@type": "Person", "name": c.name}
                           for c in ep.credits.people]
    if ep.recorded:
        node["dateCreated"] = ep.recorded.isoformat()
    if ep.themes:
        node["keywords"] = ", ".join(ep.themes)
    if s := site.series.get(ep.series):
        node["partOfSeries"] = series_node(site, s)
    return dumps(node)
