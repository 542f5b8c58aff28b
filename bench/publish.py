"""Benchmark: `clea publish` beside `aws s3 sync`, same folder, same S3 server, same run.

Starts moto's S3 server on loopback in its own process, writes a synthetic
built site (2,000 small files and 3 x 20 MB videos), then times, as separate
processes so both pay their start-up:

- the first publish of the whole site (clea, then aws s3 sync to a second bucket);
- a no-op publish with nothing changed (median of several runs each).

Targets from issue 6: the first publish no slower than aws s3 sync; the no-op
at least 3x faster. Run: .venv/bin/python bench/publish.py [--small N] [--large N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from archive import Catalogue  # noqa: E402
from pipeline.plumbing import config  # noqa: E402

MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1).read()
            return proc, url
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("moto_server did not start") from None
            time.sleep(0.1)  # polling a server we just started, not waiting on our own work


def write_site(site: Path, small: int, large: int, large_mb: int) -> tuple[int, int]:
    """A site shaped like a build: pages, side files, search fragments, feeds, big media."""
    rnd = os.urandom
    total = 0
    kinds = [("episodes/ep-{i:04d}/index.html", 6000), ("media/ep-{i:04d}.vtt", 1500),
             ("media/ep-{i:04d}.jpg", 9000), ("pagefind/fragment/fr_{i:08x}.pf_fragment", 800)]
    for i in range(small):
        pattern, size = kinds[i % len(kinds)]
        path = site / pattern.format(i=i)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = rnd(size // 2 + i % 97)
        path.write_bytes(data)
        total += len(data)
    for i in range(large):
        path = site / "media" / f"grand-entretien-{i}.mp4"
        with open(path, "wb") as fh:
            for _ in range(large_mb):
                fh.write(rnd(MB))
        total += large_mb * MB
    for name, text in (("index.html", "<!doctype html><title>Archive</title>"),
                       ("feeds/all.xml", "<rss version='2.0'><channel/></rss>"),
                       ("feeds.opml", "<opml version='2.0'/>"), ("sitemap.xml", "<urlset/>")):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
        total += len(text)
    return small + large + 4, total


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed:\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=3)
    parser.add_argument("--large-mb", type=int, default=20)
    parser.add_argument("--noop-runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="clea-bench-publish-"))
    moto, endpoint = start_moto()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                   AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
                   AWS_CONFIG_FILE=str(work / "none"), AWS_SHARED_CREDENTIALS_FILE=str(work / "none"))
        os.environ.update(env)
        import boto3

        s3 = boto3.client("s3", endpoint_url=endpoint)
        folder = work / "archive"
        Catalogue.create(folder).close()
        config.write_initial(folder, title="Bench", base_url="https://podcasts.example.org/",
                             owner_email="podcasts@mediatheques-sambre-avesnois.fr")
        files, size = write_site(folder / "site", args.small, args.large, args.large_mb)
        print(f"site: {files} files, {size / MB:.1f} MB ({args.small} small, "
              f"{args.large} x {args.large_mb} MB); S3: moto server on loopback; "
              f"{os.cpu_count()} CPU(s); {args.rounds} round(s), tools alternating")

        def count(bucket: str) -> int:
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            return sum(len(p.get("Contents", [])) for p in pages)

        first: dict[str, list[tuple[float, float]]] = {"clea": [], "aws": []}
        noop: dict[str, list[tuple[float, float]]] = {"clea": [], "aws": []}
        for r in range(args.rounds):
            cmds = {}
            for tool in ("clea", "aws"):
                bucket = f"{tool}-{r}"
                s3.create_bucket(Bucket=bucket)
                cmds[tool] = (
                    [str(BIN / "clea"), "--archive", str(folder), "publish", "--to",
                     f"s3://{bucket}", "--endpoint-url", endpoint] if tool == "clea" else
                    [str(BIN / "aws"), "s3", "sync", str(folder / "site"), f"s3://{bucket}",
                     "--endpoint-url", endpoint, "--only-show-errors"])
            order = ("aws", "clea") if r % 2 == 0 else ("clea", "aws")
            for tool in order:
                first[tool].append(timed(cmds[tool], env))
                assert count(f"{tool}-{r}") == files, (tool, count(f"{tool}-{r}"))
            for _ in range(args.noop_runs):
                for tool in order:
                    noop[tool].append(timed(cmds[tool], env))

        (fc, fc_cpu), (fa, fa_cpu) = median(first["clea"]), median(first["aws"])
        (nc, nc_cpu), (na, na_cpu) = median(noop["clea"]), median(noop["aws"])
        print()
        print(f"{'median of each':30}{'clea publish':>14}{'aws s3 sync':>14}{'aws / clea':>12}")
        print(f"{'first publish, wall (s)':30}{fc:14.2f}{fa:14.2f}{fa / fc:11.2f}x")
        print(f"{'first publish, CPU (s)':30}{fc_cpu:14.2f}{fa_cpu:14.2f}{fa_cpu / fc_cpu:11.2f}x")
        print(f"{'first publish (MB/s)':30}{size / MB / fc:14.1f}{size / MB / fa:14.1f}")
        print(f"{'no-op publish, wall (s)':30}{nc:14.3f}{na:14.3f}{na / nc:11.2f}x")
        print(f"{'no-op publish, CPU (s)':30}{nc_cpu:14.3f}{na_cpu:14.3f}{na_cpu / nc_cpu:11.2f}x")
        print("all runs, wall (s): " + "; ".join(
            f"{label} {tool} " + " ".join(f"{w:.2f}" for w, _ in runs[tool])
            for label, runs in (("first", first), ("no-op", noop)) for tool in ("clea", "aws")))
        print()
        print(f"first publish no slower than aws s3 sync: {'yes' if fc <= fa else 'NO'}")
        print(f"no-op at least 3x faster than aws s3 sync's: {'yes' if na / nc >= 3 else 'NO'}")
    finally:
        moto.terminate()
        moto.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
