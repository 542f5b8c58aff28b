"""Shared by the benchmarks: run a command, time it, and track the peak memory
of its whole process tree (ffmpeg children included)."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Sequence

import psutil


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run(cmd: Sequence[str], *, env: dict | None = None, interval: float = 0.02) -> tuple[float, int]:
    """Run ``cmd`` to completion; return (seconds, peak RSS of the tree in bytes)."""
    start = time.perf_counter()
    popen = subprocess.Popen(list(cmd), env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    proc = psutil.Process(popen.pid)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc))
            time.sleep(interval)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _, err = popen.communicate()
    done.set()
    watcher.join()
    seconds = time.perf_counter() - start
    if popen.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed: {err.decode(errors='replace')[-500:]}")
    return seconds, peak


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"
