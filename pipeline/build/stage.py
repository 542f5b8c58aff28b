"""What each build stage reports back to the build."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class StageResult:
    files: set[str] = field(default_factory=set)  # site-relative paths the stage owns
    written: list[str] = field(default_factory=list)  # of those, rewritten this run
    removed: list[str] = field(default_factory=list)  # files it made before and deleted now

    def merge(self, other: StageResult) -> StageResult:
        self.files |= other.files
        self.written += other.written
        self.removed += other.removed
        return self
