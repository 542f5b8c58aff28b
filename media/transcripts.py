"""Transcripts: read WebVTT or SRT (told apart by content), write VTT, SRT and text.

A broken file is refused at ingest with the line that is wrong, so the build
never meets one. Cue text is kept as plain text: markup (``<i>``, ``<v Nom>``)
is dropped and entities are decoded, then escaped again where VTT needs it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import N_, MediaError

# A cue may end a little after the recording's last decoded sample.
DURATION_SLACK = 1.0

_TIME = r"(?:(\d+):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # plain text, lines joined by "\n"


@dataclass(frozen=True)
class Transcript:
    cues: tuple[Cue, ...]

    def shifted(self, offset: float, duration: float | None = None) -> Transcript:
        """The same cues ``offset`` seconds earlier (after trimming the start), clipped."""
        cues = []
        for cue in self.cues:
            start, end = max(0.0, cue.start - offset), max(0.0, cue.end - offset)
            if duration is not None:
                start, end = min(start, duration), min(end, duration)
            if end > start:
                cues.append(replace(cue, start=round(start, 3), end=round(end, 3)))
        return Transcript(tuple(cues))

    def vtt(self) -> str:
        blocks = ["WEBVTT"]
        for cue in self.cues:
            text = "\n".join(_vtt_escape(line) for line in cue.text.splitlines())
            blocks.append(f"{_stamp(cue.start, '.')} --> {_stamp(cue.end, '.')}\n{text}")
        return "\n\n".join(blocks) + "\n"

    def srt(self) -> str:
        blocks = [f"{n}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}"
                  for n, c in enumerate(self.cues, 1)]
        return "\n\n".join(blocks) + "\n"

    def text(self) -> str:
        """Plain text for pages and search: one paragraph per cue."""
        return "\n".join(" ".join(c.text.split()) for c in self.cues) + ("\n" if self.cues else "")


def parse(path: Path, duration: float | None) -> Transcript:
    """Read a WebVTT or SRT file; raise MediaError naming ``path`` and the bad line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MediaError(N_("cannot read the transcript ({error})"), path,
                         code="transcript.unreadable", field="transcript",
                         error=exc.strerror) from exc
    lines = _decode(raw, path).splitlines()
    is_vtt = bool(lines) and lines[0].startswith("WEBVTT")
    cues = _cues(lines, path, vtt=is_vtt)
    if not cues:
        if is_vtt:
            raise MediaError(N_("WebVTT file has no cues (no timing line such as "
                                "00:00:01.000 --> 00:00:04.000)"), path,
                             code="transcript.no-cues", field="transcript")
        raise MediaError(N_("not a WebVTT or SRT transcript (no timing line such as "
                            "00:00:01.000 --> 00:00:04.000)"), path,
                         code="transcript.not-a-transcript", field="transcript")
    _check_times(cues, path, duration)
    return Transcript(tuple(cue for cue, _ in cues))


def _decode(raw: bytes, path: Path) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise MediaError(N_("line {line}: not UTF-8 text (save the transcript as UTF-8)"),
                         path, code="transcript.not-utf8", field="transcript",
                         line=line) from exc
    if "\x00" in text:
        raise MediaError(N_("not a text file (it holds binary data)"), path,
                         code="transcript.binary", field="transcript")
    return text


def _cues(lines: list[str], path: Path, *, vtt: bool) -> list[tuple[Cue, int]]:
    """Cues with the line number of their timing; blocks are separated by blank lines."""
    cues: list[tuple[Cue, int]] = []
    i = 0
    while vtt and i < len(lines) and lines[i].strip():  # the header block
        i += 1
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        if vtt and block[0].split(" ", 1)[0] in ("NOTE", "STYLE", "REGION"):
            continue
        at = next((n for n, line in enumerate(block) if "-->" in line), None)
        if at is None or at > 1:
            raise MediaError(N_("line {line}: expected a cue timing such as "
                                "00:00:01.000 --> 00:00:04.000"), path,
                             code="transcript.no-timing", field="transcript",
                             line=block_start + 1)
        if not vtt and at == 1 and not block[0].strip().isdigit():
            raise MediaError(N_("line {line}: expected the cue number"), path,
                             code="transcript.no-number", field="transcript",
                             line=block_start + 1)
        number = block_start + at + 1
        match = _TIMING.match(block[at])
        if not match:
            raise MediaError(N_("line {line}: bad timing line {found!r}"), path,
                             code="transcript.bad-timing", field="transcript", line=number,
                             found=block[at].strip()[:60])
        g = match.groups()
        start, end = _seconds(*g[:4]), _seconds(*g[4:])
        text = "\n".join(_plain(line) for line in block[at + 1:]).strip()
        cues.append((Cue(start, end, text), number))
    return cues


def _check_times(cues: list[tuple[Cue, int]], path: Path, duration: float | None) -> None:
    previous = 0.0
    for cue, line in cues:
        if cue.end < cue.start:
            raise MediaError(N_("line {line}: the cue ends before it starts"), path,
                             code="transcript.ends-before-start", field="transcript", line=line)
        if cue.start < previous:
            raise MediaError(N_("line {line}: timings out of order (this cue starts before "
                                "the one above it)"), path, code="transcript.out-of-order",
                             field="transcript", line=line)
        if duration is not None and cue.end > duration + DURATION_SLACK:
            raise MediaError(N_("line {line}: the cue ends at {end}, after the end of the "
                                "recording ({duration})"), path, code="transcript.too-long",
                             field="transcript", line=line, end=_stamp(cue.end, "."),
                             duration=_stamp(duration, "."))
        previous = cue.start


def _seconds(h: str | None, m: str, s: str, frac: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(frac.ljust(3, "0")) / 1000


def _stamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _plain(line: str) -> str:
    return html.unescape(_TAG.sub("", line)).strip()


def _vtt_escape(line: str) -> str:
    # "-->" must never appear in cue text; & and < start markup in VTT.
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
