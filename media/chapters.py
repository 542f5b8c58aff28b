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

from .errors import MediaError

Chapters = list[tuple[float, str]]

_LINE = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?\s*[-–:]?\s*(.*?)\s*$")


def parse(path: Path, duration: float | None) -> Chapters:
    """[(start_seconds, title), …] from ``path``; MediaError with the line if broken."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise MediaError(f"cannot read the chapters ({exc.strerror})", path) from exc
    except UnicodeDecodeError as exc:
        raise MediaError("not UTF-8 text (save the chapters file as UTF-8)", path) from exc
    stripped = text.lstrip()
    found = _from_json(text, path) if stripped[:1] in ("{", "[") else _from_text(text, path)
    if not found:
        raise MediaError("no chapters found (write one per line, e.g. 00:01:30 Titre)", path)
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
            raise MediaError(f"line {number}: expected a time and a title, e.g. "
                             f"00:01:30 Titre (found {line.strip()[:60]!r})", path)
        start = _clock(match, number, path)
        found.append((start, " ".join(match.group(5).split()), number))
    return found


def _clock(match: re.Match[str], number: int, path: Path) -> float:
    h, m, s, frac, _ = match.groups()
    if h is not None and int(m) > 59:
        raise MediaError(f"line {number}: minutes must be below 60", path)
    if int(s) > 59:
        raise MediaError(f"line {number}: seconds must be below 60", path)
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int((frac or "0").ljust(3, "0")) / 1000


def _from_json(text: str, path: Path) -> list[tuple[float, str, int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MediaError(f"line {exc.lineno}: not valid JSON ({exc.msg})", path) from exc
    if isinstance(data, dict):
        if not isinstance(data.get("chapters"), list):
            raise MediaError("line 1: a JSON chapters file needs a \"chapters\" list", path)
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
        raise MediaError(f"line {number}: a chapter is {{\"startTime\": 90, \"title\": \"…\"}} "
                         "or [90, \"…\"]", path)
    if isinstance(start, str):  # "00:01:30" is forgiven in JSON too
        match = _LINE.match(f"{start} x")
        start = _clock(match, number, path) if match else start
    if not isinstance(start, int | float) or isinstance(start, bool):
        raise MediaError(f"line {number}: the chapter's start time must be a number of seconds",
                         path)
    if not isinstance(title, str) or not title.strip():
        raise MediaError(f"line {number}: the chapter has no title", path)
    return float(start), " ".join(title.split())


def _check(found: list[tuple[float, str, int]], path: Path, duration: float | None) -> None:
    previous = -1.0
    for start, title, number in found:
        if not title:
            raise MediaError(f"line {number}: the chapter has no title", path)
        if any(ord(ch) < 32 for ch in title):
            raise MediaError(f"line {number}: the title holds a control character", path)
        if start < 0:
            raise MediaError(f"line {number}: the start time is negative", path)
        if start <= previous:
            raise MediaError(f"line {number}: chapters out of order (each must start after "
                             "the one before)", path)
        if duration is not None and start >= duration:
            raise MediaError(f"line {number}: the chapter starts at {start:g} s, after the end "
                             f"of the recording ({duration:g} s)", path)
        previous = start


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)
