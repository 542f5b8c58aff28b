"""Accounts: scrypt hashes, the `clea user` commands, log-in throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archive import ClearError, users


def test_password_hash_is_salted_scrypt_and_never_holds_the_password():
    first = users.hash_password("un mot de passe")
    second = users.hash_password("un mot de passe")
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**15), "8", "1")
    assert first != second  # a salt per hash
    assert "mot de passe" not in first
    assert users.check_password("un mot de passe", first)
    assert users.check_password("un mot de passe", second)
    assert not users.check_password("un mot de passe ", first)
    assert not users.check_password("un mot de passe", "scrypt$garbage")


def test_user_commands_add_list_passwd_remove(archive):
    result = archive.clea("user", "add", "claire", "--role", "responsable", "--password-stdin",
                          input="premier-secret\n")
    assert result.exit_code == 0, result.output
    assert "premier-secret" not in result.output
    listed = archive.clea("user", "list")
    assert listed.output.split("\t")[:2] == ["claire", "responsable"]
    conn = archive.catalogue.conn
    assert users.authenticate(conn, "claire", "premier-secret", "10.0.0.1") is not None
    stored = conn.execute("SELECT password_hash FROM users WHERE name='claire'").fetchone()[0]
    assert stored.startswith("scrypt$") and "premier-secret" not in stored

    result = archive.clea("user", "passwd", "claire", "--password-stdin", input="second-secret\n")
    assert result.exit_code == 0, result.output
    assert users.authenticate(conn, "claire", "premier-secret", "10.0.0.1") is None
    assert users.authenticate(conn, "claire", "second-secret", "10.0.0.1") is not None

    assert archive.clea("user", "remove", "claire").exit_code == 0
    assert archive.clea("user", "list").output == ""


def test_user_add_asks_twice_without_stdin_flag(archive):
    result = archive.clea("user", "add", "denis", "--role", "bibliothecaire",
                          input="tres-secret-1\ntres-secret-1\n")
    assert result.exit_code == 0, result.output
    assert users.get_user(archive.catalogue.conn, "denis").role == "bibliothecaire"


@pytest.mark.parametrize("args, stdin, reason", [
    (["user", "add", "eve", "--role", "responsable", "--password-stdin"], "court\n",
     "at least 8 characters"),
    (["user", "add", "e ve", "--role", "responsable", "--password-stdin"], "assez-long-1\n",
     "account name"),
    (["user", "remove", "personne"], None, "no account with this name"),
    (["user", "passwd", "personne", "--password-stdin"], "assez-long-1\n",
     "no account with this name"),
])
def test_user_command_refusals_are_one_line(archive, args, stdin, reason):
    result = archive.clea(*args, input=stdin)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0] and lines[0].startswith("clea: ")


def test_duplicate_account_and_unknown_role_are_refused(archive):
    conn = archive.catalogue.conn
    users.add_user(conn, "fanny", users.BIBLIOTHECAIRE, "assez-long-1")
    with pytest.raises(ClearError, match="already exists"):
        users.add_user(conn, "fanny", users.RESPONSABLE, "assez-long-2")
    with pytest.raises(ClearError, match="role"):
        users.add_user(conn, "gilles", "admin", "assez-long-2")


def test_failed_logins_slow_that_address_down_then_the_wait_passes(archive):
    conn = archive.catalogue.conn
    users.add_user(conn, "henri", users.BIBLIOTHECAIRE, "le-bon-secret")
    assert users.wait_before_login(conn, "henri", "10.0.0.2") == 0
    for _ in range(users.MAX_FAILURES_PER_PAIR):
        assert users.authenticate(conn, "henri", "mauvais", "10.0.0.2") is None
    wait = users.wait_before_login(conn, "henri", "10.0.0.2")
    assert 0 < wait <= users.FIRST_DELAY.total_seconds()
    with pytest.raises(users.TooManyAttempts):
        users.authenticate(conn, "henri", "le-bon-secret", "10.0.0.2")
    # Another address, that never failed, is not kept out by these failures.
    assert users.wait_before_login(conn, "henri", "10.0.0.3") == 0
    later = datetime.now(UTC) + users.FIRST_DELAY + timedelta(seconds=5)
    assert users.wait_before_login(conn, "henri", "10.0.0.2", now=later) == 0


def test_failed_logins_from_one_address_lock_that_address(archive):
    conn = archive.catalogue.conn
    for n in range(users.MAX_FAILURES_PER_ADDRESS):
        users.authenticate(conn, f"devine{n}", "mauvais", "10.9.9.9")
    assert users.wait_before_login(conn, "quelquun", "10.9.9.9") > 0
    assert users.wait_before_login(conn, "quelquun", "10.9.9.8") == 0
