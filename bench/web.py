"""Benchmark: a 1 GB upload through the real web server, beside `cp` of the same file.

Starts `clea web` as a subprocess on loopback, logs in, and sends a 1 GB WAV
(PCM, made with ffmpeg) as a multipart form streamed from disk with
``socket.sendfile``: the client runs on the same machine, and a browser's
copies elsewhere are no part of the server's cost. The server stores it
through the same ingest as `clea add` (hashed as it is received, hard-linked
into the store, probed by content). Prints the upload's time beside `cp`'s,
the server's peak memory (psutil polling its RSS) and the
bytes it wrote to disk (its I/O counters).

Goals (issue 14): server peak RSS <= 150 MB; upload, until the answer,
<= 3x `cp` + `fsync` of the same file, measured in the same run; the body
written to disk once. The load average is printed: read the ratios.

    .venv/bin/python bench/web.py [--size-mb 1024] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Catalogue, users  # noqa: E402
from pipeline.plumbing import config  # noqa: E402

PASSWORD = "bench-password-1"
RATE, CHANNELS = 48000, 2


def make_wav(path: Path, size_mb: int) -> None:
    seconds = size_mb * 1024 * 1024 / (RATE * CHANNELS * 2)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=f=440:sample_rate={RATE}", "-t", f"{seconds:.3f}",
                    "-ac", str(CHANNELS), "-c:a", "pcm_s16le", str(path)], check=True)


def make_archive(folder: Path) -> None:
    with Catalogue.create(folder) as cat:
        config.write_initial(folder, title="Banc d'essai", base_url="https://example.org/")
        cat.add_series("contes", "Contes")
        users.add_user(cat.conn, "bench", users.BIBLIOTHECAIRE, PASSWORD)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"clea web exited with status {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("clea web did not start")


class Peak:
    """Polls a process's RSS (and its children's) until stopped."""

    def __init__(self, pid: int) -> None:
        self.proc = psutil.Process(pid)
        self.server = 0
        self.children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.server = max(self.server, self.proc.memory_info().rss)
                kids = sum(c.memory_info().rss for c in self.proc.children(recursive=True))
                self.children = max(self.children, kids)
            except psutil.Error:
                pass
            self._stop.wait(0.02)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.request(method, path, body=body, headers={"Cookie": self.cookie, **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        if response.getheader("Set-Cookie"):
            self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        conn.close()
        return response.status, data

    def token(self, path: str) -> str:
        return re.search(rb'name="csrf_token" value="([^"]+)"', self.request("GET", path)[1])[1].decode()

    def login(self) -> None:
        body = f"name=bench&password={PASSWORD}&csrf_token={self.token('/connexion')}".encode()
        status, _ = self.request("POST", "/connexion", body,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, status

    def upload(self, path: Path) -> tuple[int, dict, float]:
        """Stream ``path`` as the form's file, from disk, chunk by chunk."""
        token = self.token("/enregistrements/ajouter")
        boundary = "----clea-bench-7d1f"
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in (("series", "contes"), ("title", "Un très long conte"))
        ) + (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
             f'filename="{path.name}"\r\nContent-Type: audio/wav\r\n\r\n').encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = len(head) + path.stat().st_size + len(tail)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        started = time.monotonic()
        conn.putrequest("POST", "/enregistrements/ajouter")
        for key, value in (("Content-Type", f"multipart/form-data; boundary={boundary}"),
                           ("Content-Length", str(length)), ("Cookie", self.cookie),
                           ("X-CSRF-Token", token), ("X-Requested-With", "XMLHttpRequest"),
                           ("Accept", "application/json")):
            conn.putheader(key, value)
        conn.endheaders()
        conn.send(head)
        with open(path, "rb") as fh:
            conn.sock.sendfile(fh)
        conn.send(tail)
        response = conn.getresponse()
        data = json.loads(response.read() or b"{}")
        elapsed = time.monotonic() - started
        conn.close()
        return response.status, data, elapsed


def timed_cp(src: Path, dest: Path, *, durable: bool = False) -> float:
    """``cp``; with ``durable``, also until the copy is on disk (the store fsyncs)."""
    started = time.monotonic()
    subprocess.run(["cp", str(src), str(dest)], check=True)
    if durable:
        fd = os.open(dest, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="clea-bench-web-"))
    work.mkdir(parents=True, exist_ok=True)
    wav = work / "long-conte.wav"
    archive = work / "archive"
    if archive.exists():
        shutil.rmtree(archive)
    try:
        print(f"making a {args.size_mb} MB WAV with ffmpeg…", flush=True)
        if not wav.exists() or wav.stat().st_size < args.size_mb * 1024 * 1024 * 0.99:
            make_wav(wav, args.size_mb)
        size = wav.stat().st_size
        make_archive(archive)
        cp_dest = work / "copy.wav"
        timed_cp(wav, cp_dest)  # warm the page cache for both runs alike
        cp_dest.unlink()
        cp_seconds = timed_cp(wav, cp_dest)
        cp_dest.unlink()
        os.sync()
        durable_seconds = timed_cp(wav, cp_dest, durable=True)
        cp_dest.unlink()
        os.sync()

        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        server = subprocess.Popen([sys.executable, "-m", "pipeline", "--archive", str(archive),
                                   "web", "--port", str(port)], env=env,
                                  stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port, server)
            client = Client(port)
            client.login()
            watched = psutil.Process(server.pid)
            idle = watched.memory_info().rss
            io_before = watched.io_counters().write_bytes
            with Peak(server.pid) as peak:
                status, answer, seconds = client.upload(wav)
            written = watched.io_counters().write_bytes - io_before
        finally:
            server.terminate()
            server.wait(timeout=30)
        if status != 200 or not answer.get("ok"):
            raise SystemExit(f"upload refused: {status} {answer}")
        with Catalogue.open(archive) as cat:
            item = cat.items()[0]
            assert item.original.size == size, "stored size differs"
        leftovers = list((archive / "cache" / "uploads").glob("*"))
    finally:
        if archive.exists():
            shutil.rmtree(archive)

    mb = size / 1024 / 1024
    one, five, _ = os.getloadavg()
    print(f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores")
    print(f"file                     {mb:8.0f} MB  ({item.original.duration / 60:.0f} min of PCM WAV)")
    print(f"cp (reference)           {cp_seconds:8.2f} s   {mb / cp_seconds:7.0f} MB/s")
    print(f"cp + fsync (reference)   {durable_seconds:8.2f} s   {mb / durable_seconds:7.0f} MB/s")
    print(f"upload through clea web  {seconds:8.2f} s   {mb / seconds:7.0f} MB/s   "
          f"= {seconds / cp_seconds:.1f}x cp, {seconds / durable_seconds:.1f}x cp + fsync "
          "(goal <= 3x cp + fsync)")
    print("  (receive, multipart to disk hashed as written, hard link into the store, fsync, "
          "probe, until the answer)")
    print(f"server wrote to disk     {written / 1024 / 1024:8.0f} MB   "
          f"= {written / size:.2f}x the file (goal: once)")
    print(f"server RSS idle          {idle / 1024 / 1024:8.1f} MB")
    print(f"server RSS peak          {peak.server / 1024 / 1024:8.1f} MB   (goal <= 150 MB)")
    print(f"ffmpeg/ffprobe peak      {peak.children / 1024 / 1024:8.1f} MB   (probe children)")
    print(f"temporary uploads left   {len(leftovers):8d}")


if __name__ == "__main__":
    main()
