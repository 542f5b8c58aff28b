"""Carry out a plan: uploads phase by phase, then deletions, recording each landing.

Transfers run on a thread pool; everything else (the manifest, the progress
bar, the caller's callback) happens in the calling thread as each transfer
finishes, so the SQLite connection is used from one thread only and a callback
that raises stops the publish cleanly.

A phase starts only when the previous one has fully landed. When a transfer
fails (after botocore's own retries), nothing more is started, transfers
already running are allowed to finish and are recorded, and the error is
raised: the feeds of this build never go out while a file they name is
missing, and the next run resumes from the manifest.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from archive.errors import N_
from archive.manifest import Entry, Manifest
from pipeline.plumbing.progress import bar
from pipeline.publish.plan import PHASE_NAMES, PHASES, Plan, Upload
from pipeline.publish.target import Landed, Target

TICK = 0.2  # seconds between progress updates while a large file is going up


@dataclass
class Outcome:
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    bytes: int = 0


class _Counter:
    """Bytes sent so far, added to from transfer threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def add(self, amount: int) -> None:
        with self._lock:
            self.value += amount


class _Progress:
    """The bar (bytes, with files as a postfix) and the caller's callback."""

    def __init__(self, plan: Plan, show: bool,
                 callback: Callable[[int, int], None] | None) -> None:
        self.total = plan.upload_bytes
        self.files_total = len(plan.uploads)
        self.files = 0
        self.sent = _Counter()
        self.shown = 0
        self.callback = callback
        self.bar = bar(self.total, N_("publishing")) if show and plan.uploads else None

    def file_done(self) -> None:
        self.files += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.files}/{self.files_total} files", refresh=False)

    def tick(self) -> None:
        done = min(self.sent.value, self.total)
        if done == self.shown:
            return
        if self.bar is not None:
            self.bar.update(done - self.shown)
        self.shown = done
        if self.callback is not None:
            self.callback(done, self.total)

    def say(self, log: Callable[[str], None], line: str) -> None:
        """Log a line without tearing the bar (tqdm clears and redraws it)."""
        if self.bar is None:
            log(line)
            return
        with self.bar.external_write_mode():
            log(line)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_pool(items: Iterable[Any], work: Callable[[Any], Any], workers: int,
             landed: Callable[[Any, Any], None], tick: Callable[[], None]) -> None:
    """Run ``work(item)`` on a pool; ``landed(item, result)`` here as each succeeds.

    Stops starting new work at the first failure and re-raises it once the
    running work has finished. If ``landed`` or ``tick`` raise (a stop asked
    by the caller), running work is still waited for and recorded.
    """
    items = list(items)
    if not items:
        return
    failure: BaseException | None = None
    # Finished futures arrive through a queue: O(1) each, where wait() over
    # thousands of pending futures would cost O(n) per completion.
    finished: queue.SimpleQueue[Future] = queue.SimpleQueue()
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        pending: dict[Future, Any] = {}
        for item in items:
            future = pool.submit(work, item)
            pending[future] = item
            future.add_done_callback(finished.put)
        try:
            while pending:
                try:
                    future = finished.get(timeout=TICK)
                except queue.Empty:
                    tick()
                    continue
                item = pending.pop(future)
                if future.cancelled():
                    continue
                error = future.exception()
                if error is not None:
                    if failure is None:
                        failure = error
                        for other in pending:
                            other.cancel()
                    continue
                landed(item, future.result())
                tick()
        except BaseException:
            _drain(pending, landed)
            raise
    if failure is not None:
        raise failure


def _drain(pending: dict[Future, Any], landed: Callable[[Any, Any], None]) -> None:
    """After a stop: cancel what has not started, record what finishes anyway."""
    for future in pending:
        future.cancel()
    for future, item in pending.items():
        if future.cancelled():
            continue
        try:
            result = future.result()
        except Exception:  # noqa: BLE001 - it failed; it stays out of the manifest
            continue
        landed(item, result)


def execute(plan: Plan, target: Target, manifest: Manifest, *, log: Callable[[str], None],
            show_progress: bool, on_progress: Callable[[int, int], None] | None) -> Outcome:
    outcome = Outcome()
    manifest.touch(plan.touched)
    progress = _Progress(plan, show_progress, on_progress)

    def upload(job: Upload) -> Landed:
        return target.put(job.file, job.headers, progress.sent.add)

    def uploaded(job: Upload, landed: Landed) -> None:
        f = job.file
        manifest.record(Entry(f.key, f.size, f.mtime_ns, landed.sha256, landed.etag,
                              job.headers.fingerprint()))
        outcome.uploaded.append(f.key)
        outcome.bytes += f.size
        progress.file_done()

    def deleted(key: str, _: None) -> None:
        manifest.forget(key)
        outcome.deleted.append(key)

    try:
        for phase in PHASES:
            # Largest first: the big media's parts then overlap the many small files
            # instead of trailing alone at the end of the phase.
            jobs = sorted(plan.uploads_in(phase), key=lambda u: -u.file.size)
            if jobs:
                progress.say(log, f"uploading {len(jobs)} file(s): {PHASE_NAMES[phase]}")
            run_pool(jobs, upload, target.workers, uploaded, progress.tick)
        progress.tick()
        for phase in reversed(PHASES):
            keys = plan.deletions_in(phase)
            if keys:
                progress.say(log, f"deleting {len(keys)} file(s) no longer in the site: "
                                  f"{PHASE_NAMES[phase]}")
            run_pool(keys, target.delete, target.workers, deleted, lambda: None)
    finally:
        progress.close()
    return outcome
