"""The media stage for pictures and documents: clean public copies, made once.

Called by ``derive`` for every public item whose medium is neither audio nor
video. Like the encodes, the copies are named by a key over the original's
sha256 and what shapes them (``media.images.VERSION`` and the widths, or
``media.documents.VERSION``), kept in ``<archive>/cache/media/<key>.*`` with a
small manifest written last, and copied to the site only when their bytes
differ: a rebuild with nothing changed decodes nothing and writes nothing.

A document is read for its text, which goes to its page and so to the search
index. A text naming a minor recorded anywhere in the catalogue (the same
whole-word, accent-blind match as ``redact``) is not published: the build
holds the document back (``HeldBack``), says why, and removes any copy an
earlier build left, since a name in a PDF cannot be redacted the way a
transcript's can.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from archive import IMAGE, N_, ClearError, Item
from archive.atomic import atomic_path, write_bytes
from media import MediaError, documents, images
from pipeline.build.redact import first_named
from pipeline.build.renditions import PictureFile, Rendition
from pipeline.plumbing import urls

if TYPE_CHECKING:
    from pipeline.build.derive import _Stage

PICTURE, DOCUMENT = "picture", "document"  # their rows in ``derivatives``
THUMB_WIDTHS = (240, 480)  # a document's first page: card and page, at 1x and 2x


class HeldBack(ClearError):
    """A public item the build will not publish, and why (a minor named in a document)."""


def rendition(stage: _Stage, item: Item) -> Rendition:
    source = stage.cat.original_path(item.original.sha256)
    if not source.is_file():
        raise MediaError(N_("the original is missing from the store (run `clea verify`)"),
                         item.original.name, code="store.original-missing")
    if item.medium == IMAGE:
        return _picture(stage, item, source)
    return _document(stage, item, source)


def minor_names(stage: _Stage) -> list[str]:
    """Every minor's name in the catalogue, read once per build."""
    if stage.minor_names is None:
        stage.minor_names = stage.cat.minor_names()
    return stage.minor_names


# -- pictures ---------------------------------------------------------------------------


def picture_key(sha256: str) -> str:
    return _key(sha256, images.VERSION, images.WIDTHS, [f for f, _ in images.PUBLIC_FORMATS])


def _picture(stage: _Stage, item: Item, source: Path) -> Rendition:
    key = picture_key(item.original.sha256)
    made = _cached(stage, key, lambda: {
        "copies": [(c.width, c.height, c.ext, c.data) for c in images.public_copies(
            source, subject=item.original.name)]}, slug=item.slug)
    files = _place(stage, item.slug, made["copies"], urls.picture)
    jpegs = [f for f in files if f.mime == "image/jpeg"]
    big = jpegs[-1]
    _record(stage, item, PICTURE, key, big)
    return Rendition(
        slug=item.slug, medium=item.medium, path=big.path, mime=big.mime,
        bytes=(stage.out / big.path).stat().st_size, duration=0.0,
        cover={f.width: f.path for f in jpegs}, width=big.width, height=big.height,
        pictures=tuple(files))


# -- documents --------------------------------------------------------------------------


def document_key(sha256: str) -> str:
    return _key(sha256, documents.VERSION, THUMB_WIDTHS)


def _document(stage: _Stage, item: Item, source: Path) -> Rendition:
    key = document_key(item.original.sha256)
    subject = item.original.name

    def make() -> dict:
        page = images.image_of(documents.first_page(source, subject=subject,
                                                    width=max(THUMB_WIDTHS)))
        thumbs = [(c.width, c.height, c.ext, c.data)
                  for w in THUMB_WIDTHS for c in images.encode_clean(page, w)]
        copy = stage.cache / f"{key}.pdf"
        with atomic_path(copy) as tmp:
            documents.public_copy(source, tmp, subject=subject)
        return {"copies": thumbs, "text": documents.document_text(source, subject=subject),
                "pages": item.original.pages or 0}

    made = _cached(stage, key, make, needs=(f"{key}.pdf",), slug=item.slug)
    text = made["text"]
    found = first_named(text, minor_names(stage))
    if found:
        raise HeldBack(N_("held back: its text names {name!r}, a minor recorded in the "
                          "catalogue; publish a version without the name"), item.slug,
                       code="build.document-names-minor", name=found)
    files = _place(stage, item.slug, made["copies"], urls.document_thumb)
    pdf = urls.document(item.slug)
    stage._write(pdf, (stage.cache / f"{key}.pdf").read_bytes())
    jpegs = [f for f in files if f.mime == "image/jpeg"]
    _record(stage, item, DOCUMENT, key, PictureFile(0, 0, pdf, urls.MIME["pdf"]))
    return Rendition(
        slug=item.slug, medium=item.medium, path=pdf, mime=urls.MIME["pdf"],
        bytes=(stage.out / pdf).stat().st_size, duration=0.0,
        cover={f.width: f.path for f in jpegs}, pictures=tuple(files),
        pages=made["pages"] or item.original.pages, text=text)


# -- the cache ----------------------------------------------------------------------------


def _key(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _cached(stage: _Stage, key: str, make: Callable[[], dict],
            needs: tuple[str, ...] = (), slug: str = "") -> dict:
    """What ``make`` made for ``key``: read back from the cache, or made and kept there.

    The manifest (``<key>.json``) is written last, so a build killed halfway
    leaves no manifest and the next one makes everything again.
    """
    manifest = stage.cache / f"{key}.json"
    try:
        kept = json.loads(manifest.read_text(encoding="utf-8"))
        if not all((stage.cache / name).is_file() for name in needs):
            raise FileNotFoundError(needs)
        copies = [(w, h, ext, (stage.cache / f"{key}.w{w}.{ext}").read_bytes())
                  for w, h, ext in kept["copies"]]
        return {**kept, "copies": copies}
    except (FileNotFoundError, ValueError, KeyError):
        pass
    made = make()
    for w, _, ext, data in made["copies"]:
        write_bytes(stage.cache / f"{key}.w{w}.{ext}", data)
    shown = {**made, "copies": [(w, h, ext) for w, h, ext, _ in made["copies"]]}
    write_bytes(manifest, json.dumps(shown, ensure_ascii=False).encode("utf-8"))
    stage.log(f"media: {slug or key}: pictures made")
    return made


def _place(stage: _Stage, slug: str, copies: list, name: Callable[[str, int, str], str]
           ) -> list[PictureFile]:
    files = []
    for w, h, ext, data in sorted(copies, key=lambda c: (c[0], c[2] != "webp")):
        path = name(slug, w, ext)
        stage._write(path, data)
        files.append(PictureFile(w, h, path, urls.MIME[ext]))
    return files


def _record(stage: _Stage, item: Item, kind: str, key: str, main: PictureFile) -> None:
    """The row that keeps this key's cache files from ``prune_cache``."""
    row = stage.made.row(item.id, kind)
    if row and row["key"] == key:
        return
    stage.made.record_encode(item.id, kind, key=key, path=main.path, mime=main.mime,
                             size=(stage.out / main.path).stat().st_size, duration=0.0,
                             start=0.0, width=main.width or None, height=main.height or None)
