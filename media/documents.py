"""Documents (PDF booklets, quizzes, exhibition files): probed, read, cleaned, pictured.

The one adapter to PDFium, through pypdfium2: a binary wheel, so neither
``make`` nor a librarian's machine needs a system package. ``probe_document``
refuses what a reader could not open (not a PDF, cut short, damaged,
protected by a password or encrypted, no page) with one line, before anything
is stored; it also loads every page once, so a document whose pages are broken
is refused at ingest and not at the first build.

``public_copy`` writes the copy the site offers: a new document into which the
pages are imported, so the original's document information (author, creator,
producer, keywords, dates) and its XMP packet are not carried over. The
original stays byte for byte in the store.

PDFium is not thread-safe; every call into it holds ``_LOCK`` (the web
interface ingests in a worker thread while a build may run in another).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import N_, MediaError
from .probe import require_file

_LOCK = threading.RLock()
_TAIL = 2048  # bytes at the end where a complete PDF has its %%EOF
MAX_PAGES = 2000
VERSION = 1  # bump when copies, thumbnails or text change, so builds remake them


@dataclass(frozen=True)
class DocumentProbe:
    pages: int
    width: int  # first page, in PDF points (1/72 inch)
    height: int


def probe_document(path: Path, *, name: str | Path | None = None) -> DocumentProbe:
    """What the PDF at ``path`` is, or MediaError naming ``name`` and the reason."""
    path = Path(path)
    subject = name if name is not None else path
    size = require_file(path, subject)
    with open(path, "rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - _TAIL))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise MediaError(N_("not a PDF document"), subject, code="document.not-pdf",
                         field="file")
    if b"%%EOF" not in tail:
        raise MediaError(N_("the PDF is truncated: it does not end as a complete PDF does"),
                         subject, code="document.truncated", field="file")
    with _document(path, subject) as pdf:
        count = len(pdf)
        if count == 0:
            raise MediaError(N_("the PDF has no pages"), subject, code="document.no-pages",
                             field="file")
        if count > MAX_PAGES:
            raise MediaError(N_("the PDF has {pages} pages; the limit is {limit}"), subject,
                             code="document.too-many-pages", field="file", pages=count,
                             limit=MAX_PAGES)
        for index in range(count):
            try:
                page = pdf[index]
                page.get_textpage().close()
                page.close()
            except pdfium.PdfiumError:
                raise MediaError(N_("page {page} of the PDF is damaged"), subject,
                                 code="document.damaged-page", field="file",
                                 page=index + 1) from None
        width, height = pdf.get_page_size(0)
    return DocumentProbe(count, round(width), round(height))


def document_text(path: Path, *, subject: str | Path) -> str:
    """The text of every page, pages apart by a blank line (for search and checks)."""
    pages = []
    with _document(Path(path), subject) as pdf:
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage()
            pages.append(text.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            text.close()
            page.close()
    return "\n\n".join(p.strip() for p in pages if p.strip())


def first_page(path: Path, *, subject: str | Path, width: int) -> bytes:
    """The first page drawn ``width`` pixels wide, as PNG bytes (media.images cleans it)."""
    with _document(Path(path), subject) as pdf:
        page = pdf[0]
        points, _ = page.get_size()
        bitmap = page.render(scale=width / max(points, 1), fill_color=(255, 255, 255, 255))
        picture = bitmap.to_pil()
        buf = io.BytesIO()
        picture.save(buf, "PNG")
        page.close()
    return buf.getvalue()


def public_copy(path: Path, dest: Path, *, subject: str | Path) -> None:
    """Write to ``dest`` a copy of the pages with none of the document's metadata."""
    with _document(Path(path), subject) as pdf:
        copy = pdfium.PdfDocument.new()
        try:
            copy.import_pages(pdf)
            copy.save(str(dest))
        finally:
            copy.close()


def metadata(path: Path, *, subject: str | Path) -> dict[str, str]:
    """The document information dictionary, non-empty entries only (what a reader sees)."""
    with _document(Path(path), subject) as pdf:
        return {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items()}


_NO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")
_SCAN = 64 * 1024 * 1024  # a refused file is read this far to tell why


def _why_not(path: Path, subject) -> MediaError:
    """The reason PDFium refused ``path``: encrypted, without pages, or damaged."""
    with open(path, "rb") as fh:
        data = fh.read(_SCAN)
    if b"/Encrypt" in data:
        return MediaError(N_("the PDF is protected by a password; save a copy "
                             "without protection and add that"), subject,
                          code="document.encrypted", field="file")
    if _NO_PAGES.search(data) and not re.search(rb"/Type\s*/Page\b", data):
        return MediaError(N_("the PDF has no pages"), subject, code="document.no-pages",
                          field="file")
    return MediaError(N_("the PDF is damaged and cannot be read"), subject,
                      code="document.damaged", field="file")


@contextmanager
def _document(path: Path, subject) -> Iterator[pdfium.PdfDocument]:
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            # PDFium's error code outlives the call that set it (a password error stays
            # the "last error" after a later success), so the file itself says why.
            raise _why_not(path, subject) from None
        try:
            if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
                # Opens without a password but is encrypted (printing or copying
                # forbidden): its text could not be indexed, nor its copy cleaned.
                raise MediaError(N_("the PDF is protected by a password; save a copy "
                                    "without protection and add that"), subject,
                                 code="document.encrypted", field="file")
            yield pdf
        finally:
            pdf.close()
