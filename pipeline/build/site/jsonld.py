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


def _common(site: Site, ep: Episode) -> dict:
    """What a photo and a document say of themselves, credits folded as on the page."""
    node: dict = {
        "@id": site.urls.absolute(ep.page),
        "url": site.urls.absolute(ep.page),
        "name": ep.title,
        "datePublished": ep.published.isoformat(),
        "inLanguage": ep.language,
        "genre": ep.kind_label,
        "identifier": ep.guid,
    }
    if ep.description:
        node["description"] = ep.description
    if ep.licence_url:
        node["license"] = ep.licence_url
    people = [{"@type": "Person", "name": c.name} for c in ep.credits.people]
    if ep.credits.group:
        people.append({"@type": "Organization", "name": ep.credits.group})
    if people:
        node["creator"] = people
    if ep.recorded:
        node["dateCreated"] = ep.recorded.isoformat()
    if ep.themes:
        node["keywords"] = ", ".join(ep.themes)
    if ep.place.strip():
        node["contentLocation"] = {"@type": "Place", "name": ep.place}
    return node


def image_node(site: Site, ep: Episode) -> dict:
    r = ep.rendition
    small = min(r.cover) if r.cover else None
    node = {"@type": "ImageObject", **_common(site, ep),
            "contentUrl": site.urls.media(r.path), "encodingFormat": r.mime,
            "contentSize": str(r.bytes), "caption": ep.description or ep.alt,
            "width": _pixels(r.width or 0), "height": _pixels(r.height or 0)}
    if small:
        node["thumbnailUrl"] = site.urls.media(r.cover[small])
    if ep.alt:
        node["abstract"] = ep.alt
    return node


def photo(site: Site, ep: Episode) -> Markup:
    node = {"@context": "https://schema.org", **image_node(site, ep)}
    if s := site.series.get(ep.series):
        node["isPartOf"] = {"@type": "ImageGallery",
                            "@id": site.urls.absolute(urls.series_page(s.slug)), "name": s.title}
    return dumps(node)


def gallery(site: Site, s: Series, photos: list[Episode]) -> Markup:
    node: dict = {
        "@context": "https://schema.org", "@type": "ImageGallery",
        "@id": site.urls.absolute(urls.series_page(s.slug)),
        "url": site.urls.absolute(urls.series_page(s.slug)), "name": s.title,
        "inLanguage": site.settings.language,
        "author": {"@type": "Organization", "name": site.settings.author},
        "associatedMedia": [image_node(site, ep) for ep in photos],
    }
    if s.description:
        node["description"] = s.description
    return dumps(node)


def document(site: Site, ep: Episode) -> Markup:
    r = ep.rendition
    node = {"@context": "https://schema.org", "@type": "DigitalDocument", **_common(site, ep),
            "encodingFormat": r.mime, "contentSize": str(r.bytes),
            "numberOfPages": r.pages or 0,
            "associatedMedia": {"@type": "MediaObject", "contentUrl": site.urls.media(r.path),
                                "encodingFormat": r.mime, "contentSize": str(r.bytes)}}
    if r.cover:
        node["thumbnailUrl"] = site.urls.media(r.cover[max(r.cover)])
    if s := site.series.get(ep.series):
        node["isPartOf"] = {"@type": "Collection",
                            "@id": site.urls.absolute(urls.series_page(s.slug)), "name": s.title}
    return dumps(node)
