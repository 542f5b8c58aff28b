"""What the last build of the site made: each file's fingerprint and the search shards.

Kept in ``.clea-site-state.json`` inside the site folder; dotfiles are never
published nor pruned. Losing it only costs one full re-render: every file is
still written only if its bytes changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from archive.atomic import write_if_changed

STATE_NAME = ".clea-site-state.json"
VERSION = 2


@dataclass
class Shard:
    index: str  # fingerprint of the shard's pages when Pagefind last ran on them
    bundle: list[str]  # the files that run made


@dataclass
class State:
    files: dict[str, str] = field(default_factory=dict)  # site file -> fingerprint
    shards: dict[int, Shard] = field(default_factory=dict)  # search shard -> its last run

    @property
    def bundle(self) -> set[str]:
        """Every search-bundle file, all shards together."""
        return {f for shard in self.shards.values() for f in shard.bundle}

    @classmethod
    def load(cls, out: Path) -> State:
        try:
            raw = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return cls()
        if not isinstance(raw, dict) or raw.get("version") != VERSION:
            return cls()
        shards = {int(k): Shard(str(v["index"]), list(v["bundle"]))
                  for k, v in raw.get("shards", {}).items()}
        return cls(dict(raw.get("files", {})), shards)

    def save(self, out: Path) -> bool:
        shards = {str(k): {"index": v.index, "bundle": sorted(v.bundle)}
                  for k, v in sorted(self.shards.items())}
        data = {"version": VERSION, "shards": shards, "files": dict(sorted(self.files.items()))}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return write_if_changed(out / STATE_NAME, text.encode("utf-8"))
