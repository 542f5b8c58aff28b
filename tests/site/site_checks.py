"""Readers for built files: every file the stage owns, decompressing Pagefind's."""

from __future__ import annotations

import gzip
import zlib
from html.parser import HTMLParser
from pathlib import Path


def text_of(path: Path) -> str:
    """A built file as text; Pagefind's index files are gzip (or raw deflate) streams."""
    data = path.read_bytes()
    for unpack in (gzip.decompress, lambda b: zlib.decompress(b, -15)):
        try:
            data = unpack(data)
            break
        except (OSError, EOFError, zlib.error):
            continue
    return data.decode("utf-8", errors="replace")


def owned_text(out: Path, files: set[str]) -> dict[str, str]:
    return {rel: text_of(out / rel) for rel in sorted(files)}


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    return tags
