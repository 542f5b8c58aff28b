"""Behind a reverse proxy, through the real server (waitress) on loopback.

The proxy is played by a client connecting from a trusted address; a stranger
by one connecting from another (any 127.x.y.z address is this computer).
"""

from __future__ import annotations

import pytest

from archive import Catalogue

from .conftest import PASSWORDS, make_archive, start_server
from .live import Browser, set_web

HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "clea.example.org"}


def _attempts(folder) -> list[tuple[str, str, int]]:
    with Catalogue.open(folder) as cat:
        return [tuple(r) for r in cat.conn.execute(
            "SELECT name, address, ok FROM login_attempts ORDER BY id")]


@pytest.fixture
def proxied(tmp_path):
    """The server with --behind-proxy and the default trusted proxies (loopback)."""
    live = start_server(make_archive(tmp_path / "archive"), behind_proxy=True)
    yield live
    from pipeline.web.server import stop

    stop(live.server, live.worker)


@pytest.fixture
def proxy_elsewhere(tmp_path):
    """The server with --behind-proxy, trusting only 127.0.0.2 (the proxy)."""
    folder = make_archive(tmp_path / "archive")
    set_web(folder, trusted_proxies='["127.0.0.2"]')
    live = start_server(folder, behind_proxy=True)
    yield live
    from pipeline.web.server import stop

    stop(live.server, live.worker)


def test_behind_https_proxy_the_cookie_is_secure_and_the_address_is_the_client(proxied):
    browser = Browser(proxied.url, headers={**HTTPS, "X-Forwarded-For": "203.0.113.7"})
    first = browser.get("/connexion")
    assert first.status_code == 200
    cookie = first.headers["Set-Cookie"]
    assert "; Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert browser.login("alice", "pas-le-bon").status_code == 401
    response = browser.login("alice", PASSWORDS["alice"])
    assert response.status_code == 302
    assert "; Secure" in response.headers["Set-Cookie"]
    # The Secure cookie is still sent back by the proxy: the session works.
    assert browser.get("/enregistrements").status_code == 200
    assert _attempts(proxied.folder) == [("alice", "203.0.113.7", 0), ("alice", "203.0.113.7", 1)]
    with Catalogue.open(proxied.folder) as cat:
        assert cat.conn.execute("SELECT address FROM web_sessions").fetchall()[0][0] == \
            "203.0.113.7"


def test_a_stranger_failing_twenty_times_behind_the_proxy_locks_nobody_out(proxied):
    stranger = Browser(proxied.url, headers={**HTTPS, "X-Forwarded-For": "198.51.100.66"})
    for n in range(25):
        name = ("alice", "bob", f"devine{n}")[n % 3]
        assert stranger.login(name, f"essai-{n}").status_code in (401, 429)
    for name, address in (("alice", "203.0.113.10"), ("bob", "203.0.113.11")):
        librarian = Browser(proxied.url, headers={**HTTPS, "X-Forwarded-For": address})
        assert librarian.login(name, PASSWORDS[name]).status_code == 302, name
    assert {a for _, a, _ in _attempts(proxied.folder)} == {
        "198.51.100.66", "203.0.113.10", "203.0.113.11"}


def test_a_direct_client_cannot_forge_its_address_or_https(proxy_elsewhere):
    # Connecting from 127.0.0.1, which is not the trusted proxy (127.0.0.2).
    forger = Browser(proxy_elsewhere.url, headers={
        "X-Forwarded-For": "192.0.2.99", "X-Forwarded-Proto": "https",
        "Forwarded": "for=192.0.2.98;proto=https", "X-Real-IP": "192.0.2.97"})
    page = forger.get("/connexion")
    assert "Secure" not in page.headers["Set-Cookie"]
    assert forger.login("alice", "pas-le-bon").status_code == 401
    # The proxy appends the address it saw: only that last hop is believed.
    proxy = Browser(proxy_elsewhere.url, source="127.0.0.2", headers={
        **HTTPS, "X-Forwarded-For": "192.0.2.99, 203.0.113.8"})
    assert "; Secure" in proxy.get("/connexion").headers["Set-Cookie"]
    assert proxy.login("bob", "pas-le-bon").status_code == 401
    assert _attempts(proxy_elsewhere.folder) == [("alice", "127.0.0.1", 0),
                                                 ("bob", "203.0.113.8", 0)]


def test_without_behind_proxy_forwarded_headers_count_for_nothing(tmp_path):
    live = start_server(make_archive(tmp_path / "archive"))
    try:
        browser = Browser(live.url, headers={**HTTPS, "X-Forwarded-For": "192.0.2.5"})
        assert "Secure" not in browser.get("/connexion").headers["Set-Cookie"]
        assert browser.login("bob", "pas-le-bon").status_code == 401
        assert _attempts(live.folder) == [("bob", "127.0.0.1", 0)]
    finally:
        from pipeline.web.server import stop

        stop(live.server, live.worker)


def test_trusted_proxies_setting_is_checked_and_written_by_init(tmp_path):
    from archive import ClearError
    from pipeline.plumbing import config

    folder = make_archive(tmp_path / "archive")
    text = (folder / "clea.toml").read_text(encoding="utf-8")
    assert 'trusted_proxies = ["127.0.0.1", "::1"]' in text
    assert config.load(folder).trusted_proxies == ("127.0.0.1", "::1")
    set_web(folder, trusted_proxies='["10.0.0.0/24", "2001:db8::7"]')
    assert config.load(folder).trusted_proxies == ("10.0.0.0/24", "2001:db8::7")
    set_web(folder, trusted_proxies='["nginx.local"]')
    with pytest.raises(ClearError, match=r"clea.toml: \[web\] trusted_proxies: 'nginx.local'"):
        config.load(folder)
