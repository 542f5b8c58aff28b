"""What the last build wrote into each feed, so the next one redoes only what changed.

Kept in ``.clea-feeds-state.json`` in the site folder (dotfiles are never
published nor pruned), beside the pages' own state. For each feed: the
fingerprint it was written from, a digest of the file as written, and where
each entry's ``<item>`` lies in it with the episode revision it showed. A
no-op build compares fingerprints and renders nothing; an edit renders the
feeds that hold the edited episode, and in them serialises that one entry,
taking the others' bytes from the file, once its digest proves the file is
what the build wrote. Losing this file costs one full render.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from archive.atomic import write_if_changed

STATE_NAME = ".clea-feeds-state.json"
VERSION = 1


@dataclass
class Written:
    fingerprint: str
    sha: str  # blake2b of the file's bytes
    items: list  # [guid, numbered, revision, start, end] for each entry, in order


@dataclass
class FeedState:
    base: str = ""  # what every feed and entry depended on besides its episodes
    feeds: dict[str, Written] = field(default_factory=dict)  # feed path -> what was written

    @classmethod
    def load(cls, out: Path) -> FeedState:
        try:
            raw = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
            if raw.get("version") != VERSION:
                return cls()
            # Items stay as read (lists): only a feed that changed reads them, and
            # 20,000 tuples made for nothing were half a no-op's time.
            return cls(str(raw["base"]), {
                path: Written(str(w["fp"]), str(w["sha"]), w["items"])
                for path, w in raw["feeds"].items()})
        except (FileNotFoundError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def save(self, out: Path) -> None:
        data = {"version": VERSION, "base": self.base,
                "feeds": {p: {"fp": w.fingerprint, "sha": w.sha, "items": w.items}
                          for p, w in sorted(self.feeds.items())}}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_if_changed(out / STATE_NAME, text.encode("utf-8"))

    def reusable(self, out: Path, path: str, base: str,
                 revisions: dict[str, str]) -> list[tuple[str, bool, bytes]]:
        """The last build's entries of feed ``path`` that still show the same revision,
        as (guid, numbered, bytes); none unless the file is exactly as written."""
        last = self.feeds.get(path)
        if last is None or self.base != base:
            return []
        try:
            data = (out / path).read_bytes()
        except OSError:
            return []
        if file_sha(data) != last.sha:
            return []
        try:
            return [(str(guid), bool(numbered), data[int(start):int(end)])
                    for guid, numbered, revision, start, end in last.items
                    if revisions.get(guid) == revision]
        except (TypeError, ValueError):  # a state file not as this code writes it
            return []


def file_sha(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
