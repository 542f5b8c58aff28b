"""The one door to ffmpeg and ffprobe: every call goes through ``run``.

A failure becomes a ``MediaError`` naming the file a person knows (not our
temporary copy) and ffmpeg's own first error line, so a librarian reads
"interview.mp3: not an audio or video file (Invalid data found…)".
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .errors import N_, MediaError, Term

FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"


def require_tools() -> None:
    for tool in (FFMPEG, FFPROBE):
        if shutil.which(tool) is None:
            raise MediaError(N_("{tool} is not installed (run `make demo` or apt-get install "
                                "ffmpeg)"), code="media.tool-missing", tool=tool)


def run(args: Sequence[str | Path], *, subject: str | Path, what: str, code: str,
        tool: str = FFMPEG, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ffmpeg/ffprobe quietly; raise MediaError("<what> (<first error>)") on failure.

    ``what`` is the English for what failed, marked with ``N_`` by the caller
    (it is translated with the error); ``code`` is the error's code.
    """
    cmd = [tool, "-nostdin", "-hide_banner", *map(str, args)] if tool == FFMPEG else [
        tool, *map(str, args)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    except FileNotFoundError:
        require_tools()
        raise
    if check and proc.returncode != 0:
        _disk_full(proc.stderr)
        raise _failed(what, code, subject, proc.stderr)
    return proc


def _disk_full(stderr: str) -> None:
    """A full disk is not a bad recording: raise it as the OSError it is, so the
    whole build stops and says so (the writer's ``atomic_path`` names the file)."""
    if os.strerror(errno.ENOSPC) in stderr or "No space left on device" in stderr:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def first_error(stderr: str) -> str:
    """The most telling line of ffmpeg's stderr, without addresses and our temp path."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    if not lines:
        return "no message"
    for line in lines:
        if "Invalid" in line or "error" in line.lower() or "partial" in line:
            return _clean(line)
    return _clean(lines[-1])


def _clean(line: str) -> str:
    if line.startswith("[") and "] " in line:
        line = line.split("] ", 1)[1]
    if ": " in line and ("/" in line.split(": ", 1)[0]):
        line = line.split(": ", 1)[1]
    return line[:200]


def probe_json(path: Path, *, subject: str | Path) -> dict:
    proc = run(
        ["-v", "error", "-show_format", "-show_streams", "-of", "json", path],
        subject=subject, what=N_("not an audio or video file"), code="media.not-media",
        tool=FFPROBE,
    )
    try:
        return json.loads(proc.stdout or "{}")
    except json.JSONDecodeError as exc:
        raise MediaError(N_("not an audio or video file (unreadable probe)"), subject,
                         code="media.not-media.unreadable-probe", field="file") from exc


def run_progress(args: Sequence[str | Path], *, subject: str | Path, what: str, code: str,
                 on_time: Callable[[float], None] | None = None) -> str:
    """Run a long ffmpeg job, reporting each second of media done; return its stderr.

    ffmpeg writes its progress to a pipe we read line by line and its log to a
    temporary file, so neither can fill up and block, and memory stays flat
    however long the recording. If we are interrupted, ffmpeg is stopped too.
    """
    cmd = [FFMPEG, "-nostdin", "-hide_banner", "-nostats", "-progress", "pipe:1", *map(str, args)]
    with tempfile.TemporaryFile() as err:
        group = _group()
        if group is not None and group.stopped:
            raise KeyboardInterrupt  # the build is being stopped: start nothing more
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        except FileNotFoundError:
            require_tools()
            raise
        if group is not None:
            group._add(proc)
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if on_time and line.startswith("out_time_us="):
                    value = line.split("=", 1)[1].strip()
                    if value.isdigit():
                        on_time(int(value) / 1_000_000)
            returncode = proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if group is not None:
                group._discard(proc)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    if returncode != 0:
        if group is not None and group.stopped:
            raise KeyboardInterrupt  # killed by ``Children.stop``: not the recording's fault
        _disk_full(stderr)
        raise _failed(what, code, subject, stderr)
    return stderr


class Piped:
    """An ffmpeg reading its input from a pipe that the caller fills (``write``).

    Its progress and log go to temporary files, so it never waits on us;
    writing waits on it (the pipe is its pace). ``close`` ends its input and
    waits for it; ``kill`` stops it at once. Either may be called from another
    thread than the one writing; ``close`` must be called in the end (after a
    ``kill`` too), by the writer.
    """

    def __init__(self, args: Sequence[str | Path]) -> None:
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        cmd = [FFMPEG, "-hide_banner", "-nostats", "-progress", "pipe:1", *map(str, args)]
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=self._out,
                                          stderr=self._err, bufsize=0)
        except FileNotFoundError:
            self._out.close()
            self._err.close()
            require_tools()
            raise

    def write(self, data: bytes | memoryview) -> bool:
        """Give ffmpeg more input; False once it reads no more (it stopped, or was killed)."""
        view = memoryview(data)
        try:
            assert self._proc.stdin is not None
            while view:  # a pipe may take part of it (a signal in between)
                view = view[self._proc.stdin.write(view) or 0:]
        except (OSError, ValueError):  # a broken pipe, or closed by ``kill``
            return False
        return True

    def close(self) -> tuple[int, str, str]:
        """End the input, wait for ffmpeg; its exit status, progress lines and log."""
        with contextlib.suppress(OSError, ValueError):
            assert self._proc.stdin is not None
            self._proc.stdin.close()
        returncode = self._proc.wait()
        texts = []
        for file in (self._out, self._err):
            file.seek(0)
            texts.append(file.read().decode("utf-8", errors="replace"))
            file.close()
        return returncode, texts[0], texts[1]

    def kill(self) -> None:
        """Stop ffmpeg now: the writer's next ``write`` returns False."""
        with contextlib.suppress(OSError):
            self._proc.kill()


class Children:
    """The ffmpeg processes started by a set of worker threads, so one call stops them all.

    A build that encodes in parallel runs each ffmpeg from a worker thread; an
    interrupt (Ctrl-C, SIGTERM) reaches only the main thread, which calls
    ``stop``: every running child is killed at once and any later start in a
    worker of this group fails at once, so the workers unwind (removing their
    temporary files) instead of finishing their recordings. A worker joins the
    group with ``with children.joined():``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen] = set()
        self.stopped = False

    @contextlib.contextmanager
    def joined(self) -> Iterator[None]:
        previous = getattr(_local, "children", None)
        _local.children = self
        try:
            yield
        finally:
            _local.children = previous

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            running = list(self._running)
        for proc in running:
            with contextlib.suppress(OSError):
                proc.kill()

    def _add(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._running.add(proc)
            stopped = self.stopped
        if stopped:
            proc.kill()

    def _discard(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._running.discard(proc)


_local = threading.local()


def _group() -> Children | None:
    return getattr(_local, "children", None)


def _failed(what: str, code: str, subject: str | Path, stderr: str) -> MediaError:
    return MediaError(N_("{what} ({error})"), subject, code=code, what=Term(what),
                      error=first_error(stderr))
