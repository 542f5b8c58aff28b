"""Fixtures for the web interface: an archive with two accounts, the real server
(waitress and the job worker) on a free loopback port, and a logged-in client."""

from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive import Catalogue, users
from pipeline.plumbing import config
from pipeline.web import create_app

PASSWORDS = {"alice": "alice-responsable-2025", "bob": "bob-bibliothecaire-25"}
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_archive(folder: Path, *, max_upload_mb: int | None = None) -> Path:
    """An archive with a residence, an audio and a video series, alice (responsable)
    and bob (bibliothécaire)."""
    cat = Catalogue.create(folder)
    config.write_initial(folder, title="Archive de test", base_url="https://podcasts.example.org/",
                         owner_email="podcasts@mediatheques-sambre-avesnois.fr")
    if max_upload_mb is not None:
        toml = folder / config.CONFIG_NAME
        toml.write_text(re.sub(r"max_upload_mb = \d+", f"max_upload_mb = {max_upload_mb}",
                               toml.read_text(encoding="utf-8")), encoding="utf-8")
    cat.add_residence("lire-en-sambre", "Lire en Sambre", kind="mission-appui",
                      artists=("Lola Monset",), places=("Maubeuge",))
    cat.add_series("contes", "Les bibliothèques racontent", residence="lire-en-sambre")
    cat.add_series("pastilles", "Pastilles vidéo", medium="video", residence="lire-en-sambre")
    users.add_user(cat.conn, "alice", users.RESPONSABLE, PASSWORDS["alice"])
    users.add_user(cat.conn, "bob", users.BIBLIOTHECAIRE, PASSWORDS["bob"])
    cat.close()
    return folder


@dataclass
class LiveServer:
    folder: Path
    url: str
    server: object
    worker: object


def start_server(folder: Path, *, behind_proxy: bool = False) -> LiveServer:
    """The real server (waitress and the worker) on a free loopback port.

    With ``behind_proxy``, the X-Forwarded-* headers of the addresses in the
    archive's ``[web] trusted_proxies`` are believed, as with `clea web --behind-proxy`.
    """
    from pipeline.web.server import make_server

    port = free_port()
    server, worker = make_server(folder, host="127.0.0.1", port=port, behind_proxy=behind_proxy)
    thread = threading.Thread(target=server.run, name="clea-web-test", daemon=True)
    thread.start()
    return LiveServer(folder, f"http://127.0.0.1:{port}", server, worker)


@pytest.fixture(scope="module")
def web_archive(tmp_path_factory) -> Path:
    return make_archive(tmp_path_factory.mktemp("web") / "archive")


@pytest.fixture(scope="module")
def app(web_archive):
    return create_app(web_archive)


class Client:
    """Flask's test client, logged in as one account, with the page's CSRF token."""

    def __init__(self, app, name: str | None) -> None:
        self.http = app.test_client()
        self.token = ""
        if name:
            self.login(name, PASSWORDS[name])

    def login(self, name: str, password: str, address: str = "127.0.0.1"):
        page = self.http.get("/connexion")
        self.token = CSRF_RE.search(page.text)[1]
        response = self.http.post("/connexion", data={
            "name": name, "password": password, "csrf_token": self.token},
            environ_base={"REMOTE_ADDR": address})
        if response.status_code == 302:
            self.token = CSRF_RE.search(self.http.get("/enregistrements").text)[1]
        return response

    def post(self, path: str, data: dict | None = None, **kwargs):
        return self.http.post(path, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@pytest.fixture
def as_alice(app) -> Client:
    return Client(app, "alice")


@pytest.fixture
def as_bob(app) -> Client:
    return Client(app, "bob")


def catalogue_state(folder: Path) -> dict:
    """The stored originals and the rows that an add, edit or status change touches."""
    files = sorted(p.name for p in (folder / "originals").rglob("*") if p.is_file())
    with Catalogue.open(folder) as cat:
        rows = {t: [tuple(r) for r in cat.conn.execute(f"SELECT * FROM {t} ORDER BY 1")]
                for t in ("items", "originals", "history", "contributors", "jobs")}
    return {"files": files, "rows": rows}
