"""Counting downloads the IAB way (Podcast Measurement Technical Guidelines v2.2).

A *listener* is an address and a user agent (an IPv6 address by its /64
network, as the guidelines say). Per listener and episode, a rolling 24-hour
window opens at their first request; inside it, the bytes they received are
added up (206 ranges by their union when the log gives their offsets, else by
bytes sent; a 200 by its bytes sent), and one download is counted, on the UTC
day the window opened, when they reach one minute of the file at its average
bitrate (or the whole file, for a file shorter than a minute). A second
download by the same listener needs a request 24 hours after the window opened.

Privacy: the listener key is a 16-byte keyed BLAKE2 hash whose key is drawn at
random for each import and never written anywhere; windows are dropped as soon
as the newest request is a day (and an hour of slack for unordered logs) past
them, so memory holds the last day's listeners, whatever the log's length. Only
``(day, episode, app) → downloads`` leaves this module.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import time
from collections import Counter
from dataclasses import dataclass

WINDOW = 24 * 3600
SLACK = 3600
MINUTE = 60.0
_SWEEP_EVERY = 4096


@dataclass(frozen=True)
class Episode:
    """What counting needs to know of an episode's public file."""

    item_id: int
    size: int  # bytes of the published file
    duration: float  # seconds

    @property
    def threshold(self) -> int:
        """Bytes for one minute at the file's average bitrate (the whole of a shorter file)."""
        if self.duration <= MINUTE or self.size <= 0:
            return max(self.size, 1)
        return max(1, int(self.size * MINUTE / self.duration))


class _Window:
    __slots__ = ("start", "item", "app", "got", "ranges", "counted")

    def __init__(self, start: float, item: Episode, app: str) -> None:
        self.start = start
        self.item = item
        self.app = app
        self.got = 0
        self.ranges: list[list[int]] | None = None
        self.counted = False

    def add(self, sent: int, range_start: int | None) -> int:
        if range_start is None:
            self.got += sent
            return self.got
        if self.ranges is None:
            self.ranges = []
        self.ranges = _union(self.ranges, range_start, range_start + sent)
        return max(self.got, sum(b - a for a, b in self.ranges))


def _union(ranges: list[list[int]], a: int, b: int) -> list[list[int]]:
    """Add [a, b) to sorted, disjoint ranges (a player's ranges are few)."""
    out: list[list[int]] = []
    placed = False
    for lo, hi in ranges:
        if hi < a:
            out.append([lo, hi])
        elif b < lo:
            if not placed:
                out.append([a, b])
                placed = True
            out.append([lo, hi])
        else:
            a, b = min(a, lo), max(b, hi)
    if not placed:
        out.append([a, b])
    out.sort()
    return out[:64]


def day_of(at: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(at))


def listener_address(address: str) -> str:
    """The part of an address that names a listener: all of IPv4, the /64 of IPv6."""
    if ":" not in address:
        return address
    try:
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    except ValueError:
        return address


class Counter24:
    """Feed it requests in (roughly) time order; ``counts`` holds the downloads."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)  # never stored: dies with the import
        self._open: dict[bytes, _Window] = {}
        self._newest = 0.0
        self._seen = 0
        self.counts: Counter[tuple[str, int, str]] = Counter()

    def listener(self, address: str, agent: str, item_id: int) -> bytes:
        h = hashlib.blake2b(key=self._key, digest_size=16)
        h.update(f"{listener_address(address)}\0{agent}\0{item_id}".encode("utf-8", "replace"))
        return h.digest()

    def add(self, at: float, episode: Episode, key: bytes, app: str, sent: int,
            range_start: int | None = None) -> bool:
        """One successful GET of ``episode``'s file; True if it completed a download."""
        window = self._open.get(key)
        if window is not None and abs(at - window.start) >= WINDOW:
            del self._open[key]
            window = None
        if window is None:
            window = self._open[key] = _Window(at, episode, app)
        if at > self._newest:
            self._newest = at
        self._seen += 1
        if self._seen % _SWEEP_EVERY == 0:
            self._sweep()
        if window.counted:
            return False
        if window.add(sent, range_start) >= episode.threshold:
            window.counted = True
            window.ranges = None
            self.counts[(day_of(window.start), episode.item_id, window.app)] += 1
            return True
        return False

    def _sweep(self) -> None:
        # Windows were opened in about time order: drop from the oldest while expired.
        horizon = self._newest - WINDOW - SLACK
        while self._open:
            key = next(iter(self._open))
            if self._open[key].start >= horizon:
                break
            del self._open[key]

    @property
    def open_windows(self) -> int:
        return len(self._open)
