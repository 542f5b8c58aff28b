"""Hardening of the server, through the real waitress server: uploads written once and
never in the system's temporary folder, a full disk, many slow connections."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pipeline.plumbing import config

from .conftest import make_archive, start_server
from .test_uploads import Session, multipart

UPLOAD_CLIENT = r"""
import http.client, sys
host, port, path, cookie, token, ctype = sys.argv[1:7]
body = open(sys.argv[7], "rb")
size = body.seek(0, 2); body.seek(0)
conn = http.client.HTTPConnection(host, int(port), timeout=300)
conn.request("POST", path, body=body, headers={
    "Cookie": cookie, "X-CSRF-Token": token, "Content-Type": ctype,
    "Content-Length": str(size), "Accept": "application/json"})
answer = conn.getresponse()
sys.stdout.write(f"{answer.status} {answer.read().decode()}")
"""


def _stop(live) -> None:
    from pipeline.web.server import stop

    stop(live.server, live.worker)


def _wchar() -> int:
    """Bytes this process has passed to write() so far (files and sockets alike)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise AssertionError("no wchar in /proc/self/io")


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _until(check, seconds: float = 15.0, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


# -- uploads are written once, in the archive ----------------------------------------------


def test_a_large_upload_is_written_once_and_never_in_the_system_temp_folder(
        tmp_path, media, monkeypatch):
    live = start_server(make_archive(tmp_path / "archive"))
    systemp = tmp_path / "systemp"
    # A 1 MB temporary folder: a body spooled there (waitress's default) fails.
    small_tmp = _mount_tmpfs(systemp, "1m")
    try:
        session = Session(live.url, "bob")
        tone = media.tone(300, freq=330)  # five minutes of stereo WAV: about 50 MB
        size = tone.stat().st_size
        assert size > 50_000_000
        head, ctype = multipart({"series": "contes", "title": "Cinq minutes"}, "file",
                                "long.wav", b"\0")
        body = tmp_path / "body.bin"
        marker = head.index(b"\0")
        with open(body, "wb") as out:  # written before the measure starts
            out.write(head[:marker])
            with open(tone, "rb") as src:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
            out.write(head[marker + 1:])
        monkeypatch.setattr(tempfile, "tempdir", str(systemp))
        before = _wchar()
        host, port = live.url.removeprefix("http://").split(":")
        done = subprocess.run(
            [sys.executable, "-c", UPLOAD_CLIENT, host, port, "/enregistrements/ajouter",
             session.cookie, session.token, ctype, str(body)],
            capture_output=True, text=True, timeout=300)
        written = _wchar() - before
        status, _, answer = done.stdout.partition(" ")
        assert status == "200", (done.stdout, done.stderr)
        assert json.loads(answer)["ok"] is True
        # One copy of the file (the catalogue's few writes aside), not two.
        assert size <= written < size * 1.1, (size, written)
        assert list(systemp.iterdir()) == []
        digest = hashlib.sha256(tone.read_bytes()).hexdigest()
        stored = live.folder / "originals" / digest[:2] / digest
        assert stored.stat().st_size == size
        assert list((live.folder / "cache" / "uploads").iterdir()) == []
    finally:
        _stop(live)
        if small_tmp:
            _umount(systemp)


def test_form_fields_and_files_parsed_as_received_match_what_was_sent(tmp_path, media):
    live = start_server(make_archive(tmp_path / "archive"))
    try:
        session = Session(live.url, "bob")
        tone = media.tone(2, freq=349)
        body, ctype = multipart({"series": "contes", "title": "Élan — « vif » ; 100 %",
                                 "description": "Ligne 1\r\nLigne 2 \u2603",
                                 "audiences": "cycle-3", "contrib-0-name": "Lola Monset",
                                 "contrib-0-role": "autrice"}, "file", "élan.wav",
                                tone.read_bytes())
        status, _, data = session.request("POST", "/enregistrements/ajouter", body, {
            "Content-Type": ctype, "X-CSRF-Token": session.token,
            "Accept": "application/json"})
        assert status == 200, data
        slug = json.loads(data)["redirect"].rsplit("/", 1)[1]
        item = json.loads(session.request("GET", f"/enregistrements/{slug}.json")[2])
        assert item["title"] == "Élan — « vif » ; 100 %"
        assert item["description"] == "Ligne 1\nLigne 2 \u2603"
        assert item["audiences"] == ["cycle-3"]
        assert item["original"]["name"] == "élan.wav"
        assert item["original"]["sha256"] == hashlib.sha256(tone.read_bytes()).hexdigest()
        # A malformed body is refused (400), and leaves nothing behind.
        status, _, _ = session.request(
            "POST", "/enregistrements/ajouter", body[: len(body) // 2] + b"--garbage",
            {"Content-Type": ctype, "X-CSRF-Token": session.token})
        assert status == 400
        assert list((live.folder / "cache" / "uploads").iterdir()) == []
    finally:
        _stop(live)


def test_an_upload_abandoned_half_way_leaves_no_file(tmp_path, media):
    live = start_server(make_archive(tmp_path / "archive"))
    uploads = live.folder / "cache" / "uploads"
    try:
        session = Session(live.url, "bob")
        body, ctype = multipart({"series": "contes", "title": "Coupé"}, "file", "coupe.wav",
                                media.tone(20, freq=370).read_bytes())
        host, port = live.url.removeprefix("http://").split(":")
        sock = socket.create_connection((host, int(port)), timeout=10)
        sock.sendall(f"POST /enregistrements/ajouter HTTP/1.1\r\nHost: x\r\n"
                     f"Cookie: {session.cookie}\r\nX-CSRF-Token: {session.token}\r\n"
                     f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                     + body[: len(body) // 2])
        _until(lambda: any(p.stat().st_size > 100_000 for p in uploads.glob("upload-*")),
               what="the part to reach the disk")
        sock.close()
        _until(lambda: not list(uploads.iterdir()), what="the partial file to go")
    finally:
        _stop(live)


# -- a full disk ----------------------------------------------------------------------------


@pytest.fixture
def tiny_upload_disk(tmp_path):
    """An archive whose upload folder is a 2 MB disk of its own."""
    folder = make_archive(tmp_path / "archive")
    uploads = folder / "cache" / "uploads"
    if not _mount_tmpfs(uploads, "2m"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    live = start_server(folder)
    yield live
    _stop(live)
    _umount(uploads)


def test_a_full_disk_is_said_in_french_the_partial_file_goes_and_serving_goes_on(
        tiny_upload_disk, media):
    live = tiny_upload_disk
    uploads = live.folder / "cache" / "uploads"
    session = Session(live.url, "bob")
    big, ctype = multipart({"series": "contes", "title": "Trop pour le disque"}, "file",
                           "gros.wav", media.tone(20, freq=392).read_bytes())  # 3.5 MB
    for accept, kind in (("application/json", "application/json"), ("text/html", "text/html")):
        status, headers, data = session.request("POST", "/enregistrements/ajouter", big, {
            "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": accept})
        assert status == 507, data[:300]
        assert headers["Content-Type"].startswith(kind)
        assert "Le disque de l'archive est plein" in data.decode()
        assert list(uploads.iterdir()) == []  # deleted at once, before any next request
    answer = json.loads(session.request("POST", "/enregistrements/ajouter", big, {
        "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": "application/json"})[2])
    assert answer["errors"]["file"].startswith("Le disque de l'archive est plein")
    small, ctype = multipart({"series": "contes", "title": "Petit"}, "file", "petit.wav",
                             media.tone(1, freq=415).read_bytes())
    status, _, data = session.request("POST", "/enregistrements/ajouter", small, {
        "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": "application/json"})
    assert status == 200, data
    assert list(uploads.iterdir()) == []


# -- many slow connections ------------------------------------------------------------------


def test_the_server_limits_come_from_clea_toml(tmp_path):
    folder = make_archive(tmp_path / "archive")
    toml = folder / config.CONFIG_NAME
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "connection_limit = 500", "connection_limit = 321").replace(
        "channel_timeout = 60", "channel_timeout = 45"), encoding="utf-8")
    live = start_server(folder)
    try:
        adj = live.server.adj
        assert (adj.connection_limit, adj.channel_timeout) == (321, 45)
        assert (adj.cleanup_interval, adj.backlog, adj.threads) == (10, 1024, 6)
    finally:
        _stop(live)
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "channel_timeout = 45", "channel_timeout = 0"), encoding="utf-8")
    from archive import ClearError

    with pytest.raises(ClearError, match=r"\[web\] channel_timeout must be 1 or more"):
        config.load(folder)


def test_a_librarian_logs_in_and_adds_a_recording_while_100_slow_connections_hang(
        tmp_path, media):
    live = start_server(make_archive(tmp_path / "archive"))
    host, port = live.url.removeprefix("http://").split(":")
    hanging: list[socket.socket] = []
    try:
        body, ctype = multipart({"series": "contes", "title": "Lent"}, "file", "lent.wav",
                                media.tone(2, freq=440).read_bytes())
        for n in range(100):
            sock = socket.create_connection((host, int(port)), timeout=10)
            if n % 2:  # half of a request's headers
                sock.sendall(b"POST /enregistrements/ajouter HTTP/1.1\r\nHost: x\r\nContent-Ty")
            else:  # whole headers, half of the body
                sock.sendall(f"POST /enregistrements/ajouter HTTP/1.1\r\nHost: x\r\n"
                             f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
                             .encode() + body[: len(body) // 2])
            hanging.append(sock)
        started = time.monotonic()
        session = Session(live.url, "bob")  # logs in; http.client waits 60 s at most
        status, _, data = session.request("POST", "/enregistrements/ajouter", body, {
            "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": "application/json"})
        assert status == 200, data
        assert time.monotonic() - started < 20
        assert all(s.fileno() != -1 for s in hanging)  # they were all still open
    finally:
        for sock in hanging:
            sock.close()
        _stop(live)
