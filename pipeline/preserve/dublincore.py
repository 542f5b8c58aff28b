"""Dublin Core for one item: the record a library catalogue (or a deposit) reads.

Built from the public view only: adult contributors by name, pupils only as
their group (``pipeline.build.public.credits_of``), so neither an OAI-PMH
answer nor a bag made for outside can name a minor.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlparse

from archive import AUDIO, Item, Residence, Series, vocabulary
from pipeline.build.public import credits_of
from pipeline.plumbing import urls
from pipeline.plumbing.config import Settings

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
ET.register_namespace("oai_dc", OAI_DC)
ET.register_namespace("dc", DC)
ET.register_namespace("xsi", XSI)

# DCMI Type vocabulary for dc:type, then the item's own kind in French.
DCMI_TYPE = {AUDIO: "Sound", "video": "MovingImage"}
PUBLIC_MIME = {AUDIO: "audio/mpeg", "video": "video/mp4"}


@dataclass(frozen=True)
class DublinCore:
    """Unqualified Dublin Core: (element, value) pairs in the order they are written."""

    elements: tuple[tuple[str, str], ...]

    def values(self, element: str) -> list[str]:
        return [v for e, v in self.elements if e == element]


def permalink(settings: Settings, slug: str) -> str:
    return urls.Urls(settings.base_url).absolute(urls.item_page(slug))


def oai_identifier(settings: Settings, guid: str) -> str:
    """``oai:<host of the base URL>:<guid>``: stable as long as the site's address is."""
    host = urlparse(settings.base_url).hostname or "localhost"
    return f"oai:{host}:{guid}"


def record(item: Item, series: Series, residence: Residence | None,
           settings: Settings) -> DublinCore:
    """The public Dublin Core of ``item`` (a cleared or published one)."""
    credits = credits_of(item)
    out: list[tuple[str, str]] = [("title", item.title)]
    out += [("creator", c.name) for c in credits.people]
    if credits.group:
        out.append(("creator", credits.group))
    if residence is not None:
        out += [("contributor", a) for a in residence.artists
                if a not in {c.name for c in credits.people}]
    out += [("subject", t) for t in item.themes]
    out.append(("subject", vocabulary.KINDS.get(item.kind, item.kind)))
    if item.description:
        out.append(("description", item.description))
    out.append(("publisher", settings.owner_name))
    when = item.recorded or (item.published_at or item.created_at).date()
    out.append(("date", when.isoformat()))
    out.append(("type", DCMI_TYPE.get(item.medium, "Sound")))
    out.append(("type", vocabulary.KINDS.get(item.kind, item.kind)))
    out.append(("format", PUBLIC_MIME.get(item.medium, "audio/mpeg")))
    out.append(("identifier", permalink(settings, item.slug)))
    out.append(("identifier", f"urn:uuid:{item.guid}"))
    out.append(("language", item.language))
    label, url = vocabulary.LICENCES.get(item.licence, (item.licence, None))
    out.append(("rights", f"{label} {url}" if url else label))
    out.append(("relation", f"{series.title} ({urls.Urls(settings.base_url).absolute(urls.series_page(series.slug))})"))
    if residence is not None:
        out.append(("relation", residence.title))
    if item.place:
        out.append(("coverage", item.place))
    return DublinCore(tuple((e, v) for e, v in out if v))


def element(dc: DublinCore) -> ET.Element:
    """``<oai_dc:dc>`` with its schema location, ready to embed or to write."""
    root = ET.Element(f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation": f"{OAI_DC} {OAI_DC_SCHEMA}"})
    for name, value in dc.elements:
        ET.SubElement(root, f"{{{DC}}}{name}").text = value
    return root


def to_xml(dc: DublinCore) -> bytes:
    tree = ET.ElementTree(element(dc))
    ET.indent(tree)
    return ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True) + b"\n"
