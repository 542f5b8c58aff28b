"""A client of the real server, as a browser (or an attacker) would be.

Cookies are kept by hand, not by a cookie jar: a ``Secure`` cookie given over
plain HTTP (behind a proxy that says HTTPS) must still be sent back, and the
tests look at each ``Set-Cookie`` exactly as the server wrote it.
"""

from __future__ import annotations

import re
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from .conftest import CSRF_RE

COOKIE = "clea_session"


class _FromAddress(HTTPAdapter):
    """Connects from a chosen local address (any 127.x.y.z works on loopback)."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Browser:
    def __init__(self, url: str, *, source: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.headers.update(headers or {})
        if source:
            self.http.mount("http://", _FromAddress(source))
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, *, headers: dict | None = None, **kwargs):
        all_headers = {**({"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}),
                       **(headers or {})}
        response = self.http.request(method, self.url + path, headers=all_headers,
                                     allow_redirects=False, timeout=60, **kwargs)
        set_cookie = response.headers.get("Set-Cookie", "")
        found = re.match(rf"{COOKIE}=([^;]*)", set_cookie)
        if found:
            self.cookie = found[1]
        page = CSRF_RE.search(response.text) if "text/html" in response.headers.get(
            "Content-Type", "") else None
        if page:
            self.token = page[1]
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | None = None, **kwargs):
        return self.request("POST", path, data={"csrf_token": self.token, **(data or {})},
                            **kwargs)

    def login(self, name: str, password: str, suivant: str | None = None, **kwargs):
        self.get("/connexion", **kwargs)
        data = {"name": name, "password": password}
        if suivant is not None:
            data["suivant"] = suivant
        return self.post("/connexion", data, **kwargs)


def set_web(folder: Path, **values: str) -> None:
    """Change ``[web]`` settings in clea.toml, as a librarian editing it would
    (values are TOML: ``'["127.0.0.2"]'``, ``"30"``)."""
    toml = folder / "clea.toml"
    text = toml.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        if not count:
            text = text.replace("[web]\n", f"[web]\n{key} = {value}\n")
    toml.write_text(text, encoding="utf-8")
