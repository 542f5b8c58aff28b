"""`clea build --jobs N`: recordings are encoded N at a time by the real command,
and a recording that fails in one worker is reported while the others build."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

from .test_interrupt import ffmpeg_children, temporaries

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 100  # long enough that two encodes overlap for a while


def add(archive, path: Path, title: str) -> str:
    result = archive.clea("add", str(path), "--series", "contes", "--title", title, "--cleared")
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def run_build(archive, *args: str) -> tuple[int, str, str, int]:
    """Run `clea build` as a process; returns (status, stdout, stderr, most ffmpeg at once)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "--archive", str(archive.folder),
                             "build", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    most = 0
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        most = max(most, len(ffmpeg_children(proc)))
        time.sleep(0.02)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out.decode(), err.decode(), most


def test_jobs_2_encodes_two_recordings_at_once_and_a_broken_one_fails_alone(archive, media):
    slugs = [add(archive, media.tone(SECONDS, freq=300 + 110 * n, channels=1 + n % 2),
                 f"Conte long {n + 1}") for n in range(3)]
    broken = add(archive, media.tone(4, freq=770), "Conte abîmé")
    # The original in the store becomes garbage: ffmpeg fails inside its worker.
    stored = archive.catalogue.original_path(archive.catalogue.item(broken).original.sha256)
    os.chmod(stored, 0o644)
    stored.write_bytes(os.urandom(64 * 1024))

    status, out, err, most = run_build(archive, "--jobs", "2")

    assert most == 2, f"at most {most} ffmpeg ran at once"
    assert status == 1, err
    assert f"failed: {broken}:" in err and "Traceback" not in err
    assert "3 encodes" in out and "1 failed" in out
    for slug in slugs:
        assert (archive.folder / "site" / "media" / f"{slug}.mp3").stat().st_size > 0
    assert not (archive.folder / "site" / "media" / f"{broken}.mp3").exists()
    assert temporaries(archive.folder / "site") == []
    assert temporaries(archive.folder / "cache") == []


def test_jobs_1_encodes_one_recording_at_a_time(archive, media):
    for n in range(2):
        add(archive, media.tone(SECONDS / 2, freq=300 + 110 * n), f"Conte {n + 1}")

    status, out, err, most = run_build(archive, "--jobs", "1")

    assert status == 0, err
    assert most == 1 and "2 encodes" in out


def test_the_longest_recording_is_encoded_first(archive, media):
    add(archive, media.tone(4, freq=440), "Conte court")
    long = add(archive, media.tone(SECONDS / 2, freq=550), "Conte long")
    stored = str(archive.catalogue.original_path(archive.catalogue.item(long).original.sha256))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "--archive", str(archive.folder),
                             "build", "--jobs", "1"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    first = None
    deadline = time.monotonic() + 300
    while first is None and proc.poll() is None and time.monotonic() < deadline:
        for child in ffmpeg_children(proc):
            with contextlib.suppress(psutil.NoSuchProcess):
                first = child.cmdline()
        time.sleep(0.01)
    out, err = proc.communicate(timeout=300)

    assert proc.returncode == 0, err.decode()
    assert first is not None and stored in first, first


def test_jobs_must_be_a_positive_number(archive):
    result = archive.clea("build", "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr
