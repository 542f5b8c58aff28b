"""``clea publish``: put the built site into a folder or an S3-compatible bucket.

The CLI and the web interface both call ``publish()``. It scans the site,
compares it with the manifest of what this target already holds, and sends
only what changed, media first and feeds last, deleting what left the site
only after the new feeds are up (docs/design.md, invariants 5 and 8).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from archive import N_, Catalogue, ClearError
from archive.manifest import Manifest
from pipeline.plumbing import config, i18n
from pipeline.plumbing.config import Settings
from pipeline.plumbing.credentials import hide
from pipeline.plumbing.locks import exclusive
from pipeline.publish.check import ALTERED, LEFTOVER, MISSING, Finding, compare, count_by_kind
from pipeline.publish.plan import Plan, make_plan, phase_of, scan, skipped
from pipeline.publish.target import Target, open_target
from pipeline.publish.transfer import execute
from pipeline.services.readiness import require_ready

__all__ = ["PublishReport", "publish", "default_site"]


@dataclass
class PublishReport:
    uploaded: list[str]
    unchanged: int
    deleted: list[str]
    bytes: int
    seconds: float
    dry_run: bool
    differences: list[str]  # for --check: what differs in what clea owns, one line each
    target: str = ""
    checked: bool = False
    findings: list[Finding] = field(default_factory=list)  # --check/--repair, by kind
    foreign: list[str] = field(default_factory=list)  # in the target, not clea's
    leftovers: list[str] = field(default_factory=list)  # removed (or, checking, found)
    repaired: list[Finding] = field(default_factory=list)  # sent again: missing, altered
    adopted: list[str] = field(default_factory=list)  # foreign files taken over (--adopt)

    def summary(self, language: str = "en") -> str:
        """One line: what was sent, left and deleted (or, checking, what differs).

        In ``language``: the command line's, or French for the web's job log.
        """
        words = i18n.translations(language)
        _, ngettext = words.gettext, words.ngettext
        where = self.target
        if self.checked:
            owned = [f for f in self.findings if f.is_difference]
            foreign = ngettext("; {count} foreign file left alone",
                               "; {count} foreign files left alone", len(self.foreign)).format(
                count=len(self.foreign)) if self.foreign else ""
            if not self.differences:
                return ngettext("checked {target}: no difference, {count} file up to date",
                                "checked {target}: no difference, {count} files up to date",
                                self.unchanged).format(target=where,
                                                       count=self.unchanged) + foreign
            pending = len(self.differences) - len(owned)
            kinds = [count_by_kind(owned, language=language)] if owned else []
            kinds += [ngettext("{count} to publish", "{count} to publish", pending).format(
                count=pending)] if pending else []
            return ngettext("checked {target}: {count} difference: {kinds}",
                            "checked {target}: {count} differences: {kinds}",
                            len(self.differences)).format(
                target=where, count=len(self.differences),
                kinds=_(", ").join(kinds)) + foreign
        numbers = {"uploaded": len(self.uploaded), "unchanged": self.unchanged,
                   "deleted": len(self.deleted), "size": _size(self.bytes, language),
                   "seconds": i18n.decimal(self.seconds, language)}
        if self.dry_run:
            line = _("would upload {uploaded}, unchanged {unchanged}, would delete {deleted}, "
                     "{size}, {seconds} s").format(**numbers)
        else:
            line = _("uploaded {uploaded}, unchanged {unchanged}, deleted {deleted}, {size}, "
                     "{seconds} s").format(**numbers)
        extra = []
        if self.repaired:
            kinds = count_by_kind(self.repaired, language=language)
            extra.append((_("would send again {kinds}") if self.dry_run
                          else _("sent again {kinds}")).format(kinds=kinds))
        if self.leftovers:
            count = len(self.leftovers)
            extra.append((ngettext("would remove {count} leftover .part",
                                   "would remove {count} leftover .part files", count)
                          if self.dry_run else
                          ngettext("removed {count} leftover .part",
                                   "removed {count} leftover .part files", count)).format(
                count=count))
        if self.adopted:
            extra.append(ngettext("took over {count} foreign file",
                                  "took over {count} foreign files", len(self.adopted)).format(
                count=len(self.adopted)))
        line += "".join(_(", {more}").format(more=e) for e in extra)
        if self.dry_run:
            return _("dry run for {target}: {line}").format(target=where, line=line)
        return _("published to {target}: {line}").format(target=where, line=line)


def _size(n: int, language: str = "en") -> str:
    """« 3.2 MB » / « 3,2 Mo »; the units are the language's."""
    words = i18n.translations(language)
    space = "\u00a0" if language == "fr" else " "
    units = (words.gettext("B"), words.gettext("kB"), words.gettext("MB"), words.gettext("GB"))
    value: float = n
    for unit in units:
        if value < 1000 or unit == units[-1]:
            if unit == units[0]:
                return f"{n}{space}{unit}"
            return f"{i18n.decimal(value, language)}{space}{unit}"
        value /= 1000
    return f"{n}{space}{units[0]}"


def default_site(cat: Catalogue) -> Path:
    """Where ``clea build`` writes by default."""
    return config.site_folder(cat.folder)


def episode_slugs(site: Path) -> list[str]:
    """The items this site makes public: one folder each under ``episodes/``."""
    folder = site / "episodes"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not skipped(p.name))


def publish(cat: Catalogue, settings: Settings, site: Path, target: str, *,
            endpoint_url: str | None = None, region: str | None = None,
            dry_run: bool = False, check: bool = False,
            log: Callable[[str], None] = lambda s: None, progress: bool = True,
            on_progress: Callable[[int, int], None] | None = None,
            repair: bool = False, adopt: bool = False) -> PublishReport:
    """Publish ``site`` to ``target`` (a folder, or ``s3://BUCKET[/PREFIX]``).

    ``target`` empty means ``settings.publish_to``; the endpoint and region
    default to the settings too (None: from the settings; "": none). ``dry_run``
    and ``check`` change nothing anywhere: the first logs what would be sent and
    deleted, the second also lists the target and reports every difference in
    what clea owns there (foreign files are listed as information). ``repair``
    lists the target first and sends again what is missing or altered there.

    clea never overwrites nor deletes a file its manifest does not own: a file
    of the site whose name is already taken in the target is refused, unless
    ``adopt`` says to take it over. Leftovers of an interrupted publish
    (``.part`` files, unfinished uploads) are removed first. A real publish is
    refused while the settings are not ready to go public
    (``readiness.require_ready``).

    Raises ``ClearError`` for a bad site or target and ``PublishError`` when the
    target fails; what landed before the failure is kept in the manifest.
    A build or another publish of the same archive running meanwhile is refused.
    """
    with exclusive(cat, "publish"):
        return _publish(cat, settings, site, target, endpoint_url=endpoint_url, region=region,
                        dry_run=dry_run, check=check, log=lambda line: log(hide(line)),
                        progress=progress, on_progress=on_progress, repair=repair, adopt=adopt)


def _publish(cat: Catalogue, settings: Settings, site: Path, target: str, *,
             endpoint_url: str | None, region: str | None, dry_run: bool, check: bool,
             log: Callable[[str], None], progress: bool,
             on_progress: Callable[[int, int], None] | None, repair: bool,
             adopt: bool) -> PublishReport:
    started = time.monotonic()
    where = (target or settings.publish_to).strip()
    if not where:
        raise ClearError(N_("say where to publish: --to FOLDER or --to s3://BUCKET[/PREFIX] "
                            "(or set publish_to in clea.toml)"), code="publish.no-target",
                         field="target")
    site = Path(site)
    files = scan(site)
    dest = open_target(where, site=site, archive=cat.folder,
                       endpoint_url=settings.endpoint_url if endpoint_url is None
                       else endpoint_url,
                       region=settings.region if region is None else region)
    if not (dry_run or check):
        require_ready(settings)
    manifest = Manifest(cat.conn, dest.id)
    published = manifest.entries()
    owned = set(published)  # what clea may overwrite or delete in this target

    def report(plan: Plan, differences: list[str] | None = None, **extra) -> PublishReport:
        return PublishReport([u.file.key for u in plan.uploads], plan.unchanged,
                             plan.deletions, plan.upload_bytes, time.monotonic() - started,
                             True, differences or [], target=dest.label, **extra)

    findings: list[Finding] = []
    lost = {} if check else dest.lost(published)
    if check or repair:
        findings = compare(files, published, dest.listing())
        lost = {f.key: f.kind for f in findings if f.kind in (MISSING, ALTERED)}
    repaired: list[Finding] = []
    if not check:
        repaired = [Finding(kind, key) for key, kind in sorted(lost.items())]
        if repaired:
            log(f"{'would send' if dry_run else 'sending'} again what changed on the target "
                f"behind clea's back: {count_by_kind(repaired)}")
        if not dry_run:
            for key in lost:
                manifest.forget(key)
        published = {k: e for k, e in published.items() if k not in lost}
    plan = make_plan(files, published)

    leftovers: list[str] = []
    if check or plan.uploads or plan.deletions or lost:
        leftovers = dest.leftovers(owned | {f.key for f in files})
    if check:
        findings += [Finding(LEFTOVER, name) for name in leftovers]
        owned_lines = [f.line() for f in findings if f.is_difference]
        foreign = [f.key for f in findings if not f.is_difference]
        for line in [*owned_lines, *_plan_lines(plan)]:
            log(line)
        for f in findings:
            if not f.is_difference:
                log(f.line())
        return report(plan, differences=[*_plan_lines(plan), *owned_lines], checked=True,
                      findings=findings, foreign=foreign, leftovers=leftovers)

    adopted = _foreign_names(plan, owned, dest, adopt)
    if dry_run:
        for line in [*(f"remove leftover: {name}" for name in leftovers), *_plan_lines(plan)]:
            log(line)
        return report(plan, leftovers=leftovers, repaired=repaired, adopted=adopted)

    if plan.uploads or plan.deletions or leftovers:
        dest.prepare()
    if leftovers:
        log(f"removing {len(leftovers)} leftover(s) of an interrupted publish")
        for name in leftovers:
            dest.remove_leftover(name)
    if adopted:
        log(f"taking over {len(adopted)} file(s) already in the target: "
            + ", ".join(adopted[:5]) + (" …" if len(adopted) > 5 else ""))
    outcome = execute(plan, dest, manifest, log=log, show_progress=progress,
                      on_progress=on_progress)
    cat.mark_published(episode_slugs(site))
    return PublishReport(outcome.uploaded, plan.unchanged, outcome.deleted, outcome.bytes,
                         time.monotonic() - started, False, [], target=dest.label,
                         leftovers=leftovers, repaired=repaired, adopted=adopted)


def _foreign_names(plan: Plan, owned: set[str], dest: Target, adopt: bool) -> list[str]:
    """Files the plan would write over that clea did not publish: refused unless adopted.

    A web root is shared: another site's ``index.html`` or ``404.html`` must never
    be overwritten because clea's site has a file of the same name.
    """
    new = {u.file.key: u.file for u in plan.uploads if u.file.key not in owned}
    present = dest.existing(list(new)) if new else set()
    # A file with exactly the bytes clea is about to write is clea's own, landed by a
    # publish killed before its manifest said so: writing it again changes nothing.
    taken = sorted(key for key in present if not dest.holds_same(new[key]))
    if taken and not adopt and len(taken) > 1:
        raise ClearError(
            N_("{name} (and {others} other file(s) of the site) already in the target and not "
               "published there by clea; clea never overwrites a file it did not publish: move "
               "them away, or take them over with `clea publish --adopt`"), dest.label,
            code="publish.foreign-files", name=taken[0], others=len(taken) - 1)
    if taken and not adopt:
        raise ClearError(
            N_("{name} already in the target and not published there by clea; clea never "
               "overwrites a file it did not publish: move it away, or take it over with "
               "`clea publish --adopt`"), dest.label, code="publish.foreign-file", name=taken[0])
    return taken


def _plan_lines(plan: Plan) -> list[str]:
    """What a run would do, in the order it would do it."""
    ordered = sorted(plan.uploads, key=lambda u: u.phase)
    lines = [f"upload ({u.reason}): {u.file.key} ({_size(u.file.size)})" for u in ordered]
    lines += [f"delete: {key}" for key in sorted(plan.deletions, key=phase_of, reverse=True)]
    return lines
