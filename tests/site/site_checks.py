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
        self.nesting: list[str] = []  # a form in a form, a link in a link
        self._open = {"form": 0, "a": 0}
        self.links: list[tuple[dict[str, str | None], str]] = []  # every <a>, with its text

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self._open:
            if self._open[tag]:
                self.nesting.append(f"<{tag}> inside another <{tag}>")
            self._open[tag] += 1
        if tag == "a":
            self.links.append((dict(attrs), ""))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._open["a"]:
            attrs, text = self.links[-1]
            self.links[-1] = (attrs, text + data)
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None
        if tag in self._open and self._open[tag]:
            self._open[tag] -= 1


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    return tags


# Attributes the HTML standard says must not be empty when present (a URL, an id
# reference, an id): the W3C validator reports each one.
NON_EMPTY = ("action", "href", "src", "srcset", "poster", "id", "for", "form", "list",
             "aria-labelledby", "aria-describedby", "aria-controls", "data-copy")
ID_REFS = ("for", "aria-labelledby", "aria-describedby", "aria-controls", "data-copy")


def html_problems(html: str) -> list[str]:
    """What the W3C validator and a screen reader would trip on, one line each.

    Empty URL or id attributes, duplicate ids, references (label for, aria-*,
    in-page links) to ids the page does not have, images without alt, nested
    forms or links, and a document without its language.
    """
    page = parse(html)
    problems: list[str] = []
    ids: dict[str, int] = {}
    for tag, attrs in page.tags:
        for name in NON_EMPTY:
            if name in attrs and not (attrs[name] or "").strip():
                problems.append(f"<{tag}> has an empty {name} attribute")
        if attrs.get("id"):
            ids[attrs["id"]] = ids.get(attrs["id"], 0) + 1
        if tag == "img" and "alt" not in attrs:
            problems.append(f"<img src={attrs.get('src')!r}> has no alt")
    problems += [f"id {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    for tag, attrs in page.tags:
        for name in ID_REFS:
            for ref in (attrs.get(name) or "").split():
                if ref not in ids:
                    problems.append(f"<{tag} {name}={ref!r}> names no element of the page")
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1 and href[1:] not in ids:
            problems.append(f"<a href={href!r}> leads to no element of the page")
    problems += page.nesting
    if not any(tag == "html" and attrs.get("lang") for tag, attrs in page.tags):
        problems.append("<html> has no lang")
    return problems


# Link texts Lighthouse's "link-text" audit reports as not descriptive (its English
# and French lists), and a few more that say nothing out of context.
VAGUE = {"click here", "click this", "go", "here", "information", "learn more", "more",
         "more info", "more information", "right here", "read more", "see more", "start",
         "this", "cliquez ici", "cliquez", "ici", "en savoir plus", "plus", "plus d'infos",
         "plus d'informations", "informations", "lire la suite", "suite", "voir plus",
         "voir", "lien", "cette page", "page"}


def vague_links(html: str) -> list[str]:
    """Links whose whole text (what a screen reader's list of links says) is a vague word."""
    found = []
    for attrs, text in parse(html).links:
        words = " ".join(text.split()).strip(" .:!").casefold()
        if words in VAGUE:
            found.append(f"<a href={attrs.get('href')!r}>{text.strip()}</a>")
    return found
