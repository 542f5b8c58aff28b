"""Interrupting `clea build` for real: Ctrl-C, SIGTERM and SIGKILL sent to the
command while ffmpeg is encoding. No ffmpeg outlives the command, no partial
file sits under a final name, and the next build converges."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from archive.atomic import temporary_of

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 100  # long enough that an encode is still running when the signal comes


def start_build(archive) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "--archive", str(archive.folder),
                             "build"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def ffmpeg_children(proc: subprocess.Popen) -> list[psutil.Process]:
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in children:
        try:
            if child.name() == "ffmpeg":
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def wait_for_ffmpeg(proc: subprocess.Popen) -> list[psutil.Process]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        found = ffmpeg_children(proc)
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError("the build never started ffmpeg")


def alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if temporary_of(p.name)] if folder.exists() else []


def duration(path: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "json", str(path)], capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout)["format"]["duration"])


@pytest.fixture
def recordings(archive, media):
    for n, freq in enumerate((330, 440, 550)):
        tone = media.tone(SECONDS, freq=freq, channels=1 + n % 2)
        result = archive.clea("add", str(tone), "--series", "contes", "--title",
                              f"Conte long {n + 1}", "--cleared")
        assert result.exit_code == 0, result.stderr
    return archive


def assert_no_partial_under_a_final_name(archive) -> None:
    """Every finished media file, in the cache and in the site, is whole."""
    for folder in (archive.folder / "cache" / "media", archive.folder / "site" / "media"):
        for path in folder.glob("*.mp3") if folder.exists() else []:
            assert abs(duration(path) - SECONDS) < 2, f"{path} is not a whole encode"


def assert_converges(archive) -> None:
    result = archive.clea("build")
    assert result.exit_code == 0, result.stderr
    assert "3 episodes" in result.stdout
    assert temporaries(archive.folder / "site") == []
    assert temporaries(archive.folder / "cache") == []
    assert_no_partial_under_a_final_name(archive)
    again = archive.clea("build")
    assert "0 files written" in again.stdout and "0 encodes" in again.stdout


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_stops_ffmpeg_and_keeps_nothing_half_written(recordings, sig):
    archive = recordings
    proc = start_build(archive)
    running = wait_for_ffmpeg(proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted; nothing half-written was kept" in err
    assert b"Traceback" not in err
    assert not any(alive(p) for p in running)
    assert temporaries(archive.folder / "site") == []
    assert temporaries(archive.folder / "cache") == []
    assert_no_partial_under_a_final_name(archive)
    assert_converges(archive)


def test_a_killed_build_leaves_leftovers_that_the_next_build_removes(recordings):
    archive = recordings
    proc = start_build(archive)
    running = wait_for_ffmpeg(proc)
    deadline = time.monotonic() + 60
    while not temporaries(archive.folder / "cache") and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    for p in running:  # orphans of SIGKILL: nothing can stop them but us
        if alive(p):
            p.kill()
    # What a SIGKILL leaves in the site too (a copy being tagged at that moment).
    media = archive.folder / "site" / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / ".conte-long-1.mp3.k1ll3d0x.part").write_bytes(b"half")
    assert temporaries(archive.folder / "cache") and temporaries(archive.folder / "site")
    assert_no_partial_under_a_final_name(archive)
    assert_converges(archive)
