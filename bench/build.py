"""Benchmark: the first `clea build` of 8 new recordings, beside plain transcodes.

Goals (issue 14): the build (measure + normalise + encode, every stage of
`clea build`) takes at most 0.8x the wall time of the plain
``ffmpeg -i x.wav -b:a 128k x.mp3`` of the same 8 files one after another,
with peak memory at most 120 MB per encode; and it scales with ``--jobs``:
1, 2 and (where the machine has them) more workers.

Every figure is a ratio to the reference measured in the same run, and the
load average is printed, as the machine may be shared. Beside each wall time:
the CPU it took (the tree's, children included) and how many cores the rest of
the machine left free meanwhile (``/proc/stat``), which bound what N workers
can give: a build that needs C times the reference's CPU cannot beat
C / min(N, free cores) of its wall time. One file's measure and encode passes
are timed alone, to show where that CPU goes. Memory: each ffmpeg's peak (one
encode), the build's Python (once, whatever the number of workers) and the
whole tree's.

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
from _measure import Measured, mb, measure  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_media", HERE / "media.py")
_bench_media = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench_media)
make_speech = _bench_media.make_speech  # the same speech-like input as bench/media.py


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def machine(got: Measured) -> str:
    """How much of the machine the run had: what else ran decides what N workers can give."""
    return (f"others used {got.others / got.seconds:.1f} of {got.cores} cores, "
            f"{got.free_cores:.1f} left")


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

        plain = Measured(0.0)
        for src in sources:
            got = measure(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src),
                           "-b:a", "128k", str(tmp / "plain.mp3")])
            plain.seconds += got.seconds
            plain.cpu += got.cpu
            plain.others += got.others
            plain.cores = got.cores
            plain.peaks["ffmpeg"] = max(plain.peaks.get("ffmpeg", 0), got.peaks.get("ffmpeg", 0))
        print(f"reference: plain ffmpeg -b:a 128k of the {args.files} files one after another "
              f"{plain.seconds:7.1f} s (CPU {plain.cpu:.1f} s; peak "
              f"{mb(plain.peaks['ffmpeg'])}; {machine(plain)})  [{load()}]", flush=True)
        passes(sources[0], tmp, plain.cpu / args.files)

        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for jobs in workers:
            archive = tmp / f"archive-{jobs}"
            make_archive(archive, sources)
            got = measure(clea("--archive", str(archive), "build", "--jobs", str(jobs)), env=env)
            ratio = got.seconds / plain.seconds
            goal = ""
            if jobs == min(cores, 2) and jobs > 1:
                goal = f"  goal <= 0.8x on 2 cores: {'met' if ratio <= 0.8 else 'MISSED'}"
            print(f"clea build --jobs {jobs:<2}     {got.seconds:7.1f} s  = {ratio:.2f}x "
                  f"the reference{goal}", flush=True)
            # The bound: the build's CPU work, spread over the cores it could have had.
            usable = min(jobs, got.free_cores) or 1.0
            print(f"    CPU {got.cpu:.1f} s = {got.cpu / plain.cpu:.2f}x the reference's; "
                  f"{machine(got)}: at best {got.cpu / usable:.1f} s = "
                  f"{got.cpu / usable / plain.seconds:.2f}x  [{load()}]", flush=True)
            python = got.peaks.get("python", 0)
            encoder = got.peaks.get("ffmpeg", 0)
            print(f"    memory: each ffmpeg at most {mb(encoder)} (goal <= 120 MB per encode: "
                  f"{'met' if encoder <= 120 * 2**20 else 'MISSED'}); the build's Python "
                  f"{mb(python)}, once; the whole tree at most {mb(got.peak)} = "
                  f"{mb(got.peak // jobs)} per worker", flush=True)
            shutil.rmtree(archive)


def passes(src: Path, tmp: Path, plain: float) -> None:
    """Where one file's time goes: clea's measure pass and encode pass, each as a
    share of one plain transcode's CPU (each run includes a Python start)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = ("import sys, pickle; from pathlib import Path; from media.loudness import measure; "
            "from media.audio import AudioSpec, encode_mp3; src = Path(sys.argv[1]); "
            "spec = AudioSpec(mono=False, lufs=-16.0, true_peak=-1.0, bitrate=128); "
            "loud = measure(src, subject=src.name, channels=2) if sys.argv[2] == 'measure' "
            "else pickle.loads(Path(sys.argv[3]).read_bytes()); "
            "Path(sys.argv[3]).write_bytes(pickle.dumps(loud)) if sys.argv[2] == 'measure' "
            "else encode_mp3(src, Path(sys.argv[4]), loud=loud, spec=spec, channels=2, "
            "subject=src.name)")
    kept = tmp / "loudness.pickle"
    start = measure([sys.executable, "-c", "import media.audio"], env=env).cpu
    took = {what: measure([sys.executable, "-c", code, str(src), what, str(kept),
                           str(tmp / "clea.mp3")], env=env).cpu - start
            for what in ("measure", "encode")}
    print(f"one file: measure pass CPU {took['measure']:.1f} s = {took['measure'] / plain:.2f}x, "
          f"encode pass {took['encode']:.1f} s = {took['encode'] / plain:.2f}x the plain "
          f"transcode's {plain:.1f} s", flush=True)

if __name__ == "__main__":
    main()
