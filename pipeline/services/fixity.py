"""The fixity check: re-hash every original and report what no longer matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from archive import Catalogue, FixityError
from pipeline.plumbing import i18n


@dataclass
class FixityReport:
    checked: int = 0
    bytes: int = 0
    # Each original that failed, with the name it was added as: kept whole so the
    # reader's language can say it (``lines``), not as an English sentence.
    failures: list[tuple[FixityError, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def problems(self) -> list[str]:
        """One English line per failed original (for programs and the job's result)."""
        return self.lines("en")

    def lines(self, language: str) -> list[str]:
        """One line per failed original, in ``language``."""
        words = i18n.translations(language)
        return [words.gettext("{problem} (added as {name})").format(
                    problem=error.line(words.gettext), name=name)
                for error, name in self.failures]

    def summary(self, language: str) -> str:
        """How many originals were checked and how many failed, in ``language``."""
        words = i18n.translations(language)
        if self.ok:
            return words.ngettext("{count} original checked, intact.",
                                  "{count} originals checked, all intact.", self.checked).format(
                count=self.checked)
        failed = len(self.failures)
        return words.ngettext("{failed} original failed the check (of {count})",
                              "{failed} originals failed the check (of {count})",
                              failed).format(failed=failed, count=self.checked)


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
            report.failures.append((exc, name))
        report.checked += 1
        report.bytes += size
    return report


def total_bytes(cat: Catalogue) -> int:
    return sum(size for _, size, _ in cat.originals())
