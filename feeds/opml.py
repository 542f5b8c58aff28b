"""``feeds.opml``: every feed of the archive, for a podcast app to import at once.

OPML 2.0 (http://opml.org/spec2.opml), one flat list of ``type="rss"``
outlines: gPodder, AntennaPod and Apple Podcasts all import flat lists,
not all of them nested ones. No dateCreated: the file changes only when
the list of feeds or their titles do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from .xmltext import clean


@dataclass(frozen=True)
class Outline:
    title: str
    xml_url: str  # the feed, absolute
    html_url: str  # the page it belongs to, absolute
    language: str = "fr"


def render_opml(title: str, outlines: Iterable[Outline], *, owner_name: str = "",
                owner_email: str = "") -> bytes:
    """The OPML document: UTF-8 bytes ending at ``</opml>`` and a newline."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = clean(title)
    if owner_name:
        etree.SubElement(head, "ownerName").text = clean(owner_name)
    if owner_email:
        etree.SubElement(head, "ownerEmail").text = clean(owner_email)
    body = etree.SubElement(root, "body")
    for o in outlines:
        name = clean(o.title)
        etree.SubElement(body, "outline", type="rss", text=name, title=name,
                         xmlUrl=o.xml_url, htmlUrl=o.html_url, language=o.language)
    return etree.tostring(root, pretty_print=True, encoding="UTF-8", xml_declaration=True)
