"""Benchmark: adding a 1 GB recording (copy + hash + probe) beside `cp` + `sha256sum`.

Goal (issue 14, after issue 2): clea's one-pass ingest at least 1.8x faster
than cp and sha256sum together, peak memory under 100 MB. The load average
is printed: on a shared machine read the ratio. Every command is run
against a warm page cache, so each is measured in the same conditions.

    .venv/bin/python bench/ingest.py [--size-gb 1.0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import mb, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# This checkout's clea, whichever one the virtual environment was installed from.
CLEA = [sys.executable, "-m", "pipeline"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def make_wav(path: Path, size_gb: float) -> None:
    seconds = int(size_gb * 1024**3 / 176400)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"anoisesrc=d={seconds}:c=pink:r=44100:a=0.1", "-ac", "2", str(path)],
                   check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        tmp = Path(tmp)
        src = tmp / "enregistrement.wav"
        print(f"making a {args.size_gb:g} GB WAV…", flush=True)
        make_wav(src, args.size_gb)
        size = src.stat().st_size
        run(["cat", str(src)])  # warm the page cache for everyone
        cp_s, _ = run(["cp", str(src), str(tmp / "copy.wav")])
        sha_s, _ = run(["sha256sum", str(src)])
        os.remove(tmp / "copy.wav")
        os.sync()
        # Not the goal's reference: what the disk alone costs, as clea's store waits
        # for it (fsync) and plain cp does not.
        durable_s, _ = run(["dd", f"if={src}", f"of={tmp / 'copy.wav'}", "bs=1M",
                            "conv=fsync", "status=none"])
        os.remove(tmp / "copy.wav")
        subprocess.run([*CLEA, "init", str(tmp / "a")], check=True, capture_output=True, env=ENV)
        subprocess.run([*CLEA, "--archive", str(tmp / "a"), "series", "add", "s", "--title", "S"],
                       check=True, capture_output=True, env=ENV)
        clea_s, peak = run([*CLEA, "--archive", str(tmp / "a"), "add", str(src), "--series", "s",
                            "--title", "Banc d'essai"], env=ENV)
        ref = cp_s + sha_s
        print(f"file size                      {size / 1024**3:.2f} GiB")
        print(f"cp                             {cp_s:6.2f} s")
        print(f"sha256sum                      {sha_s:6.2f} s")
        print(f"cp + sha256sum (reference)     {ref:6.2f} s")
        print(f"copy + fsync (for information) {durable_s:6.2f} s   "
              "(the disk's share: clea's store fsyncs, cp does not)")
        print(f"clea add (copy+hash+probe)     {clea_s:6.2f} s   "
              f"{size / clea_s / 1024**2:.0f} MB/s")
        print(f"speed ratio (reference/clea)   {ref / clea_s:6.2f}x   goal >= 1.8x")
        one, five, _ = os.getloadavg()
        print(f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores")
        print(f"clea add peak memory (tree)    {mb(peak):>8}   goal < 100 MB")


if __name__ == "__main__":
    main()
