"""``clea publish``: put the built site into a folder or an S3-compatible bucket.

The CLI and the web interface both call ``publish()``. It scans the site,
compares it with the manifest of what this target already holds, and sends
only what changed, media first and feeds last, deleting what left the site
only after the new feeds are up (DESIGN.md invariants 5 and 8).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archive import N_, Catalogue, ClearError
from archive.manifest import Entry, Manifest
from pipeline.plumbing.config import Settings
from pipeline.plumbing.locks import exclusive
from pipeline.publish.check import compare
from pipeline.publish.plan import Plan, make_plan, phase_of, scan, skipped
from pipeline.publish.target import Remote, open_target
from pipeline.publish.transfer import execute

__all__ = ["PublishReport", "publish", "default_site"]


@dataclass
class PublishReport:
    uploaded: list[str]
    unchanged: int
    deleted: list[str]
    bytes: int
    seconds: float
    dry_run: bool
    differences: list[str]  # for --check
    target: str = ""
    checked: bool = False

    def summary(self) -> str:
        where = f" {self.target}" if self.target else ""
        if self.checked:
            if not self.differences:
                return f"checked{where}: no difference, {self.unchanged} file(s) up to date"
            return f"checked{where}: {len(self.differences)} difference(s)"
        verb = "would upload" if self.dry_run else "uploaded"
        gone = "would delete" if self.dry_run else "deleted"
        line = (f"{verb} {len(self.uploaded)}, unchanged {self.unchanged}, "
                f"{gone} {len(self.deleted)}, {_size(self.bytes)}, {self.seconds:.1f} s")
        return ("dry run for" if self.dry_run else "published to") + f"{where}: {line}"


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} B"


def default_site(cat: Catalogue) -> Path:
    """Where ``clea build`` writes by default."""
    return cat.folder / "site"


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
            repair: bool = False) -> PublishReport:
    """Publish ``site`` to ``target`` (a folder, or ``s3://BUCKET[/PREFIX]``).

    ``target`` empty means ``settings.publish_to``; the endpoint and region
    default to the settings too. ``dry_run`` and ``check`` change nothing
    anywhere: the first logs what would be sent and deleted, the second also
    lists the target and reports every difference. ``repair`` lists the
    target first and sends again what is missing or altered there. Raises
    ``ClearError`` for a bad site or target and ``PublishError`` when the
    target fails; what landed before the failure is kept in the manifest.
    A build or another publish of the same archive running meanwhile is refused.
    """
    with exclusive(cat, "publish"):
        return _publish(cat, settings, site, target, endpoint_url=endpoint_url, region=region,
                        dry_run=dry_run, check=check, log=log, progress=progress,
                        on_progress=on_progress, repair=repair)


def _publish(cat: Catalogue, settings: Settings, site: Path, target: str, *,
             endpoint_url: str | None, region: str | None, dry_run: bool, check: bool,
             log: Callable[[str], None], progress: bool,
             on_progress: Callable[[int, int], None] | None, repair: bool) -> PublishReport:
    started = time.monotonic()
    where = (target or settings.publish_to).strip()
    if not where:
        raise ClearError(N_("say where to publish: --to FOLDER or --to s3://BUCKET[/PREFIX] "
                            "(or set publish_to in clea.toml)"), code="publish.no-target",
                         field="target")
    site = Path(site)
    files = scan(site)
    dest = open_target(where, site=site, endpoint_url=endpoint_url or settings.endpoint_url,
                       region=region or settings.region)
    manifest = Manifest(cat.conn, dest.id)
    published = manifest.entries()
    lost = set() if check else set(dest.lost(published))
    if lost:
        log(f"{len(lost)} file(s) published earlier are gone from the target; "
            "they will be sent again")
        if not dry_run:
            for key in lost:
                manifest.forget(key)
        published = {k: e for k, e in published.items() if k not in lost}

    differences: list[str] = []
    if check or repair:
        remote = dest.listing()
        differences = compare(files, published, remote)
        if repair and not dry_run:
            for key in _broken(published, remote):
                manifest.forget(key)
            published = manifest.entries()
    plan = make_plan(files, published)
    if check:
        differences = [*_plan_lines(plan), *differences]
        for line in differences:
            log(line)
        return PublishReport([u.file.key for u in plan.uploads], plan.unchanged, plan.deletions,
                             plan.upload_bytes, time.monotonic() - started, True, differences,
                             target=dest.label, checked=True)
    if dry_run:
        for line in _plan_lines(plan):
            log(line)
        return PublishReport([u.file.key for u in plan.uploads], plan.unchanged, plan.deletions,
                             plan.upload_bytes, time.monotonic() - started, True, differences,
                             target=dest.label)

    if plan.uploads or plan.deletions:
        dest.prepare()
    outcome = execute(plan, dest, manifest, log=log, show_progress=progress,
                      on_progress=on_progress)
    cat.mark_published(episode_slugs(site))
    return PublishReport(outcome.uploaded, plan.unchanged, outcome.deleted, outcome.bytes,
                         time.monotonic() - started, False, differences, target=dest.label)


def _broken(published: dict[str, Entry], remote: dict[str, Remote]) -> list[str]:
    return [key for key, entry in published.items()
            if key not in remote or remote[key].size != entry.size
            or remote[key].etag != entry.etag]


def _plan_lines(plan: Plan) -> list[str]:
    """What a run would do, in the order it would do it."""
    ordered = sorted(plan.uploads, key=lambda u: u.phase)
    lines = [f"upload ({u.reason}): {u.file.key} ({_size(u.file.size)})" for u in ordered]
    lines += [f"delete: {key}" for key in sorted(plan.deletions, key=phase_of, reverse=True)]
    return lines

