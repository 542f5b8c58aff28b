"""The fixity check: re-hash every original and report what no longer matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from archive import Catalogue, FixityError


@dataclass
class FixityReport:
    checked: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_archive(cat: Catalogue, progress: Callable[[int], None] | None = None,
                   on_file: Callable[[str], None] | None = None) -> FixityReport:
    """Re-hash every original; a missing or altered file is a problem, never an exception."""
    report = FixityReport()
    for sha, size, name in cat.originals():
        if on_file:
            on_file(name)
        try:
            cat.store.verify_one(sha, progress)
        except FixityError as exc:
            report.problems.append(f"{exc.line()} (added as {name})")
        report.checked += 1
        report.bytes += size
    return report


def total_bytes(cat: Catalogue) -> int:
    return sum(size for _, size, _ in cat.originals())
