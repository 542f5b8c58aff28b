"""Long work: build, publish, verify, and the job queue the web interface uses for them.

``build``, ``publish`` and ``verify`` are what ``clea build|publish|verify``
run and what the web's worker (``pipeline.services.jobs``) runs for a queued
job: one function each, whoever asks. Queueing checks, before anything
waits in the queue, what the job itself would refuse: who asks, to which
target, with which settings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from archive import N_, ClearError
from archive import jobs as queue
from pipeline.services.fixity import FixityReport, total_bytes, verify_archive
from pipeline.services.readiness import Finding, publish_blockers

if TYPE_CHECKING:
    from pipeline.api.library import Library
    from pipeline.build import BuildReport
    from pipeline.preserve.replica import ReplicaReport
    from pipeline.publish import PublishReport

Log = Callable[[str], None]
PUBLISH_KINDS = ("build", "publish", "build-publish")
JOB_KINDS = (*PUBLISH_KINDS, "verify")


class Work:
    """Build, publish, verify and the jobs, on ``Library``."""

    # -- the work itself -----------------------------------------------------------------

    def build(self: Library, *, out: Path | None = None, base_url: str | None = None,
              log: Log = lambda s: None, progress: bool = False,
              on_progress: Callable[[float], None] | None = None,
              jobs: int | None = None, language: str = "en") -> BuildReport:
        """The public site, feeds and media, into ``out`` (default: the archive's site/),
        encoding ``jobs`` recordings at a time (default: the cores available); its
        warnings in ``language``."""
        from pipeline.build import build

        return build(self.catalogue, self.settings, Path(out) if out else self.site,
                     base_url=base_url, log=log, progress=progress, on_progress=on_progress,
                     jobs=jobs, language=language)

    def publish(self: Library, *, to: str | None = None, named: str | None = None,
                endpoint_url: str | None = None, region: str | None = None,
                site: Path | None = None, dry_run: bool = False, check: bool = False,
                repair: bool = False, adopt: bool = False, log: Log = lambda s: None,
                progress: bool = False,
                on_progress: Callable[[int, int], None] | None = None) -> PublishReport:
        """Put the built site online.

        ``named``: a target named in clea.toml (``""``: the default one), with its
        endpoint and region unless given; otherwise ``to`` (empty: ``publish_to``).
        """
        from pipeline.publish import publish

        settings = self.settings
        if named is not None:
            chosen = settings.target(named)
            to = chosen.to
            endpoint_url = chosen.endpoint_url if endpoint_url is None else endpoint_url
            region = chosen.region if region is None else region
        return publish(self.catalogue, settings, Path(site) if site else self.site, to or "",
                       endpoint_url=endpoint_url, region=region, dry_run=dry_run, check=check,
                       repair=repair, adopt=adopt, log=log, progress=progress,
                       on_progress=on_progress)

    def verify(self: Library, progress: Callable[[int], None] | None = None) -> FixityReport:
        """Re-read every original against its SHA-256; problems are listed, not raised."""
        return verify_archive(self.catalogue, progress)

    def originals_bytes(self: Library) -> int:
        """What ``verify`` will read, for a progress bar."""
        return total_bytes(self.catalogue)

    def verify_replica(self: Library, *, repair: bool = False,
                       progress: Callable[[int], None] | None = None) -> ReplicaReport:
        """Check (and with ``repair``, send again) every original on the replica."""
        from pipeline.preserve.replica import replica_store, verify_replica

        store = replica_store(self.settings)
        if store is None:
            raise ClearError(N_("no replica is set: add [replica] url = \"s3://BUCKET/PREFIX\" "
                                "to clea.toml"), self.folder, code="replica.unset")
        return verify_replica(self.catalogue, store, repair=repair, progress=progress)

    def publish_blockers(self: Library) -> list[Finding]:
        """What makes a publish refuse now (the settings as clea.toml says now)."""
        return publish_blockers(self.current_settings())

    def publish_targets(self: Library) -> list:
        """The targets named in clea.toml now: a job may publish to these only."""
        return self.current_settings().publish_targets()

    # -- the queue -------------------------------------------------------------------------

    def queue_job(self: Library, kind: str, target: str = "") -> queue.Job:
        """Queue a build, publish, build-and-publish or verify; the same job already
        waiting is returned instead of a second one.

        Building and publishing are a responsable's; a publish goes only to a
        target named in clea.toml, and not while the settings would make it
        refuse (so nothing waits in the queue only to fail).
        """
        if kind not in JOB_KINDS:
            raise ClearError(N_("unknown kind of job {kind!r}"), code="job.unknown-kind",
                             kind=kind)
        params: dict[str, str] = {}
        if kind in PUBLISH_KINDS:
            if not self.actor.is_responsable:
                raise ClearError(N_("only a responsable may build or publish"),
                                 self.actor.name, code="job.not-allowed")
        if kind != "build" and kind != "verify":
            names = [t.name for t in self.publish_targets()]
            if target not in names:
                raise ClearError(N_("unknown publish target {name!r}: choose one of those "
                                    "named in clea.toml"), code="job.unknown-target",
                                 field="target", name=target)
            blockers = self.publish_blockers()
            if blockers:
                raise ClearError(N_("the site is not ready to be public: {findings}"),
                                 code="job.not-ready",
                                 findings=blockers)
            params = {"target": target}
        job, _created = queue.enqueue(self.catalogue.conn, kind, params, self.actor.name)
        return job

    def job(self: Library, job_id: int) -> queue.Job | None:
        return queue.find(self.catalogue.conn, job_id)

    def last_job(self: Library, kinds: tuple[str, ...]) -> queue.Job | None:
        return queue.last(self.catalogue.conn, kinds)

    def recent_jobs(self: Library, kinds: tuple[str, ...], limit: int = 20) -> list[queue.Job]:
        return queue.recent(self.catalogue.conn, kinds=kinds, limit=limit)

    def run_next_job(self: Library) -> queue.Job | None:
        """Claim the oldest waiting job and run it to its end (the worker's step)."""
        from pipeline.services.jobs import run_job

        job = queue.claim_next(self.catalogue.conn)
        return run_job(self.catalogue, job) if job is not None else None

    def end_abandoned_jobs(self: Library, reason: str) -> int:
        """Jobs left running by a server that died are failed, with ``reason``."""
        return queue.fail_abandoned(self.catalogue.conn, reason)
