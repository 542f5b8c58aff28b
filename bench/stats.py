"""Benchmark: `clea stats import` of 200,000 and 1,000,000 gzipped log lines, beside
`zcat | wc -l` and a Python loop that only splits the lines, in the same run.

The import streams: its peak memory should be the same for both sizes (it
holds the last day's listeners, not the log). Each import runs in a fresh
archive copy, as the real `clea` command, in its own process.

    .venv/bin/python bench/stats.py [--lines 1000000]
"""

from __future__ import annotations

import argparse
import gzip
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _measure import mb, run  # noqa: E402

CLEA = str(Path(sys.executable).with_name("clea"))
AGENTS = ["Podcasts/1555.2.1 CFNetwork/1408.0.4 Darwin/22.5.0",
          "Spotify/8.9.28 Android/34 (SM-A546B)", "AntennaPod/3.4.0",
          "PodcastAddict/v5 (Linux;Android 14) ExoPlayerLib/2.19.1",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/128.0.0.0 Safari/537.36"]


def make_archive(folder: Path) -> list[tuple[str, int]]:
    from archive import Catalogue, ItemFields
    from pipeline.build import build
    from pipeline.plumbing import config
    from pipeline.services.ingest import Recording, add_recording
    from pipeline.services.stats.importer import episode_files

    tone = folder.parent / "tone.wav"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=f=440:d=120", str(tone)], check=True)
    cat = Catalogue.create(folder)
    config.write_initial(folder, title="Bench", base_url="https://podcasts.example.org/")
    cat.add_series("contes", "Contes")
    for n in range(3):
        add_recording(cat, Recording(file=tone, series="contes", cleared=True,
                                     fields=ItemFields(title=f"Épisode {n + 1}")), actor="bench")
        tone.write_bytes(tone.read_bytes()[:-4] + bytes([n + 1] * 4))
    build(cat, config.load(folder), folder / "site")
    eps = [(p, e.size) for p, e in episode_files(cat).items()]
    cat.close()
    return eps


def make_log(path: Path, lines: int, episodes: list[tuple[str, int]]) -> None:
    """``lines`` combined lines over 30 days from 20,000 listeners, in time order."""
    rng = random.Random(lines)
    start = 1762128000
    step = 30 * 86400 / lines
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as out:
        for n in range(lines):
            t = time.gmtime(start + n * step)
            ep, size = rng.choice(episodes)
            ip = f"10.{rng.randrange(80)}.{rng.randrange(250)}.{rng.randrange(1, 250)}"
            status, sent = (200, size) if rng.random() < 0.5 else (206, size // 5)
            out.write(f'{ip} - - [{time.strftime("%d/%b/%Y:%H:%M:%S +0000", t)}] '
                      f'"GET /{ep} HTTP/1.1" {status} {sent} "-" "{rng.choice(AGENTS)}"\n')


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


SPLIT = ("import gzip,sys\nn=0\nfor line in gzip.open(sys.argv[1],'rt',encoding='utf-8'):\n"
         "    n+=len(line.split())\nprint(n)\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "archive"
        episodes = make_archive(base)
        print(f"{'lines':>10} {'zcat|wc -l':>11} {'py split':>9} {'clea import':>12} "
              f"{'peak RSS':>9} {'lines/s':>9}")
        for lines in (args.lines // 5, args.lines):
            log = Path(tmp) / f"access-{lines}.log.gz"
            make_log(log, lines, episodes)
            wc = timed(["sh", "-c", f"zcat {log} | wc -l"])
            split = timed([sys.executable, "-c", SPLIT, str(log)])
            copy = Path(tmp) / f"copy-{lines}"
            shutil.copytree(base, copy)
            seconds, peak = run([CLEA, "--archive", str(copy), "stats", "import", str(log)])
            print(f"{lines:>10} {wc:>10.2f}s {split:>8.2f}s {seconds:>11.2f}s "
                  f"{mb(peak):>9} {lines / seconds:>9.0f}")


if __name__ == "__main__":
    main()
