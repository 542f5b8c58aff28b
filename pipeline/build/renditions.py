"""What the media stage made for one item: the facts feeds and pages need.

Paths are relative to the site root (``media/la-legende.mp3``); the URL
module turns them into relative links for pages and absolute URLs for feeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.build.fingerprint import digest


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds
    title: str


@dataclass(frozen=True)
class PictureFile:
    """One public copy of a picture (or of a document's first page): a width, a format."""

    width: int
    height: int
    path: str  # e.g. media/<slug>.w640.webp
    mime: str  # image/webp | image/jpeg


@dataclass(frozen=True)
class Rendition:
    slug: str
    medium: str  # audio | video | image | document
    # The enclosure (media/<slug>.mp3), a picture's largest JPEG, a document's PDF;
    # never changes once published.
    path: str
    mime: str  # audio/mpeg | video/mp4 | image/jpeg | application/pdf
    bytes: int  # exact size of the file at ``path``
    duration: float  # seconds
    cover: dict[int, str] = field(default_factory=dict)  # width px -> image path
    poster: str | None = None  # JPEG frame, video only
    width: int | None = None
    height: int | None = None
    transcript_vtt: str | None = None
    transcript_srt: str | None = None
    transcript_txt: str | None = None
    transcript_text: str = ""  # plain text, for the page and the search index
    chapters_json: str | None = None  # Podcasting 2.0 JSON chapters
    chapters: tuple[Chapter, ...] = ()
    # Pictures and documents: every public copy of the picture (of the first page
    # for a document), each width in each format, smallest first.
    pictures: tuple[PictureFile, ...] = ()
    pages: int | None = None  # documents
    text: str = ""  # a document's text, minors checked, for its page and the search index
    # A digest of every field above, taken once when the rendition is made
    # (pipeline/build/fingerprint.py): what pages and feeds compare between builds.
    revision: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.revision:
            object.__setattr__(self, "revision", digest(repr(self)))


@dataclass(frozen=True)
class SeriesArt:
    slug: str
    cover: dict[int, str]  # width px -> image path; always has a 1400+ px square
