"""Benchmark: the first `clea build` of 8 new recordings, beside plain transcodes.

Goals (issue 14): the build (measure + normalise + encode, every stage of
`clea build`) takes at most 0.8x the wall time of the plain
``ffmpeg -i x.wav -b:a 128k x.mp3`` of the same 8 files one after another,
with peak memory at most 120 MB per encode; and it scales with ``--jobs``:
1, 2 and (where the machine has them) more workers.

Every figure is a ratio to the reference measured in the same run, and the
load average is printed, as the machine may be shared.

    .venv/bin/python bench/build.py [--minutes 10] [--files 8]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from _measure import mb, run  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_media", HERE / "media.py")
_bench_media = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench_media)
make_speech = _bench_media.make_speech  # the same speech-like input as bench/media.py


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def clea(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def make_archive(folder: Path, sources: list[Path]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(clea("init", str(folder), "--title", "Banc d'essai", "--base-url",
                        "https://example.org/"), env=env, check=True, capture_output=True)
    subprocess.run(clea("--archive", str(folder), "series", "add", "contes", "--title",
                        "Contes"), env=env, check=True, capture_output=True)
    for n, src in enumerate(sources):
        subprocess.run(clea("--archive", str(folder), "add", str(src), "--series", "contes",
                            "--title", f"Conte {n + 1}", "--cleared"),
                       env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--files", type=int, default=8)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    workers = sorted({1, 2, cores})
    print(f"build bench: {args.files} recordings of {args.minutes:g} min; {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="clea-bench-build-") as tmp:
        tmp = Path(tmp)
        one = make_speech(tmp, int(args.minutes) if args.minutes >= 1 else 1)
        sources = []
        for n in range(args.files):  # distinct files (distinct hashes), same speech
            src = tmp / f"conte-{n}.wav"
            subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(one), "-t",
                            f"{args.minutes * 60:g}", "-af", f"volume={-n * 0.5}dB",
                            str(src)], check=True)
            sources.append(src)
        subprocess.run(["cat", *map(str, sources)], stdout=subprocess.DEVNULL, check=True)

        plain = 0.0
        for src in sources:
            seconds, _ = run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src),
                              "-b:a", "128k", str(tmp / "plain.mp3")])
            plain += seconds
        print(f"reference: plain ffmpeg -b:a 128k of the {args.files} files one after another "
              f"{plain:7.1f} s", flush=True)

        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for jobs in workers:
            archive = tmp / f"archive-{jobs}"
            make_archive(archive, sources)
            seconds, peak = run(clea("--archive", str(archive), "build", "--jobs", str(jobs)),
                                env=env)
            goal = "  goal <= 0.8x on 2 cores" if jobs == min(cores, 2) and jobs > 1 else ""
            print(f"clea build --jobs {jobs:<2}     {seconds:7.1f} s  = {seconds / plain:.2f}x "
                  f"the reference{goal}; peak of the whole tree (Python + {jobs} ffmpeg) "
                  f"{mb(peak)} = {mb(peak // jobs)} per encode (goal <= 120 MB)  [{load()}]", flush=True)
            shutil.rmtree(archive)


if __name__ == "__main__":
    main()
