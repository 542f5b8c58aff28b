"""Access-log formats, recognised from their content, each parsed into one record.

Three families cover where clea's media are served from:

- ``s3``: Amazon S3 (and S3-compatible hosts') server access logs;
- ``cloudfront``: CloudFront standard logs, W3C, tab separated, with a
  ``#Fields:`` header naming the columns (their order changed over the years,
  so the header is read rather than assumed);
- ``combined``: nginx and Apache's "combined" format (also the "common" one,
  without a user agent, whose requests are then not counted).

A line is parsed into a ``Request``; a line that does not fit its file's format
(a truncated last line, a stray comment) is skipped and counted, never guessed.
"""

from __future__ import annotations

import calendar
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from urllib.parse import unquote

S3, CLOUDFRONT, COMBINED = "s3", "cloudfront", "combined"

_MONTHS = {m: n for n, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}

_COMBINED = re.compile(
    r'(\S+) \S+ \S+ \[([^\]]+)\] "([A-Z]+) ([^ "]+)[^"]*" (\d{3}) (\d+|-)'
    r'(?: "(?:[^"\\]|\\.)*" "((?:[^"\\]|\\.)*)")?')
_S3 = re.compile(
    r'\S+ \S+ \[([^\]]+)\] (\S+) \S+ \S+ (\S+) (\S+) "[^"]*" (\d{3}|-) \S+ (\d+|-) \S+ \S+ \S+'
    r' "(?:[^"\\]|\\.)*" "((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True, slots=True)
class Request:
    """What counting needs from one log line; kept in memory only."""

    at: float  # seconds since the epoch, UTC
    method: str
    path: str  # the object key or URL path, decoded, without its query string
    status: int
    sent: int  # bytes sent to the listener
    address: str
    agent: str
    range_start: int | None = None  # first byte sent, when the log says (CloudFront)


class Parser(ABC):
    """Parses the lines of one file in one format."""

    name = ""

    @abstractmethod
    def parse(self, line: str) -> Request | None:
        """The request on ``line``, or None for a line that is not one (a stray line)."""


def _clf_time(stamp: str, cache: dict[str, int]) -> float:
    """``10/Oct/2025:13:55:36 +0200`` to epoch seconds; the day part is cached."""
    day = stamp[:11] + stamp[20:]
    base = cache.get(day)
    if base is None:
        d, mon, y = stamp[:11].split("/")
        tz = stamp[21:].strip()
        offset = (int(tz[1:3]) * 3600 + int(tz[3:5]) * 60) * (-1 if tz[0] == "-" else 1) if tz \
            else 0
        base = calendar.timegm((int(y), _MONTHS[mon], int(d), 0, 0, 0)) - offset
        cache[day] = base
    return base + int(stamp[12:14]) * 3600 + int(stamp[15:17]) * 60 + int(stamp[18:20])


def _path(raw: str) -> str:
    return unquote(raw.split("?", 1)[0])


class CombinedParser(Parser):
    name = COMBINED

    def __init__(self) -> None:
        self._days: dict[str, int] = {}

    def parse(self, line: str) -> Request | None:
        m = _COMBINED.match(line)
        if m is None:
            return None
        addr, stamp, method, target, status, sent, agent = m.groups()
        try:
            at = _clf_time(stamp, self._days)
        except (ValueError, KeyError, IndexError):
            return None
        return Request(at, method, _path(target), int(status), 0 if sent == "-" else int(sent),
                       addr, (agent or "").replace('\\"', '"'))


class S3Parser(Parser):
    name = S3

    def __init__(self) -> None:
        self._days: dict[str, int] = {}

    def parse(self, line: str) -> Request | None:
        m = _S3.match(line)
        if m is None:
            return None
        stamp, addr, operation, key, status, sent, agent = m.groups()
        if status == "-":
            return None
        try:
            at = _clf_time(stamp, self._days)
        except (ValueError, KeyError, IndexError):
            return None
        # REST.GET.OBJECT, REST.HEAD.OBJECT, WEBSITE.GET.OBJECT…
        parts = operation.split(".")
        method = parts[1] if len(parts) > 2 else operation
        return Request(at, method, _path(key), int(status), 0 if sent == "-" else int(sent),
                       addr, agent.replace('\\"', '"'))


class CloudFrontParser(Parser):
    name = CLOUDFRONT

    def __init__(self, fields: list[str]) -> None:
        def col(name: str) -> int | None:
            return fields.index(name) if name in fields else None

        needed = ("date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status", "sc-bytes",
                  "cs(User-Agent)")
        self.columns = [col(n) for n in needed]
        self.range_col = col("sc-range-start")
        self.width = max(c for c in self.columns if c is not None) + 1
        self._days: dict[str, int] = {}

    @staticmethod
    def fields_of(header: str) -> list[str] | None:
        if not header.startswith("#Fields:"):
            return None
        fields = header[len("#Fields:"):].split()
        needed = {"date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status", "sc-bytes",
                  "cs(User-Agent)"}
        return fields if needed <= set(fields) else None

    def parse(self, line: str) -> Request | None:
        if line.startswith("#"):
            return None
        cells = line.rstrip("\r\n").split("\t")
        if len(cells) < self.width:
            return None
        d, t, addr, method, stem, status, sent, agent = (cells[c] for c in self.columns)
        try:
            base = self._days.get(d)
            if base is None:
                y, mo, dd = d.split("-")
                base = self._days[d] = calendar.timegm((int(y), int(mo), int(dd), 0, 0, 0))
            at = base + int(t[0:2]) * 3600 + int(t[3:5]) * 60 + int(t[6:8])
            status_n, sent_n = int(status), int(sent)
        except ValueError:
            return None
        start = None
        if self.range_col is not None and self.range_col < len(cells):
            value = cells[self.range_col]
            start = int(value) if value.isdigit() else None
        # CloudFront encodes the user agent, sometimes twice (%2520 for a space).
        for _ in range(2):
            if "%" not in agent:
                break
            agent = unquote(agent)
        return Request(at, method, _path(stem), status_n, sent_n, addr, agent, start)


def recognise(lines: list[str]) -> Parser | None:
    """The parser for a file whose first lines are ``lines``, or None if none fits.

    CloudFront is known by its ``#Version``/``#Fields`` header; otherwise the
    first line that is not blank must parse as S3 or as combined.
    """
    for line in lines:
        fields = CloudFrontParser.fields_of(line)
        if fields:
            return CloudFrontParser(fields)
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        for parser in (S3Parser(), CombinedParser()):
            if parser.parse(line) is not None:
                return parser
        return None
    return None
