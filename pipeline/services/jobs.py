"""The background worker of the web interface: runs queued jobs one at a time.

Kinds: ``build``, ``publish``, ``build-publish`` and ``verify``. Each calls the
same ``Library`` method as its command (``clea build``, ``clea publish``,
``clea verify``); the worker only turns their log lines and progress into rows
of the ``jobs`` table, so any page (and a restarted server) can show them.
The worker has its own catalogue connection: a sqlite3 connection is never
shared between threads here.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from archive import Catalogue, ClearError
from archive import jobs as queue
from archive.errors import disk_full
from media import MediaError
from pipeline.plumbing.credentials import hide
from pipeline.plumbing.i18n import translator

KINDS = ("build", "publish", "build-publish", "verify")
# The job log is read in the web interface, which is French: its lines are too.
JOB_LANGUAGE = "fr"
_ABANDONED = "Interrompu : le serveur s'est arrêté pendant ce travail."


class JobLog:
    """What a running job reports: log lines and progress, throttled for the database."""

    def __init__(self, cat: Catalogue, job_id: int) -> None:
        self.cat, self.job_id = cat, job_id
        self._last = 0.0
        self._shown = -1.0

    def line(self, text: str) -> None:
        # Every account reads job logs: no key from an address or a host's message.
        for part in hide(str(text)).splitlines() or [""]:
            queue.update(self.cat.conn, self.job_id, line=part)

    def progress(self, fraction: float) -> None:
        # Writing every callback would be thousands of transactions for a big
        # verify; a few per second are enough for a page polling each second.
        now = time.monotonic()
        if fraction >= 1 or fraction - self._shown >= 0.01 or now - self._last >= 0.5:
            queue.update(self.cat.conn, self.job_id, progress=fraction)
            self._last, self._shown = now, fraction


def run_job(cat: Catalogue, job: queue.Job) -> queue.Job:
    """Run one claimed job to its end and record how it ended; never raises."""
    log = JobLog(cat, job.id)
    try:
        result = _RUNNERS[job.kind](cat, job.params, log)
    except (ClearError, MediaError) as exc:
        # The job log is read in the web interface, in French like the rest of it.
        reason = exc.line(translator(JOB_LANGUAGE))
        return queue.finish(cat.conn, job.id, ok=False, line=hide(f"Échec : {reason}"))
    except Exception as exc:  # noqa: BLE001 - a bug must not kill the worker; keep its trace
        full = disk_full(exc, cat.folder / "catalogue.sqlite")
        if full is not None:
            return queue.finish(cat.conn, job.id, ok=False,
                                line=hide(f"Échec : {full.line(translator(JOB_LANGUAGE))}"))
        trace = "".join(traceback.format_exception(exc)).rstrip()
        return queue.finish(cat.conn, job.id, ok=False,
                            line=hide(f"Erreur interne ({type(exc).__name__}: {exc})\n{trace}"))
    ok = result.pop("ok", True)
    return queue.finish(cat.conn, job.id, ok=ok, result=result,
                        line="Terminé." if ok else "Terminé avec des problèmes.")


def _library(cat: Catalogue):  # noqa: ANN202 - pipeline.api.Library, imported late
    """The archive as the command line sees it: the job was checked when it was queued
    (``Library.queue_job``) for the account that asked for it."""
    from pipeline.api import Library

    return Library(cat)


def _build(cat: Catalogue, params: dict, log: JobLog, span=(0.0, 1.0)) -> dict:
    start, width = span
    log.line("Construction du site…")
    report = _library(cat).build(base_url=params.get("base_url") or None, log=log.line,
                                 on_progress=lambda f: log.progress(start + width * f),
                                 language=JOB_LANGUAGE)
    log.line(report.summary(JOB_LANGUAGE))
    failed = _count(report.failed)
    return {"items": _count(report.items), "written": _count(report.written), "failed": failed,
            "summary": report.summary(JOB_LANGUAGE), "ok": not failed}


def _publish(cat: Catalogue, params: dict, log: JobLog, span=(0.0, 1.0)) -> dict:
    """Publish to a target named in the settings, never to a path from the request.

    A job's ``target`` is the name of one of ``settings.publish_targets()`` (empty:
    the default one); a job queued with anything else fails with the reason.
    """
    start, width = span
    lib = _library(cat)
    chosen = lib.settings.target(str(params.get("target") or ""))

    def progress(done: int, total: int) -> None:
        log.progress(start + width * (done / total if total else 1.0))

    log.line(f"Publication vers « {chosen.name} » ({chosen.to})…")
    report = lib.publish(named=chosen.name, log=log.line, on_progress=progress)
    log.line(report.summary(JOB_LANGUAGE))
    return {"target": hide(report.target or chosen.to), "uploaded": _count(report.uploaded),
            "unchanged": _count(report.unchanged), "deleted": _count(report.deleted),
            "bytes": report.bytes, "seconds": round(report.seconds, 1),
            "summary": report.summary(JOB_LANGUAGE)}


def _count(value) -> int:
    """Reports count things either as numbers or as the lists of those things."""
    if isinstance(value, list | tuple | set | frozenset | dict):
        return len(value)
    return int(value or 0)


def _build_publish(cat: Catalogue, params: dict, log: JobLog) -> dict:
    from pipeline.services.readiness import require_ready

    settings = _library(cat).settings  # refuse before a long build what the publish would
    settings.target(str(params.get("target") or ""))  # refuse
    require_ready(settings)
    built = _build(cat, params, log, span=(0.0, 0.5))
    if not built["ok"]:
        log.line("La construction a échoué pour certains enregistrements : pas de publication.")
        return {"build": built, "ok": False}
    published = _publish(cat, params, log, span=(0.5, 0.5))
    return {"build": built, "publish": published}


def _verify(cat: Catalogue, params: dict, log: JobLog) -> dict:
    lib = _library(cat)
    total = lib.originals_bytes() or 1
    done = 0

    def progress(n: int) -> None:
        nonlocal done
        done += n
        log.progress(done / total)

    log.line("Vérification des originaux…")
    report = lib.verify(progress)
    for problem in report.lines(JOB_LANGUAGE):
        log.line(problem)
    log.line(report.summary(JOB_LANGUAGE))
    return {"checked": report.checked, "bytes": report.bytes, "problems": report.problems,
            "ok": report.ok}


_RUNNERS: dict[str, Callable[[Catalogue, dict, JobLog], dict]] = {
    "build": _build, "publish": _publish, "build-publish": _build_publish, "verify": _verify,
}


class Worker:
    """One thread that runs the archive's queued jobs, one at a time.

    ``wake()`` after queueing a job; the worker also looks for jobs now and
    then, so one queued by another process (a second server) is not forgotten.
    """

    def __init__(self, folder: Path, *, idle_seconds: float = 5.0) -> None:
        self.folder = Path(folder)
        self.idle_seconds = idle_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with Catalogue.open(self.folder) as cat:
            queue.fail_abandoned(cat.conn, _ABANDONED)
        self._thread = threading.Thread(target=self._loop, name="clea-jobs", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        with Catalogue.open(self.folder) as cat:
            while not self._stop.is_set():
                job = queue.claim_next(cat.conn)
                if job is not None:
                    run_job(cat, job)
                    continue
                self._wake.wait(self.idle_seconds)
                self._wake.clear()
