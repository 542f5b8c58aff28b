"""Tags for podcast apps and players: ID3v2.4 in MP3, atoms in MP4, via mutagen.

``FIELDS`` is the one table from our field names to ID3 frames and MP4 atoms
(as mediafile does it): adding a field is one line there, the writers follow.
The caller passes only what may be public: adult credits and the pupils' group
label, never a minor's name (docs/design.md, invariant 6). Text is cleaned of control
characters here, so no value can split a frame or hide a second one (invariant 7).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TIPL,
    TIT2,
    WCOP,
    CTOCFlags,
    Frames,
)
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm

from .errors import N_, MediaError

TAGS_VERSION = 1
_FREEFORM = "----:com.apple.iTunes:"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# ID3 wants ISO 639-2 language codes; the catalogue keeps ISO 639-1.
_LANGUAGES = {"fr": "fra", "en": "eng", "de": "deu", "es": "spa", "it": "ita", "pt": "por",
              "br": "bre", "oc": "oci", "eu": "eus", "ca": "cat", "ar": "ara", "nl": "nld"}


@dataclass(frozen=True)
class Credit:
    role: str
    name: str


@dataclass(frozen=True)
class TagSet:
    """What goes into a file's tags; every text is public."""

    title: str
    album: str = ""  # the series
    artists: tuple[str, ...] = ()  # adults by name, then the group label
    credits: tuple[Credit, ...] = ()  # role -> name, same rule as artists
    residence: str = ""
    year: int | None = None
    copyright: str = ""  # licence label, e.g. "CC BY-NC-ND 4.0"
    licence_url: str = ""
    comment: str = ""  # the description
    episode: int | None = None
    genre: str = "Podcast"
    publisher: str = ""
    language: str = ""  # ISO 639-1, e.g. "fr"
    cover: bytes | None = None  # a JPEG
    chapters: tuple[tuple[float, str], ...] = ()
    duration: float = 0.0  # seconds, closes the last chapter

    def key(self) -> str:
        """Changes whenever any tag would change (the cover by its content)."""
        data = asdict(self)
        data["cover"] = hashlib.sha256(self.cover).hexdigest() if self.cover else None
        data["version"] = TAGS_VERSION
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class TagField:
    name: str  # TagSet attribute
    id3: str | None  # frame id
    mp4: str | None  # atom (freeform atoms start with ----)
    kind: str = "text"  # how the value is written; see _id3_frames and _mp4_value


FIELDS: tuple[TagField, ...] = (
    TagField("title", "TIT2", "\xa9nam"),
    TagField("album", "TALB", "\xa9alb"),
    TagField("artists", "TPE1", "\xa9ART", "list"),
    TagField("residence", "TIT1", "\xa9grp"),  # grouping: the residence the work came from
    TagField("year", "TDRC", "\xa9day", "number"),
    TagField("copyright", "TCOP", "cprt"),
    TagField("licence_url", "WCOP", _FREEFORM + "LICENSE", "url"),
    TagField("comment", "COMM", "\xa9cmt", "comment"),
    TagField("episode", "TRCK", "trkn", "track"),
    TagField("genre", "TCON", "\xa9gen"),
    TagField("publisher", "TPUB", _FREEFORM + "PUBLISHER"),
    TagField("language", "TLAN", _FREEFORM + "LANGUAGE", "language"),
    TagField("credits", "TIPL", _FREEFORM + "CREDITS", "people"),
    TagField("cover", "APIC", "covr", "picture"),
    TagField("chapters", "CHAP", None, "chapters"),
)


def write(path: Path, tags: TagSet, *, container: str | None = None,
          subject: str | Path | None = None) -> None:
    """Replace every tag of the MP3 or MP4 at ``path`` with ``tags``.

    ``container`` ("mp3", "mp4") is needed when ``path`` is a temporary name.
    """
    path = Path(path)
    subject = subject or path
    kind = (container or path.suffix.lstrip(".")).lower()
    try:
        if kind == "mp3":
            _write_id3(path, tags)
        elif kind in ("mp4", "m4a", "m4v"):
            _write_mp4(path, tags)
        else:
            raise MediaError(N_("cannot tag a .{kind} file"), subject, code="tags.unsupported",
                             kind=kind)
    except MutagenError as exc:
        raise MediaError(N_("cannot write the tags ({error})"), subject, code="tags.failed",
                         error=str(exc)) from exc


def clean(text: str, *, multiline: bool = False) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n"))
    return text.strip() if multiline else " ".join(text.split())


# -- ID3 ----------------------------------------------------------------------------


def _write_id3(path: Path, tags: TagSet) -> None:
    id3 = ID3()
    for f in FIELDS:
        value = getattr(tags, f.name)
        if f.id3 and value not in (None, "", ()):
            for frame in _id3_frames(f, value, tags):
                id3.add(frame)
    id3.save(path, v2_version=4)


def _id3_frames(f: TagField, value, tags: TagSet) -> list:
    kind, frame = f.kind, Frames.get(f.id3 or "")
    if kind == "text":
        return [frame(encoding=3, text=[clean(value)])]
    if kind == "list":
        return [frame(encoding=3, text=[clean(v) for v in value if clean(v)])]
    if kind in ("number", "track"):
        return [frame(encoding=3, text=[str(int(value))])]
    if kind == "language":
        code = _LANGUAGES.get(value.lower())
        return [frame(encoding=3, text=[code])] if code else []
    if kind == "url":
        return [WCOP(url=value)]
    if kind == "comment":
        lang = _LANGUAGES.get(tags.language.lower(), "und")
        return [COMM(encoding=3, lang=lang, desc="", text=[clean(value, multiline=True)])]
    if kind == "people":
        return [TIPL(encoding=3, people=[[clean(c.role), clean(c.name)] for c in value])]
    if kind == "picture":
        return [APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=value)]
    if kind == "chapters":
        return _id3_chapters(value, tags.duration)
    raise ValueError(f"unknown tag kind {kind}")  # pragma: no cover - table error


def _id3_chapters(chapters: tuple[tuple[float, str], ...], duration: float) -> list:
    """CHAP frames (start/end in ms) under one ordered, top-level CTOC."""
    frames, ids = [], []
    ends = [start for start, _ in chapters[1:]] + [max(duration, chapters[-1][0])]
    for n, ((start, title), end) in enumerate(zip(chapters, ends, strict=True)):
        element = f"chp{n}"
        ids.append(element)
        frames.append(CHAP(element_id=element, start_time=int(start * 1000),
                           end_time=int(end * 1000), start_offset=0xFFFFFFFF,
                           end_offset=0xFFFFFFFF,
                           sub_frames=[TIT2(encoding=3, text=[clean(title)])]))
    toc = CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
               child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=["Chapitres"])])
    return [toc, *frames]


# -- MP4 ----------------------------------------------------------------------------


def _write_mp4(path: Path, tags: TagSet) -> None:
    mp4 = MP4(path)
    if mp4.tags is None:
        mp4.add_tags()
    mp4.tags.clear()
    for f in FIELDS:
        value = getattr(tags, f.name)
        if f.mp4 and value not in (None, "", ()):
            atom = _mp4_value(f, value)
            if atom:
                mp4.tags[f.mp4] = atom
    mp4.save()


def _mp4_value(f: TagField, value) -> list:
    kind = f.kind
    if kind == "list":
        values = [clean(v) for v in value if clean(v)]
    elif kind == "people":
        values = [f"{clean(c.role)}: {clean(c.name)}" for c in value]
    elif kind == "picture":
        return [MP4Cover(value, imageformat=MP4Cover.FORMAT_JPEG)]
    elif kind == "track":
        return [(int(value), 0)]
    elif kind == "number":
        values = [str(int(value))]
    else:
        values = [clean(value, multiline=kind == "comment")]
    if f.mp4 and f.mp4.startswith("----"):
        return [MP4FreeForm(v.encode("utf-8")) for v in values]
    return values


__all__ = ["FIELDS", "Credit", "TagField", "TagSet", "clean", "write"]
