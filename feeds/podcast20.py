"""A feedgen extension for the Podcasting 2.0 ``podcast:`` namespace.

feedgen has no support for it, so this is ours, written the way feedgen's
own extensions are: a channel extension and an entry extension holding
plain values, each adding its elements in ``extend_rss``. Register it with
``fg.register_extension("podcast20", Podcast20Extension,
Podcast20EntryExtension)``; the values are then set through
``fg.podcast20`` and ``entry.podcast20``.

Tags and attributes follow the ``docs/tags`` pages of
Podcastindex-org/podcast-namespace.

The namespace URI: the standard names ``https://podcastindex.org/namespace/1.0``
and says "clients which recognize this namespace must also recognize" the
original GitHub URI. gPodder's podcastparser (0.6.11, the newest) knows only
the GitHub one, so we declare that: every conforming app reads it, and
gPodder then sees our transcripts and chapters too.
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
OFFICIAL_NS = "https://podcastindex.org/namespace/1.0"  # the same namespace, newer spelling
MEDIUMS = ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog")
CHAPTERS_TYPE = "application/json+chapters"


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def _licence(parent, licence: tuple[str, str | None] | None) -> None:
    if licence:
        identifier, url = licence
        elem = xml_elem(_tag("license"), parent)
        elem.text = identifier
        if url:
            elem.attrib["url"] = url


def _location(parent, location: tuple[str, str | None, str | None] | None) -> None:
    if location:
        name, rel, geo = location
        elem = xml_elem(_tag("location"), parent)
        if rel:
            elem.attrib["rel"] = rel
        if geo:
            elem.attrib["geo"] = geo
        elem.text = name


class Podcast20Extension(BaseExtension):
    """Channel tags: guid, locked, medium, license, location."""

    def __init__(self) -> None:
        self._guid: str | None = None
        self._locked: tuple[bool, str | None] | None = None
        self._medium: str | None = None
        self._licence: tuple[str, str | None] | None = None
        self._location: tuple[str, str | None, str | None] | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": NS}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self._guid:
            xml_elem(_tag("guid"), channel).text = self._guid
        if self._locked is not None:
            locked, owner = self._locked
            elem = xml_elem(_tag("locked"), channel)
            if owner:
                elem.attrib["owner"] = owner
            elem.text = "yes" if locked else "no"
        if self._medium:
            xml_elem(_tag("medium"), channel).text = self._medium
        _licence(channel, self._licence)
        _location(channel, self._location)
        return rss_feed

    def guid(self, value: str) -> None:
        """The UUIDv5 of the feed URL, scheme and trailing slashes removed."""
        self._guid = value

    def locked(self, locked: bool, owner: str | None = None) -> None:
        """``no``: other platforms may import the feed; ``owner`` proves who we are."""
        self._locked = (locked, owner)

    def medium(self, value: str) -> None:
        if value not in MEDIUMS:
            raise ValueError(f"podcast:medium {value!r} is not one of {', '.join(MEDIUMS)}")
        self._medium = value

    def license(self, identifier: str, url: str | None = None) -> None:
        """A lower-case identifier from the namespace's list; a custom one needs ``url``."""
        self._licence = (identifier, url)

    def location(self, name: str, rel: str | None = None, geo: str | None = None) -> None:
        """``rel``: "subject" or "creator"; ``geo``: an RFC 5870 URI, "geo:lat,lon"."""
        self._location = (name, rel, geo)


class Podcast20EntryExtension(BaseEntryExtension):
    """Item tags: transcript (several), chapters, person (several), location, license."""

    def __init__(self) -> None:
        self._transcripts: list[dict[str, str]] = []
        self._chapters: str | None = None
        self._persons: list[tuple[str, str, str]] = []
        self._licence: tuple[str, str | None] | None = None
        self._location: tuple[str, str | None, str | None] | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": NS}

    def extend_rss(self, entry):
        for attrs in self._transcripts:
            xml_elem(_tag("transcript"), entry, **attrs)
        if self._chapters:
            xml_elem(_tag("chapters"), entry, url=self._chapters, type=CHAPTERS_TYPE)
        for name, role, group in self._persons:
            elem = xml_elem(_tag("person"), entry, role=role, group=group)
            elem.text = name
        _location(entry, self._location)
        _licence(entry, self._licence)
        return entry

    def transcript(self, url: str, mime: str, language: str | None = None,
                   captions: bool = False) -> None:
        attrs = {"url": url, "type": mime}
        if language:
            attrs["language"] = language
        if captions:
            attrs["rel"] = "captions"
        self._transcripts.append(attrs)

    def chapters(self, url: str) -> None:
        self._chapters = url

    def person(self, name: str, role: str = "host", group: str = "cast") -> None:
        self._persons.append((name, role, group))

    def license(self, identifier: str, url: str | None = None) -> None:
        self._licence = (identifier, url)

    def location(self, name: str, rel: str | None = None, geo: str | None = None) -> None:
        """``rel``: "subject" or "creator"; ``geo``: an RFC 5870 URI, "geo:lat,lon"."""
        self._location = (name, rel, geo)
