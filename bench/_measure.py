"""Shared by the benchmarks: run a command, time it, and track the peak memory
of its whole process tree (ffmpeg children included), the CPU it used and the
CPU the rest of the machine used meanwhile.

The tree is walked through ``/proc/<pid>/task/<tid>/children`` and read from
``/proc/<pid>/status``, not with psutil's whole-process-table scan: on a small
machine that scan, every 20 ms, took about 15 % of a core away from the
command being measured. Each process's own peak is its kernel high-water mark
(``VmHWM``), so a short spike between two polls is not missed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")


@dataclass
class Measured:
    """What one run cost."""

    seconds: float  # wall time
    peak: int = 0  # bytes: the largest sum of the tree's resident sizes seen at one poll
    peaks: dict[str, int] = field(default_factory=dict)  # process name -> its largest VmHWM
    cpu: float = 0.0  # user + system seconds of the command and every child it waited for
    others: float = 0.0  # CPU seconds the rest of the machine used during the run
    cores: int = 1

    @property
    def free_cores(self) -> float:
        """Cores left to the command on average: the machine's, minus what others used."""
        return max(0.0, self.cores - self.others / self.seconds) if self.seconds else 0.0


def _busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (``/proc/stat``)."""
    fields = (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in (PROC / str(p) / "task").iterdir():
                todo += map(int, (task / "children").read_text().split())
        except OSError:  # gone meanwhile
            pass
    return pids


def _status(pid: int) -> tuple[str, int, int] | None:
    """(name, VmRSS, VmHWM) in bytes, or None if the process is gone."""
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return None
    got = dict(line.split(":", 1) for line in lines if ":" in line)
    try:
        return (got["Name"].strip(), int(got["VmRSS"].split()[0]) * 1024,
                int(got["VmHWM"].split()[0]) * 1024)
    except (KeyError, ValueError, IndexError):  # a zombie has no memory lines
        return None


def measure(cmd: Sequence[str], *, env: dict | None = None, interval: float = 0.1) -> Measured:
    """Run ``cmd`` to completion and return what it cost (see ``Measured``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy, own = _busy(), time.process_time()
    start = time.perf_counter()
    popen = subprocess.Popen(list(cmd), env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    got = Measured(0.0, cores=os.cpu_count() or 1)
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            total = 0
            for pid in _tree(popen.pid):
                status = _status(pid)
                if status is not None:
                    name, rss, hwm = status
                    total += rss
                    got.peaks[name] = max(got.peaks.get(name, 0), hwm)
            got.peak = max(got.peak, total)
            done.wait(interval)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _, err = popen.communicate()
    done.set()
    watcher.join()
    got.seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    got.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The command's CPU and this poller's are not "the others".
    got.others = max(0.0, _busy() - busy - got.cpu - (time.process_time() - own))
    if popen.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed: {err.decode(errors='replace')[-500:]}")
    return got


def run(cmd: Sequence[str], *, env: dict | None = None, interval: float = 0.1) -> tuple[float, int]:
    """Run ``cmd`` to completion; return (seconds, peak RSS of the tree in bytes)."""
    got = measure(cmd, env=env, interval=interval)
    return got.seconds, got.peak


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"
