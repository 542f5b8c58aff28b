"""Uploads through the real server: streamed to disk, size limit in French, Range."""

from __future__ import annotations

import http.client
import json
import os
import re

import pytest

from .conftest import CSRF_RE, PASSWORDS, catalogue_state, make_archive, start_server


class Session:
    """A minimal logged-in HTTP client over http.client, to send exact bodies."""

    def __init__(self, url: str, name: str) -> None:
        self.host, self.port = url.removeprefix("http://").split(":")
        self.cookie = ""
        page = self.request("GET", "/connexion")
        token = CSRF_RE.search(page[2].decode())[1]
        body = f"name={name}&password={PASSWORDS[name]}&csrf_token={token}".encode()
        status, _, _ = self.request("POST", "/connexion", body,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302
        self.token = CSRF_RE.search(self.request("GET", "/enregistrements/ajouter")[2].decode())[1]

    def request(self, method: str, path: str, body=None, headers=None):
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=60)
        all_headers = {"Cookie": self.cookie, **(headers or {})}
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        conn.close()
        return response.status, dict(response.getheaders()), data


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes):
    boundary = "----clea-test-boundary"
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                     f"{value}\r\n".encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
                 f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                 .encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="module")
def small_limit(tmp_path_factory):
    server = start_server(make_archive(tmp_path_factory.mktemp("small") / "archive",
                                       max_upload_mb=1))
    yield server
    from pipeline.web.server import stop

    stop(server.server, server.worker)


def test_too_large_upload_is_refused_in_french_before_it_is_stored(small_limit, media):
    folder = small_limit.folder
    session = Session(small_limit.url, "bob")
    before = catalogue_state(folder)
    big = media.tone(30)  # 30 s of 44.1 kHz stereo WAV: over 1 MB
    assert os.path.getsize(big) > 1024 * 1024 * 2
    body, ctype = multipart({"series": "contes", "title": "Trop gros"}, "file", "gros.wav",
                            big.read_bytes())
    for accept, expect in (("application/json", "application/json"), ("text/html", "text/html")):
        status, headers, data = session.request("POST", "/enregistrements/ajouter", body, {
            "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": accept})
        assert status == 413
        assert headers["Content-Type"].startswith(expect)
        assert "trop gros" in data.decode() and "1 Mo" in data.decode()
    status, _, data = session.request("POST", "/enregistrements/ajouter", body, {
        "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": "application/json"})
    assert json.loads(data)["errors"]["file"].startswith("Le fichier est trop gros")
    assert catalogue_state(folder) == before
    assert not list((folder / "cache" / "uploads").glob("*"))


def test_upload_is_stored_named_by_its_content_and_played_with_ranges(small_limit, media):
    folder = small_limit.folder
    session = Session(small_limit.url, "bob")
    tone = media.tone(3, freq=523)
    name = "../../etc/conte d'hiver.wav"
    body, ctype = multipart({"series": "contes", "title": "Conte d'hiver",
                             "contrib-0-name": "Zoé", "contrib-0-role": "élève",
                             "contrib-0-minor": "1"}, "file", name, tone.read_bytes())
    status, _, data = session.request("POST", "/enregistrements/ajouter", body, {
        "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": "application/json"})
    assert status == 200, data
    answer = json.loads(data)
    slug = answer["redirect"].rsplit("/", 1)[1]
    state = json.loads(session.request("GET", f"/enregistrements/{slug}.json")[2])
    assert state["status"] == "draft" and state["contributors"][0]["minor"] is True
    assert state["original"]["name"] == "conte d'hiver.wav"  # display only, no path parts
    assert not (folder.parent.parent / "etc").exists()
    assert not list((folder / "cache" / "uploads").glob("*"))
    status, headers, data = session.request("GET", f"/enregistrements/{slug}/original",
                                            headers={"Range": "bytes=100-199"})
    assert status == 206 and headers["Content-Range"] == f"bytes 100-199/{tone.stat().st_size}"
    assert data == tone.read_bytes()[100:200]
    assert headers["Content-Type"] == "audio/wav"
    history = state["history"] if "history" in state else []
    assert history[0]["actor"] == "bob" and history[0]["action"] == "added"
    page = session.request("GET", f"/enregistrements/{slug}")[2].decode()
    assert re.search(r"Ajouté</strong> le \d\d/\d\d/\d{4} à \d\d:\d\d par bob", page)


def test_an_upload_hashed_while_received_is_stored_under_its_true_checksum(small_limit, media):
    import hashlib
    import stat

    from archive import Catalogue
    from pipeline.services.fixity import verify_archive

    folder = small_limit.folder
    session = Session(small_limit.url, "bob")
    tone = media.tone(2, freq=587)
    body, ctype = multipart({"series": "contes", "title": "Adopté"}, "file", "adopte.wav",
                            tone.read_bytes())
    status, _, data = session.request("POST", "/enregistrements/ajouter", body, {
        "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": "application/json"})
    assert status == 200, data
    digest = hashlib.sha256(tone.read_bytes()).hexdigest()
    stored = folder / "originals" / digest[:2] / digest
    assert stored.read_bytes() == tone.read_bytes()
    assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert not list((folder / "cache" / "uploads").glob("*"))
    assert not list((folder / "originals").glob(".incoming-*"))
    with Catalogue.open(folder) as cat:
        assert verify_archive(cat).ok


def test_a_spool_written_out_of_order_offers_no_digest(tmp_path):
    import tempfile

    from pipeline.web.uploads import HashingSpool

    spool = HashingSpool(tempfile.NamedTemporaryFile(dir=tmp_path))
    spool.write(b"abcdef")
    assert spool.digest() is not None
    spool.seek(2)
    spool.write(b"XY")
    assert spool.digest() is None
    spool.close()


def test_a_client_waiting_for_100_continue_gets_the_refusal_before_sending(small_limit):
    import socket

    host, port = small_limit.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"POST /enregistrements/ajouter HTTP/1.1\r\nHost: x\r\n"
                     b"Expect: 100-continue\r\nAccept: application/json\r\n"
                     b"Content-Type: multipart/form-data; boundary=b\r\n"
                     b"Content-Length: 50000000\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"100 Continue" not in head
    assert json.loads(body)["errors"]["file"].startswith("Le fichier est trop gros")


@pytest.fixture
def checked_as_received(monkeypatch):
    """Stream checks from the first bytes, and every ffmpeg decode of a stored file seen."""
    from media import ffmpeg
    from pipeline.web import spool

    monkeypatch.setattr(spool, "STREAM_CHECK_FROM", 16 * 1024)
    seen: list[list[str]] = []
    real = ffmpeg.run

    def spy(args, **kw):
        if kw.get("tool", ffmpeg.FFMPEG) == ffmpeg.FFMPEG:
            seen.append([str(a) for a in args])
        return real(args, **kw)

    monkeypatch.setattr(ffmpeg, "run", spy)
    return seen


def _upload(server, name: str, content: bytes, title: str):
    session = Session(server.url, "bob")
    body, ctype = multipart({"series": "contes", "title": title}, "file", name, content)
    status, _, data = session.request("POST", "/enregistrements/ajouter", body, {
        "Content-Type": ctype, "X-CSRF-Token": session.token, "Accept": "application/json"})
    return status, json.loads(data)


def _no_check_left() -> bool:
    import threading

    return not [t for t in threading.enumerate() if t.name == "clea-upload-check"]


def test_an_mp3_decoded_as_it_was_received_is_not_decoded_again(small_limit, media,
                                                                checked_as_received):
    mp3 = media.tone(20, freq=659, fmt="mp3")
    status, answer = _upload(small_limit, "conte.mp3", mp3.read_bytes(), "Conte en MP3")
    assert status == 200, answer
    assert checked_as_received == []  # probed by ffprobe only: the decode ran on arrival
    slug = answer["redirect"].rsplit("/", 1)[1]
    session = Session(small_limit.url, "bob")
    state = json.loads(session.request("GET", f"/enregistrements/{slug}.json")[2])
    assert state["duration"] == pytest.approx(20, abs=0.1)
    assert _no_check_left()


# A cut MP3 decodes cleanly, only shorter than its header says: the decode made on
# arrival shows it. A decode with errors is never trusted: the stored file is decoded
# again, so the refusal is the one it always was.
@pytest.mark.parametrize(("fmt", "spoil", "said", "decoded_again"), [
    ("mp3", "cut", "incomplet", 0), ("flac", "cut", "incomplet", 1),
    ("flac", "damage", "abîmé", 1)])
def test_a_bad_upload_checked_as_received_is_still_refused_on_its_field(
        small_limit, media, checked_as_received, fmt, spoil, said, decoded_again):
    folder = small_limit.folder
    before = catalogue_state(folder)
    data = bytearray(media.tone(20, freq=698, fmt=fmt).read_bytes())
    if spoil == "cut":
        data = data[: len(data) * 2 // 3]
    else:
        for at in range(len(data) // 3, len(data) * 2 // 3, 997):
            data[at] ^= 0xFF
    name = f"mauvais-{spoil}.{fmt}"
    status, answer = _upload(small_limit, name, bytes(data), "Mauvais fichier")
    assert status == 400, answer
    assert said in answer["errors"]["file"].lower(), answer
    assert len(checked_as_received) == decoded_again
    assert catalogue_state(folder) == before
    assert not list((folder / "cache" / "uploads").glob("*"))
    assert _no_check_left()


def test_an_upload_whose_decoder_cannot_start_is_decoded_after_it_arrived(
        small_limit, media, checked_as_received, monkeypatch):
    from media import ffmpeg

    def no_decoder(self, args):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(ffmpeg.Piped, "__init__", no_decoder)
    mp3 = media.tone(20, freq=784, fmt="mp3")
    status, answer = _upload(small_limit, "sans-decodeur.mp3", mp3.read_bytes(), "Sans décodeur")
    assert status == 200, answer
    assert len(checked_as_received) == 1  # the stored file, decoded as it always was
