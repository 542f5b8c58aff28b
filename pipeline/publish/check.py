"""``--check``: what differs between the manifest and what the target really holds.

Someone may have deleted or replaced an object by hand, or emptied the
bucket; the manifest would not know. Listing the target (one request per
thousand objects, or a walk of the folder) shows it without reading a byte.

Each finding has a kind, so summaries count what happened by kind instead of
lumping a missing file and an altered one together. Only what clea owns can
differ: files it did not publish (``foreign``) are reported for information,
since a shared web root always holds some.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from archive.manifest import Entry
from pipeline.plumbing import i18n
from pipeline.publish.plan import LocalFile
from pipeline.publish.target import Remote

Plural = Callable[[str, str, int], str]

MISSING, ALTERED, LEFTOVER, FOREIGN = "missing", "altered", "leftover", "foreign"
# How a summary counts each kind, in this order (translated where the summary is made).
KIND_NAMES: dict[str, Callable[[int, Plural], str]] = {
    MISSING: lambda n, ngettext: ngettext("{count} missing", "{count} missing", n),
    ALTERED: lambda n, ngettext: ngettext("{count} altered", "{count} altered", n),
    LEFTOVER: lambda n, ngettext: ngettext("{count} leftover .part",
                                           "{count} leftover .part files", n),
    FOREIGN: lambda n, ngettext: ngettext("{count} foreign (left alone)",
                                          "{count} foreign (left alone)", n),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # MISSING, ALTERED, LEFTOVER or FOREIGN
    key: str
    detail: str = ""

    @property
    def is_difference(self) -> bool:
        """Foreign files are information: they are not clea's to fix."""
        return self.kind != FOREIGN

    def line(self) -> str:
        text = {MISSING: "missing on target", ALTERED: "altered on target",
                LEFTOVER: "leftover of an interrupted publish",
                FOREIGN: "not from this site (left alone)"}[self.kind]
        return f"{text}: {self.key}" + (f" ({self.detail})" if self.detail else "")


def count_by_kind(findings: list[Finding], kinds: tuple[str, ...] = tuple(KIND_NAMES), *,
                  language: str = "en") -> str:
    """"1 missing, 1 altered" (only the kinds present, in a fixed order)."""
    words = i18n.translations(language)
    counts = Counter(f.kind for f in findings)
    return words.gettext(", ").join(KIND_NAMES[k](counts[k], words.ngettext).format(
        count=counts[k]) for k in kinds if counts[k])


def compare(files: list[LocalFile], published: dict[str, Entry],
            remote: dict[str, Remote]) -> list[Finding]:
    """Every difference between the manifest and the target, and the foreign files."""
    found: list[Finding] = []
    for key, entry in sorted(published.items()):
        there = remote.get(key)
        if there is None:
            found.append(Finding(MISSING, key))
        elif there.size != entry.size:
            found.append(Finding(ALTERED, key, f"{there.size} bytes, {entry.size} published"))
        elif there.etag != entry.etag:
            found.append(Finding(ALTERED, key, "not the object clea published"))
    in_site = {f.key for f in files}
    for key in sorted(remote):
        if key not in published:
            found.append(Finding(FOREIGN, key, "the site has a file of this name: publishing "
                                 "refuses to overwrite it (see --adopt)" if key in in_site
                                 else ""))
    return found
