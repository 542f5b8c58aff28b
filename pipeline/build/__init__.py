"""``clea build``: a short list of stages over plain data.

plan (what is public) → derive (media) → feeds → pages → prune what no stage
owns any more. Each stage writes only what changed, so a rebuild with nothing
changed writes nothing (invariant 8), and a withdrawn item's files disappear
from the output at the next build (invariant 6).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from archive import N_, PLAYED, Catalogue, ClearError, Item
from archive.atomic import remove_leftovers
from pipeline.build.public import SiteData, resolve
from pipeline.build.stage import StageResult
from pipeline.plumbing import i18n
from pipeline.plumbing.config import Settings
from pipeline.plumbing.locks import exclusive
from pipeline.services.readiness import publish_blockers

Log = Callable[[str], None]
Plural = Callable[[str, str, int], str]


@dataclass
class BuildReport:
    out: Path
    items: int = 0
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    without_transcript: list[str] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)  # refused by require_transcripts
    encodes: int = 0
    seconds: float = 0.0

    def summary(self, language: str = "en") -> str:
        """One line: how many files were written and removed, and of which kinds.

        "removed" counts every file that left the site, whichever stage deleted
        it: a withdrawal takes a page, its embed and QR code, media, feed
        entries' feeds and search fragments, not only what the final prune saw.
        In ``language`` (the command line's, or French for the web's job log).
        """
        words = i18n.translations(language)
        _, ngettext = words.gettext, words.ngettext
        written, deleted = len(self.written), len(self.deleted)
        parts = [ngettext("{count} episode", "{count} episodes", self.items).format(
                     count=self.items),
                 ngettext("{count} file written", "{count} files written", written).format(
                     count=written) + by_kind(self.written, language),
                 ngettext("{count} removed", "{count} removed", deleted).format(
                     count=deleted) + by_kind(self.deleted, language),
                 ngettext("{count} encode", "{count} encodes", self.encodes).format(
                     count=self.encodes)]
        if self.failed:
            parts.append(ngettext("{count} failed", "{count} failed", len(self.failed)).format(
                count=len(self.failed)))
        return _("Built {folder}: {parts} in {seconds} s.").format(
            folder=self.out, parts=_(", ").join(parts),
            seconds=i18n.decimal(self.seconds, language))


# What a site file is, for the summary: its kind and how to count it, in the order listed.
KINDS: dict[str, Callable[[int, Plural], str]] = {
    "page": lambda n, ngettext: ngettext("{count} page", "{count} pages", n),
    "media file": lambda n, ngettext: ngettext("{count} media file", "{count} media files", n),
    "feed": lambda n, ngettext: ngettext("{count} feed", "{count} feeds", n),
    "search file": lambda n, ngettext: ngettext("{count} search file", "{count} search files",
                                                n),
    "QR code": lambda n, ngettext: ngettext("{count} QR code", "{count} QR codes", n),
    "other file": lambda n, ngettext: ngettext("{count} other file", "{count} other files", n),
}


def kind_of(rel: str) -> str:
    """The kind of a site-relative file: page, media file, feed, search file, QR code…"""
    if rel.startswith("pagefind/"):
        return "search file"
    if rel == "feeds.opml" or rel.startswith("feeds/"):
        return "feed"
    if rel.startswith("media/"):
        return "media file"
    if rel.endswith("/qr.svg"):
        return "QR code"
    if rel.endswith(".html"):
        return "page"
    return "other file"


def by_kind(files: list[str], language: str = "en") -> str:
    """" (3 pages, 1 feed)" for these files, or "" when there are none."""
    words = i18n.translations(language)
    counts: dict[str, int] = {}
    for rel in files:
        kind = kind_of(rel)
        counts[kind] = counts.get(kind, 0) + 1
    shown = [count(counts[kind], words.ngettext).format(count=counts[kind])
             for kind, count in KINDS.items() if kind in counts]
    return f" ({words.gettext(', ').join(shown)})" if shown else ""


def build(cat: Catalogue, settings: Settings, out: Path, *, base_url: str | None = None,
          log: Log = lambda s: None, progress: bool = False,
          on_progress: Callable[[float], None] | None = None,
          jobs: int | None = None, language: str = "en") -> BuildReport:
    """Build the public site, feeds and media of ``cat`` into ``out``.

    ``jobs`` encodes run at a time (default: the cores available). ``language``:
    the one the warning about a site not yet publishable is logged in (the
    command line's, or French for the web's job log).
    """
    from pipeline.build import derive, site
    from pipeline.build import feeds as feedstage

    started = time.monotonic()
    settings = settings.with_base_url(base_url)
    out = Path(out)
    _refuse_unsafe_out(cat, out)
    report = BuildReport(out)
    tick = on_progress or (lambda f: None)
    translate = i18n.translator(language)
    for finding in publish_blockers(settings):
        log(translate(N_("warning, not publishable yet: {finding}")).format(
            finding=finding.line(translate)))
    with exclusive(cat, "build"):
        out.mkdir(parents=True, exist_ok=True)
        # A killed build (SIGKILL, power cut) leaves temporary files beside the
        # files it was writing; under the lock, none is anyone's work in progress.
        left = remove_leftovers(out) + remove_leftovers(cat.folder / derive.CACHE)
        if left:
            log(f"removed {len(left)} leftover(s) of an interrupted build")
        items = _plan(cat, settings, report, log)
        tick(0.05)
        media = derive.derive(cat, settings, items, out, log=log, progress=progress, jobs=jobs,
                              on_progress=lambda f: tick(0.05 + 0.65 * f))
        report.failed.update(media.failed)
        report.held_back += list(media.withheld)
        for reason in media.withheld.values():
            log(reason)
        report.encodes = media.encodes
        tick(0.7)
        data = site_data(cat, settings, items, media)
        report.items = len(data.episodes)
        owned = StageResult(set(media.files), list(media.written))
        owned.merge(feedstage.write_feeds(data, out))
        tick(0.8)
        owned.merge(site.write_site(data, out, overrides=cat.folder / "templates", log=log))
        tick(0.95)
        report.written = owned.written
        report.deleted = sorted(set(owned.removed) | set(prune(out, owned.files)))
        tick(1.0)
    for slug, reason in sorted(report.failed.items()):
        log(f"failed: {slug}: {reason}")
    report.seconds = time.monotonic() - started
    return report


def _plan(cat: Catalogue, settings: Settings, report: BuildReport, log: Log) -> list[Item]:
    """The public items, minus those a setting holds back; notes the missing transcripts."""
    items = cat.public_items()
    # Pictures and documents have no transcript: a caption, alternative text or their own text.
    missing = [i.slug for i in items if not i.transcript_sha and i.medium in PLAYED]
    report.without_transcript = missing
    if missing:
        log(f"{len(missing)} published item(s) without a transcript or captions: "
            + ", ".join(missing[:10]) + (" …" if len(missing) > 10 else ""))
    if settings.require_transcripts and missing:
        report.held_back = missing
        log("require_transcripts is on: these are held back until they have one.")
        items = [i for i in items if i.transcript_sha or i.medium not in PLAYED]
    return items


def site_data(cat: Catalogue, settings: Settings, items: list[Item], media) -> SiteData:
    """Resolve everything feeds and pages show, once, from records and renditions."""
    return resolve(settings, items, cat.series_list(), cat.residences(), media.renditions,
                   media.series_art)


def prune(out: Path, owned: set[str]) -> list[str]:
    """Delete files under ``out`` that no stage owns (withdrawn items, old pages).

    Dotfiles at any level are the stages' own state and are kept.
    """
    deleted = []
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if path.is_file() and rel not in owned:
            path.unlink()
            deleted.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(deleted)


def _refuse_unsafe_out(cat: Catalogue, out: Path) -> None:
    """The output is pruned: it must never be the archive itself or hold it."""
    archive = cat.folder.resolve()
    target = out.resolve()
    if target == archive or archive.is_relative_to(target):
        raise ClearError(N_("the build folder must not be the archive folder or contain it"),
                         out, code="build.folder-is-archive")
    if (target / "catalogue.sqlite").exists():
        raise ClearError(N_("this folder holds a catalogue; choose an empty build folder"), out,
                         code="build.folder-holds-catalogue")
