"""No address or user agent in the archive's bytes after an import; the command line."""

from __future__ import annotations

import json
from urllib.parse import quote

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.cli.commands import register
from pipeline.services.stats import import_logs

from .conftest import APPLE, CHROME, GOOGLEBOT, OVERCAST, SPOTIFY, cloudfront, s3, sizes, write
from .test_import import GEANT, combined_log

ADDRESSES = ("203.0.113.5", "198.51.100.7", "198.51.100.8", "2001:db8:1:2::a",
             "203.0.113.20", "203.0.113.77")
AGENTS = (APPLE, OVERCAST, SPOTIFY, CHROME, GOOGLEBOT)


def _needles() -> list[bytes]:
    out = []
    for text in ADDRESSES + AGENTS:
        for form in (text, quote(text), quote(quote(text))):
            out += [form.encode(), form.encode("utf-16-le")]
    # The distinctive parts of agents, should one be stored cut or re-encoded.
    out += [b"CFNetwork", b"overcast.fm", b"SM-G991B", b"Win64; x64", b"google.com/bot"]
    return out


def _files_holding(folder, needles) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix not in (".mp3", ".mp4"):
            data = path.read_bytes()
            found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found


def test_no_address_or_user_agent_anywhere_in_the_archive(cat, archive_copy, tmp_path):
    size, minute = sizes(cat, GEANT)
    logs = tmp_path / "logs"
    logs.mkdir()
    paths = [
        write(logs / "access.log", combined_log(cat)),
        write(logs / "s3.log", s3([("203.0.113.77", CHROME, "2025-11-03 08:00:00", "GET",
                                     f"media/{GEANT}.mp3", 200, size)])),
        write(logs / "cf.gz", cloudfront([("203.0.113.20", APPLE, "2025-11-03 09:00:00", "GET",
                                           f"/media/{GEANT}.mp3", 206, minute, 0)]), gz=True),
    ]
    assert import_logs(cat, paths).downloads == 7
    # Connection still open: the WAL and shared-memory files are searched too.
    assert (archive_copy / "catalogue.sqlite-wal").exists()
    assert _files_holding(archive_copy, _needles()) == []
    cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _files_holding(archive_copy, _needles()) == []


def _clea(folder, *args):
    register(cli)
    return CliRunner().invoke(cli, ["--archive", str(folder), *args], catch_exceptions=False)


def test_cli_import_then_figures_in_three_formats(cat, archive_copy, tmp_path):
    log = write(tmp_path / "access.log", combined_log(cat))
    result = _clea(archive_copy, "stats", "import", str(log))
    assert result.exit_code == 0, result.output
    assert "5 downloads counted" in result.output
    again = _clea(archive_copy, "stats", "import", str(log))
    assert "already imported" in again.output and "0 downloads counted" in again.output
    text = _clea(archive_copy, "stats", "--by", "series")
    assert text.output.splitlines() == ["5  Les bibliothèques racontent (contes)", "5  total"]
    data = json.loads(_clea(archive_copy, "stats", "--by", "month", "--format", "json").output)
    assert data["rows"] == [{"key": "2025-11", "label": "2025-11", "downloads": 5}]
    csv_out = _clea(archive_copy, "stats", "--by", "episode", "--from", "2025-11-04",
                    "--to", "2025-11-04", "--format", "csv").output
    assert csv_out.splitlines() == ["episode,label,downloads",
                                    f"{GEANT},La légende du géant,1"]


def test_cli_refuses_an_unreadable_log_in_one_line(archive_copy, tmp_path):
    bad = write(tmp_path / "journal.txt", "bonjour\n")
    result = CliRunner().invoke(cli, ["--archive", str(archive_copy), "stats", "import",
                                      str(bad)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "not in a known log format" in lines[0]
    result = CliRunner().invoke(cli, ["--archive", str(archive_copy), "stats", "--from",
                                      "2025-12-01", "--to", "2025-11-01"])
    assert result.exit_code == 1 and "before it starts" in result.output
