"""Fixity (invariant 3) and schema versioning."""

from __future__ import annotations

import os
import sqlite3

import pytest

from archive import Catalogue, ClearError
from archive.migrations import latest


def test_verify_passes_then_catches_a_flipped_byte(archive, media):
    slug = archive.clea("add", str(media.tone(2, freq=800)), "--series", "contes", "--title",
                        "Fixité").stdout.strip()
    ok = archive.clea("verify")
    assert ok.exit_code == 0 and "1 original checked" in ok.stdout
    stored = next(p for p in (archive.folder / "originals").rglob("*") if p.is_file())
    os.chmod(stored, 0o644)
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01
    stored.write_bytes(bytes(data))
    bad = archive.clea("verify")
    assert bad.exit_code == 1
    assert stored.name in bad.stderr and "mismatch" in bad.stderr
    assert slug  # the catalogue still knows the item
    stored.unlink()
    missing = archive.clea("verify")
    assert missing.exit_code == 1 and "missing" in missing.stderr


def test_catalogue_uses_wal_and_foreign_keys(archive):
    conn = archive.catalogue.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest()


def test_an_archive_from_a_newer_clea_is_refused_clearly(tmp_path):
    cat = Catalogue.create(tmp_path / "a")
    cat.conn.execute(f"PRAGMA user_version = {latest() + 1}")
    cat.close()
    with pytest.raises(ClearError, match="newer than this clea"):
        Catalogue.open(tmp_path / "a")


def test_an_archive_at_schema_1_is_upgraded_on_open(tmp_path):
    from archive import migrations

    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / "catalogue.sqlite", isolation_level=None)
    first = migrations.available()[0][1]
    for statement in migrations._statements(first.SQL):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO residences (slug, title, created_at) VALUES ('r', 'R', 'now')")
    conn.close()
    cat = Catalogue.open(folder)
    assert cat.conn.execute("PRAGMA user_version").fetchone()[0] == latest()
    assert cat.residence("r").title == "R"
    cat.close()


def test_not_an_archive_is_one_line(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.cli.commands import register

    register(cli)
    result = CliRunner().invoke(cli, ["--archive", str(tmp_path), "list"])
    assert result.exit_code == 1
    assert "no clea archive here" in result.stderr
