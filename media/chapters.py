"""Chapters: read a simple text or JSON file, write Podcasting 2.0 JSON chapters.

Accepted, told apart by content:

- text, one chapter a line: ``00:01:30 Titre`` or ``1:30 Titre`` (``#`` starts a
  comment line; a dash or colon between time and title is allowed);
- Podcasting 2.0 JSON: ``{"version": "1.2.0", "chapters": [{"startTime": 90,
  "title": "…"}]}``;
- a plain JSON list of such objects, or of ``[start, "title"]`` pairs.

A broken file is refused naming the line; chapters must be in order and start
within the recording. The ID3 form (CHAP/CTOC) is written by ``tags``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import N_, MediaError

Chapters = list[tuple[float, str]]

_LINE = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?\s*[-–:]?\s*(.*?)\s*$")


def parse(path: Path, duration: float | None) -> Chapters:
    """[(start_seconds, title), …] from ``path``; MediaError with the line if broken."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise MediaError(N_("cannot read the chapters ({error})"), path,
                         code="chapters.unreadable", field="chapters",
                         error=exc.strerror) from exc
    except UnicodeDecodeError as exc:
        raise MediaError(N_("not UTF-8 text (save the chapters file as UTF-8)"), path,
                         code="chapters.not-utf8", field="chapters") from exc
    stripped = text.lstrip()
    found = _from_json(text, path) if stripped[:1] in ("{", "[") else _from_text(text, path)
    if not found:
        raise MediaError(N_("no chapters found (write one per line, e.g. 00:01:30 Titre)"),
                         path, code="chapters.none", field="chapters")
    _check(found, path, duration)
    return [(start, title) for start, title, _ in found]


def to_json(chapters: Chapters) -> str:
    """Podcasting 2.0 JSON chapters (application/json+chapters), version 1.2.0."""
    data = {"version": "1.2.0",
            "chapters": [{"startTime": _number(start), "title": title} for start, title in chapters]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def shifted(chapters: Chapters, offset: float, duration: float | None = None) -> Chapters:
    """The chapters after cutting ``offset`` seconds from the start: earlier, clipped at 0.

    Chapters that fall inside the cut collapse onto 0; the last of them wins.
    """
    out: dict[float, str] = {}
    for start, title in chapters:
        moved = round(max(0.0, start - offset), 3)
        if duration is None or moved < duration:
            out[moved] = title
    return sorted(out.items())


# -- readers ---------------------------------------------------------------------------


def _from_text(text: str, path: Path) -> list[tuple[float, str, int]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise MediaError(N_("line {line}: expected a time and a title, e.g. "
                                "00:01:30 Titre (found {found!r})"), path,
                             code="chapters.bad-line", field="chapters", line=number,
                             found=line.strip()[:60])
        start = _clock(match, number, path)
        found.append((start, " ".join(match.group(5).split()), number))
    return found


def _clock(match: re.Match[str], number: int, path: Path) -> float:
    h, m, s, frac, _ = match.groups()
    if h is not None and int(m) > 59:
        raise MediaError(N_("line {line}: minutes must be below 60"), path,
                         code="chapters.bad-minutes", field="chapters", line=number)
    if int(s) > 59:
        raise MediaError(N_("line {line}: seconds must be below 60"), path,
                         code="chapters.bad-seconds", field="chapters", line=number)
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int((frac or "0").ljust(3, "0")) / 1000


def _from_json(text: str, path: Path) -> list[tuple[float, str, int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MediaError(N_("line {line}: not valid JSON ({error})"), path,
                         code="chapters.bad-json", field="chapters", line=exc.lineno,
                         error=exc.msg) from exc
    if isinstance(data, dict):
        if not isinstance(data.get("chapters"), list):
            raise MediaError(N_("line 1: a JSON chapters file needs a \"chapters\" list"), path,
                             code="chapters.no-list", field="chapters")
        key_at = text.find('"chapters"')
        array_at = text.find("[", key_at)
    else:
        array_at = text.find("[")
    found = []
    for element, offset in _elements(text, array_at):
        number = text.count("\n", 0, offset) + 1
        start, title = _entry(element, number, path)
        found.append((start, title, number))
    return found


def _elements(text: str, array_at: int) -> list[tuple[object, int]]:
    """Each element of the JSON array starting at ``array_at``, with its offset."""
    decoder = json.JSONDecoder()
    out, i = [], array_at + 1
    while True:
        while i < len(text) and text[i] in " \t\r\n,":
            i += 1
        if i >= len(text) or text[i] == "]":
            return out
        value, end = decoder.raw_decode(text, i)
        out.append((value, i))
        i = end


def _entry(element: object, number: int, path: Path) -> tuple[float, str]:
    if isinstance(element, dict):
        start = element.get("startTime", element.get("start"))
        title = element.get("title")
    elif isinstance(element, list) and len(element) == 2:
        start, title = element
    else:
        raise MediaError(N_("line {line}: a chapter is {{\"startTime\": 90, \"title\": \"…\"}} "
                            "or [90, \"…\"]"), path, code="chapters.bad-element",
                         field="chapters", line=number)
    if isinstance(start, str):  # "00:01:30" is forgiven in JSON too
        match = _LINE.match(f"{start} x")
        start = _clock(match, number, path) if match else start
    if not isinstance(start, int | float) or isinstance(start, bool):
        raise MediaError(N_("line {line}: the chapter's start time must be a number of "
                            "seconds"), path, code="chapters.bad-start", field="chapters",
                         line=number)
    if not isinstance(title, str) or not title.strip():
        raise MediaError(N_("line {line}: the chapter has no title"), path,
                         code="chapters.no-title", field="chapters", line=number)
    return float(start), " ".join(title.split())


def _check(found: list[tuple[float, str, int]], path: Path, duration: float | None) -> None:
    previous = -1.0
    for start, title, number in found:
        if not title:
            raise MediaError(N_("line {line}: the chapter has no title"), path,
                             code="chapters.no-title", field="chapters", line=number)
        if any(ord(ch) < 32 for ch in title):
            raise MediaError(N_("line {line}: the title holds a control character"), path,
                             code="chapters.control-character", field="chapters", line=number)
        if start < 0:
            raise MediaError(N_("line {line}: the start time is negative"), path,
                             code="chapters.negative-start", field="chapters", line=number)
        if start <= previous:
            raise MediaError(N_("line {line}: chapters out of order (each must start after "
                                "the one before)"), path, code="chapters.out-of-order",
                             field="chapters", line=number)
        if duration is not None and start >= duration:
            raise MediaError(N_("line {line}: the chapter starts at {start} s, after the end "
                                "of the recording ({duration} s)"), path,
                             code="chapters.too-late", field="chapters", line=number,
                             start=f"{start:g}", duration=f"{duration:g}")
        previous = start


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)
