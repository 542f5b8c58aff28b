"""RSS 2.0 podcast feeds from a ``Channel``, through feedgen.

feedgen writes the channel and every item, with its iTunes extension and
our Podcasting 2.0 one (``feeds.podcast20``). Every text goes through
``xmltext.clean`` first, so a character XML 1.0 forbids never reaches
lxml; lxml escapes the rest. Item descriptions are HTML in CDATA, built
from escaped catalogue text, so a ``]]>`` typed by a librarian arrives as
``]]&gt;`` and cannot close the section.

Speed: an episode sits in up to a dozen feeds (its series, its residence,
each of its audiences, all.xml). ``FeedRenderer`` asks feedgen for each
item once, serialises it once, and splices the bytes into every feed that
holds it, between the head and the tail of a channel feedgen rendered
without items. The splice is exact: a feed comes out byte for byte as
``render_plain`` (all items added to one feedgen generator) writes it,
which the tests check.
"""

from __future__ import annotations

import html

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from . import itunes, podcast20
from .model import MAX_ENTRIES, Channel, Entry
from .xmltext import clean, clip

GENERATOR = "clea"
EXTENSIONS = (
    ("podcast", itunes.ItunesExtension, itunes.ItunesEntryExtension),
    ("podcast20", podcast20.Podcast20Extension, podcast20.Podcast20EntryExtension),
)
# feedgen's namespace map: the extensions' and then its own two.
NSMAP = {"itunes": itunes.NS, "podcast": podcast20.NS,
         "atom": "http://www.w3.org/2005/Atom",
         "content": "http://purl.org/rss/1.0/modules/content/"}
MEDIUM = {"audio": "podcast", "video": "video"}
NODE_LIMIT = 128  # Podcasting 2.0: node values past 128 characters may be cut


def _serialise(root) -> bytes:
    return etree.tostring(root, pretty_print=True, encoding="UTF-8", xml_declaration=True)


def _generator(channel: Channel) -> FeedGenerator:
    """A feedgen generator holding the channel fields of ``channel``, no items."""
    fg = FeedGenerator()
    for name, feed_ext, entry_ext in EXTENSIONS:
        fg.register_extension(name, feed_ext, entry_ext)
    fg.title(clean(channel.title))
    # feedgen takes the last link as the RSS <link>: the self link goes first.
    fg.link(href=channel.self_url, rel="self", type="application/rss+xml")
    fg.link(href=channel.link, rel="alternate")
    fg.description(clean(channel.description) or clean(channel.title))
    fg.language(channel.language)
    fg.copyright(clean(channel.copyright))
    fg.generator(GENERATOR)
    updated = channel.updated
    if updated is not None:  # no timestamp of the build: a rebuild changes nothing
        fg.lastBuildDate(updated)
        fg.pubDate(updated)
    if channel.image:
        fg.image(url=channel.image, title=clean(channel.title), link=channel.link)
    pod = fg.podcast
    pod.itunes_author(clean(channel.author))
    pod.itunes_owner(name=clean(channel.owner_name), email=clean(channel.owner_email))
    if channel.image:
        pod.itunes_image(channel.image)
    category = {"cat": channel.category.name}
    if channel.category.sub:
        category["sub"] = channel.category.sub
    pod.itunes_category(category)
    pod.explicit(False)
    pod.itunes_type("episodic")
    p20 = fg.podcast20
    p20.guid(channel.podcast_guid)
    p20.locked(False, clean(channel.owner_email) or None)
    p20.medium(MEDIUM[channel.medium])
    if channel.licence:
        p20.license(channel.licence.identifier, channel.licence.url)
    if channel.location and clean(channel.location.name).strip():
        p20.location(clip(channel.location.name, NODE_LIMIT), "creator", channel.location.geo)
    return fg


def text_html(text: str) -> str:
    """Catalogue text as HTML text: only ``&``, ``<`` and ``>`` become references.

    Apostrophes and quotes stay characters. Many apps show the description as
    plain text after stripping tags, and some (gPodder's podcastparser) decode
    only named references: ``&#x27;`` would print as nothing, « l'un l'autre »
    as « lun lautre ».
    """
    return html.escape(clean(text), quote=False)


def attr_html(text: str) -> str:
    """Text for a double-quoted attribute: ``"`` is the one more character to escape."""
    return text_html(text).replace('"', "&quot;")


def item_html(entry: Entry) -> str:
    """The item description: escaped catalogue text as a few HTML paragraphs."""
    esc = text_html
    parts = []
    for para in clean(entry.description).replace("\r\n", "\n").split("\n\n"):
        lines = [esc(line.strip()) for line in para.split("\n") if line.strip()]
        if lines:
            parts.append("<p>" + "<br>".join(lines) + "</p>")
    credit = " · ".join(x for x in (esc(entry.kind_label), esc(entry.credit_line)) if x)
    if credit:
        parts.append(f"<p>{credit}</p>")
    if entry.licence_label:
        label = esc(entry.licence_label)
        if entry.licence and entry.licence.url:
            label = f'<a href="{attr_html(entry.licence.url)}">{label}</a>'
        parts.append(f"<p>Licence : {label}</p>")
    parts.append(f'<p><a href="{attr_html(entry.link)}">Page de l’épisode</a></p>')
    # Every catalogue ">" went through text_html, so "]]>" cannot
    # occur; this guard keeps the CDATA section closed whatever changes above.
    return "".join(parts).replace("]]>", "]]&gt;")


def _fill(fe: FeedEntry, entry: Entry, numbered: bool) -> FeedEntry:
    fe.title(clean(entry.title))
    fe.link(href=entry.link)
    fe.content(item_html(entry), type="CDATA")
    fe.guid(entry.guid, permalink=False)
    fe.enclosure(entry.enclosure_url, str(entry.enclosure_length), entry.enclosure_type)
    fe.pubDate(entry.published)
    pod = fe.podcast
    pod.itunes_duration(str(max(0, entry.duration)))
    if entry.image:
        pod.itunes_image(entry.image)
    if numbered and entry.episode:
        pod.itunes_episode(entry.episode)
    p20 = fe.podcast20
    for t in entry.transcripts:
        p20.transcript(t.url, t.mime, t.language or None, t.captions)
    if entry.chapters_url:
        p20.chapters(entry.chapters_url)
    for person in entry.persons:
        name = clip(person.name, NODE_LIMIT)
        if name:
            p20.person(name, person.role, person.group)
    if entry.location and clean(entry.location.name).strip():
        p20.location(clip(entry.location.name, NODE_LIMIT), "creator", entry.location.geo)
    if entry.licence:
        p20.license(entry.licence.identifier, entry.licence.url)
    return fe


def _entries(channel: Channel) -> tuple[Entry, ...]:
    return channel.entries[:MAX_ENTRIES]


def _drop_build_date(data: bytes) -> bytes:
    """An empty feed has no newest entry, hence no lastBuildDate: remove feedgen's 'now'."""
    root = etree.fromstring(data)
    channel = root[0]
    for name in ("lastBuildDate", "pubDate"):
        elem = channel.find(name)
        if elem is not None:
            previous = elem.getprevious()
            tail = elem.tail
            channel.remove(elem)
            if previous is not None:
                previous.tail = tail
    return _serialise(root)


def render_plain(channel: Channel) -> bytes:
    """The feed as feedgen alone writes it: every item added to one generator.

    The reference for ``FeedRenderer``; slower when many feeds share items.
    """
    fg = _generator(channel)
    numbered = channel.numbered
    for entry in _entries(channel):
        _fill(fg.add_entry(order="append"), entry, numbered)
    data = fg.rss_str(pretty=True)
    return data if channel.entries else _drop_build_date(data)


class FeedRenderer:
    """Renders many feeds, building and serialising each item only once."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, bool], bytes] = {}
        self._elements: dict[str, etree._Element] = {}
        # A channel inside a root declaring the feed's namespaces: an item
        # serialised in it comes out exactly as it does inside a feed.
        self._root = etree.Element("rss", nsmap=NSMAP)
        self._channel = etree.SubElement(self._root, "channel")

    def render(self, channel: Channel) -> bytes:
        """The feed for ``channel``: UTF-8 bytes ending at ``</rss>`` and a newline."""
        return self.render_with_spans(channel)[0]

    def render_with_spans(self, channel: Channel
                          ) -> tuple[bytes, list[tuple[str, bool, int, int]]]:
        """The feed, and where each entry's ``<item>`` lies in it: (guid, numbered,
        start, end), ``numbered`` telling whether it carries its episode number.

        A later build hands those bytes back through ``known`` for the entries that
        did not change, so an edit serialises one item, not the feed's 300.
        """
        head = _generator(channel).rss_str(pretty=True)
        entries = _entries(channel)
        if not entries:
            return _drop_build_date(head), []
        cut = head.rindex(b"  </channel>")
        parts, spans, at = [head[:cut]], [], cut
        for e in entries:
            item = self._item(e, channel.numbered)
            parts.append(item)
            spans.append((e.guid, bool(channel.numbered and e.episode), at, at + len(item)))
            at += len(item)
        parts.append(head[cut:])
        return b"".join(parts), spans

    def known(self, guid: str, numbered: bool, item: bytes) -> None:
        """Take ``item`` as the serialised entry ``guid`` (numbered or not) of this build:
        its bytes from the last build's feed, when nothing it shows has changed."""
        self._items[guid, numbered] = item

    def _element(self, entry: Entry) -> etree._Element:
        elem = self._elements.get(entry.guid)
        if elem is None:
            fe = FeedEntry()
            for name, _feed_ext, entry_ext in EXTENSIONS:
                fe.register_extension(name, entry_ext)
            elem = _fill(fe, entry, numbered=True).rss_entry()
            self._elements[entry.guid] = elem
        return elem

    def _item(self, entry: Entry, numbered: bool) -> bytes:
        numbered = bool(numbered and entry.episode)
        key = (entry.guid, numbered)
        data = self._items.get(key)
        if data is None:
            elem = self._element(entry)
            number = None if numbered else elem.find(f"{{{itunes.NS}}}episode")
            if number is not None:
                index = elem.index(number)
                elem.remove(number)
            data = self._items[key] = self._item_bytes(elem)
            if number is not None:
                elem.insert(index, number)
        return data


    def _item_bytes(self, elem: etree._Element) -> bytes:
        """``<item>…</item>`` as it serialises inside a feed's channel, indentation included."""
        self._channel.append(elem)
        data = etree.tostring(self._root, pretty_print=True, encoding="UTF-8")
        self._channel.remove(elem)
        start = data.index(b"<channel>\n") + len(b"<channel>\n")
        return data[start:data.rindex(b"  </channel>")]
