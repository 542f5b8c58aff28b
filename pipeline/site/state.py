"""What the last build of the site made: each file's fingerprint and the search bundle.

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
VERSION = 1


@dataclass
class State:
    files: dict[str, str] = field(default_factory=dict)  # site file -> fingerprint
    index: str = ""  # fingerprint of the indexed pages when Pagefind last ran
    bundle: list[str] = field(default_factory=list)  # the pagefind/ files it made

    @classmethod
    def load(cls, out: Path) -> State:
        try:
            raw = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return cls()
        if not isinstance(raw, dict) or raw.get("version") != VERSION:
            return cls()
        return cls(dict(raw.get("files", {})), str(raw.get("index", "")),
                   list(raw.get("bundle", [])))

    def save(self, out: Path) -> bool:
        data = {"version": VERSION, "index": self.index, "bundle": sorted(self.bundle),
                "files": dict(sorted(self.files.items()))}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return write_if_changed(out / STATE_NAME, text.encode("utf-8"))
