"""Sessions, redirects after log-in, log-in limits and their log, through the
real server (waitress) on loopback, tried the way an attacker would."""

from __future__ import annotations

import hashlib
import hmac
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive import Catalogue, users

from .conftest import PASSWORDS, free_port, make_archive, start_server
from .live import Browser, set_web

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def live(tmp_path):
    server = start_server(make_archive(tmp_path / "archive"))
    yield server
    from pipeline.web.server import stop

    stop(server.server, server.worker)


def _logged_in(live, name: str = "bob") -> Browser:
    browser = Browser(live.url)
    assert browser.login(name, PASSWORDS[name]).status_code == 302
    assert browser.get("/enregistrements").status_code == 200
    return browser


def _sessions(folder) -> list[dict]:
    with Catalogue.open(folder) as cat:
        return [dict(r) for r in cat.conn.execute("SELECT * FROM web_sessions")]


# -- sessions ------------------------------------------------------------------------


def test_a_cookie_replayed_after_logout_opens_nothing_and_posts_nothing(live):
    browser = _logged_in(live)
    stolen, token = browser.cookie, browser.token
    response = browser.post("/deconnexion")
    assert response.status_code == 302
    assert _sessions(live.folder) == []
    thief = Browser(live.url)
    thief.cookie, thief.token = stolen, token
    page = thief.get("/enregistrements")
    assert page.status_code == 302 and page.headers["Location"].startswith("/connexion")
    thief.cookie = stolen
    assert thief.post("/publier", {"what": "build"}).status_code == 401
    thief.cookie = stolen
    assert thief.post("/residences/ajouter", {"slug": "vol", "title": "Vol"}).status_code == 401
    with Catalogue.open(live.folder) as cat:
        assert cat.conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0] == 0


def test_the_cookie_holds_only_a_random_id_and_the_catalogue_only_its_hash(live):
    browser = _logged_in(live, "alice")
    assert len(browser.cookie) >= 43 and "." not in browser.cookie
    (row,) = _sessions(live.folder)
    secret = (live.folder / "web-secret").read_text(encoding="ascii").strip()
    assert row["id_hash"] == hmac.new(secret.encode(), browser.cookie.encode(),
                                      hashlib.sha256).hexdigest()
    assert row["user"] == "alice" and row["address"] == "127.0.0.1"
    assert browser.cookie.encode() not in (live.folder / "catalogue.sqlite").read_bytes()
    # Using the session does not send the cookie again (nor push back its expiry).
    assert "Set-Cookie" not in browser.get("/enregistrements").headers


def test_a_new_secret_ends_every_session(tmp_path):
    from pipeline.web import create_app

    from .conftest import Client

    folder = make_archive(tmp_path / "archive")
    client = Client(create_app(folder), "alice")
    assert client.http.get("/enregistrements").status_code == 200
    (folder / "web-secret").unlink()
    client.http.application = create_app(folder)  # the server restarted
    assert client.http.get("/enregistrements").status_code == 302


def test_the_session_id_changes_at_login_and_a_planted_one_is_worthless(live):
    browser = Browser(live.url)
    browser.get("/connexion")
    before = browser.cookie
    planted = "A" * 43  # fixed by an attacker before the victim logs in
    browser.cookie = planted
    browser.get("/connexion")
    assert browser.login("bob", PASSWORDS["bob"]).status_code == 302
    assert browser.cookie not in (before, planted)
    again = Browser(live.url)
    assert again.login("bob", PASSWORDS["bob"]).status_code == 302
    assert again.cookie != browser.cookie
    attacker = Browser(live.url)
    attacker.cookie = planted
    assert attacker.get("/enregistrements").status_code == 302


@pytest.mark.parametrize("column, age, settings", [
    ("last_seen", timedelta(hours=2, minutes=1), {}),                       # idle
    ("created_at", timedelta(hours=12, minutes=1), {}),                     # absolute
    ("last_seen", timedelta(minutes=31), {"session_idle_minutes": "30"}),
    ("created_at", timedelta(hours=3, minutes=1), {"session_max_hours": "3"}),
])
def test_sessions_end_after_idle_time_and_absolute_lifetime(tmp_path, column, age, settings):
    folder = make_archive(tmp_path / "archive")
    set_web(folder, **settings)
    server = start_server(folder)
    try:
        browser = _logged_in(server)
        # Well inside both limits: still open, however often it is used.
        _age(folder, column, age - timedelta(minutes=10))
        assert browser.get("/enregistrements").status_code == 200
        _age(folder, column, age)
        response = browser.get("/enregistrements")
        assert response.status_code == 302 and response.headers["Location"].startswith(
            "/connexion")
        assert _sessions(folder) == []
        browser.get("/connexion")
        assert browser.post("/publier", {"what": "build"}).status_code == 401
    finally:
        from pipeline.web.server import stop

        stop(server.server, server.worker)


def _age(folder, column: str, age: timedelta) -> None:
    """Time passes: the session's stamp is moved back by ``age``."""
    when = (datetime.now(UTC) - age).replace(microsecond=0).isoformat()
    with Catalogue.open(folder) as cat:
        cat.conn.execute(f"UPDATE web_sessions SET {column} = ?", (when,))
        if column == "created_at":
            cat.conn.execute("UPDATE web_sessions SET last_seen = ?",
                             (datetime.now(UTC).replace(microsecond=0).isoformat(),))


def test_session_settings_are_written_by_init_with_comments(tmp_path):
    from pipeline.plumbing import config

    folder = make_archive(tmp_path / "archive")
    text = (folder / "clea.toml").read_text(encoding="utf-8")
    web = text.split("[web]")[1].split("[publish]")[0]
    assert "session_idle_minutes = 120" in web and "session_max_hours = 12" in web
    assert web.count("\n# ") >= 4
    settings = config.load(folder)
    assert (settings.session_idle_minutes, settings.session_max_hours) == (120, 12)
    set_web(folder, session_idle_minutes="0")
    from archive import ClearError

    with pytest.raises(ClearError, match="session_idle_minutes"):
        config.load(folder)


def test_a_new_password_or_a_removed_account_ends_that_persons_sessions(live):
    bob, alice = _logged_in(live, "bob"), _logged_in(live, "alice")
    with Catalogue.open(live.folder) as cat:
        users.set_password(cat.conn, "bob", "un-nouveau-secret")
    assert bob.get("/enregistrements").status_code == 302
    assert alice.get("/enregistrements").status_code == 200
    with Catalogue.open(live.folder) as cat:
        users.remove_user(cat.conn, "alice")
    assert alice.get("/enregistrements").status_code == 302
    assert _sessions(live.folder) == []


# -- redirects after log-in -------------------------------------------------------


ELSEWHERE = [
    "//evil.example", "///evil.example", "/\\evil.example", "/%5Cevil.example",
    "/%5cevil.example", "\\\\evil.example", "/\t/evil.example", "/\n/evil.example",
    "/\r\nSet-Cookie: x=1", "https:evil.example", "https://evil.example/",
    "http:/evil.example", "HTTPS://evil.example", "javascript:alert(1)",
    " //evil.example", "%2F%2Fevil.example", "/%2F/evil.example", "/%2f%2fevil.example",
    "\uff0f\uff0fevil.example", "/\uff3cevil.example", "evil.example", "/\x00/evil",
    "/%09/evil.example", "/%0d%0aSet-Cookie:x=1", "/" + "a" * 5000,
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_after_login_a_crafted_target_goes_to_the_default_page(live, target):
    browser = Browser(live.url)
    response = browser.login("alice", PASSWORDS["alice"], suivant=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/enregistrements"
    # Already logged in, the same target given in the address is refused the same way.
    again = browser.get("/connexion", params={"suivant": target})
    assert again.status_code == 302 and again.headers["Location"] == "/enregistrements"


@pytest.mark.parametrize("target, location", [
    ("/series", "/series"),
    ("/enregistrements?statut=brouillon&q=conte", "/enregistrements?statut=brouillon&q=conte"),
    ("/enregistrements/été", "/enregistrements/%C3%A9t%C3%A9"),
    ("/residences#haut", "/residences#haut"),
])
def test_after_login_a_path_of_this_site_is_kept(live, target, location):
    browser = Browser(live.url)
    response = browser.login("alice", PASSWORDS["alice"], suivant=target)
    assert response.status_code == 302 and response.headers["Location"] == location


# -- log-in limits --------------------------------------------------------------------


def test_thirty_wrong_passwords_in_parallel_are_checked_five_times_at_most(live):
    browsers = [Browser(live.url) for _ in range(30)]
    for browser in browsers:
        browser.get("/connexion")
    start = threading.Barrier(len(browsers))
    statuses: list[int] = []
    retry_after: list[int] = []

    def attempt(n: int, browser: Browser) -> None:
        start.wait()
        response = browser.post("/connexion", {"name": "alice", "password": f"essai-{n}"})
        statuses.append(response.status_code)
        if response.status_code == 429:
            retry_after.append(int(response.headers["Retry-After"]))

    threads = [threading.Thread(target=attempt, args=(n, b)) for n, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [401] * 5 + [429] * 25
    assert all(0 < wait <= 15 * 60 for wait in retry_after)
    with Catalogue.open(live.folder) as cat:
        assert cat.conn.execute("SELECT COUNT(*) FROM login_attempts").fetchone()[0] == 5


def test_a_throttled_address_waits_longer_each_time_but_another_gets_in(tmp_path):
    folder = make_archive(tmp_path / "archive")
    with Catalogue.open(folder) as cat:
        conn, waits = cat.conn, []
        for n in range(users.MAX_FAILURES_PER_PAIR):
            assert users.authenticate(conn, "alice", f"essai-{n}", "192.0.2.1") is None
        for _ in range(3):
            with pytest.raises(users.TooManyAttempts) as refused:
                users.authenticate(conn, "alice", PASSWORDS["alice"], "192.0.2.1")
            waits.append(refused.value.wait)
            # The wait passes (every attempt moves back in time); the attacker fails again.
            _earlier(conn, timedelta(seconds=refused.value.wait + 1))
            assert users.authenticate(conn, "alice", "encore-faux", "192.0.2.1") is None
        assert waits[0] < waits[1] < waits[2] <= users.MAX_DELAY.total_seconds()
        # The librarian at her desk: an address that never failed gets in at once.
        assert users.authenticate(conn, "alice", PASSWORDS["alice"], "198.51.100.3") is not None


def _earlier(conn, by: timedelta) -> None:
    for row_id, at in conn.execute("SELECT id, at FROM login_attempts").fetchall():
        moved = (datetime.fromisoformat(at) - by).isoformat()
        conn.execute("UPDATE login_attempts SET at = ? WHERE id = ?", (moved, row_id))


def test_attackers_on_many_addresses_do_not_lock_the_librarian_out(tmp_path):
    server = start_server(make_archive(tmp_path / "archive"), behind_proxy=True)
    try:
        for n in range(12):
            attacker = Browser(server.url, headers={"X-Forwarded-For": f"192.0.2.{n + 1}"})
            statuses = [attacker.login("bob", f"devine-{n}-{k}").status_code for k in range(7)]
            # Five tries each at most; once the account is under attack, only one.
            assert statuses == ([401] * 5 + [429] * 2 if n < 2 else [401] + [429] * 6), n
        throttled = Browser(server.url, headers={"X-Forwarded-For": "192.0.2.1"})
        response = throttled.login("bob", PASSWORDS["bob"])
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
        assert "Trop de tentatives" in response.text
        librarian = Browser(server.url, headers={"X-Forwarded-For": "203.0.113.40"})
        assert librarian.login("bob", PASSWORDS["bob"]).status_code == 302
    finally:
        from pipeline.web.server import stop

        stop(server.server, server.worker)


def test_clea_web_logs_failed_logins_to_stderr_without_the_password(tmp_path):
    folder = make_archive(tmp_path / "archive")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import main; main()", "--archive",
         str(folder), "web", "--port", str(port), "--behind-proxy"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    try:
        _wait_for_port(port, proc)
        secret = "mon-secret-tres-prive-42"
        browser = Browser(f"http://127.0.0.1:{port}",
                          headers={"X-Forwarded-For": "203.0.113.77"})
        assert browser.login("alice", secret).status_code == 401
        assert browser.login("alice", PASSWORDS["alice"]).status_code == 302
    finally:
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    failed = [line for line in stderr.splitlines() if "failed log-in" in line]
    assert len(failed) == 1, stderr
    assert "'alice'" in failed[0] and "203.0.113.77" in failed[0]
    assert secret not in stderr and PASSWORDS["alice"] not in stderr


def _wait_for_port(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"clea web stopped: {proc.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("clea web did not start listening")
