"""Downloads counted from logs in the three formats, one crafted case per IAB rule.

Expected counts are written out by hand beside each case. Byte amounts are
given in minutes of the episode's real file (its size and length come from the
build), so the one-minute threshold is tested at its edge.
"""

from __future__ import annotations

import shutil

import pytest

from archive import ClearError
from pipeline.services.stats import figures, import_logs, totals

from .conftest import (
    ADDICT,
    APPLE,
    BINGBOT,
    CHROME,
    CURL,
    GOOGLEBOT,
    OVERCAST,
    SPOTIFY,
    cloudfront,
    combined,
    s3,
    sizes,
    write,
)

GEANT = "la-legende-du-geant"
CHANSON = "une-chanson-de-mon-enfance"


def by_day(cat) -> dict[tuple[str, str], int]:
    rows = cat.conn.execute(
        "SELECT l.day, i.slug, SUM(l.downloads) FROM listening_daily l"
        " JOIN items i ON i.id = l.item_id GROUP BY l.day, i.slug")
    return {(r[0], r[1]): r[2] for r in rows}


def combined_log(cat) -> str:
    size, minute = sizes(cat, GEANT)
    path = f"/media/{GEANT}.mp3"
    return combined([
        # A: a whole file at 08:00 → download 1 (3 Nov).
        ("203.0.113.5", APPLE, "2025-11-03 08:00:00", "GET", path, 200, size),
        # A again the same evening, and 23 h 59 min later: same 24-hour window → nothing.
        ("203.0.113.5", APPLE, "2025-11-03 20:00:00", "GET", path, 200, size),
        ("203.0.113.5", APPLE, "2025-11-04 07:59:59", "GET", path, 200, size),
        # A exactly 24 h after the window opened: a new window → download 2 (4 Nov).
        ("203.0.113.5", APPLE, "2025-11-04 08:00:00", "GET", path, 200, size),
        # B: three 206 ranges, 0.4 + 0.4 (under a minute) then + 0.3 → download 3 (3 Nov).
        ("198.51.100.7", OVERCAST, "2025-11-03 10:00:00", "GET", path, 206, int(minute * .4)),
        ("198.51.100.7", OVERCAST, "2025-11-03 10:05:00", "GET", path, 206, int(minute * .4)),
        ("198.51.100.7", OVERCAST, "2025-11-03 10:10:00", "GET", path, 206, int(minute * .3)),
        # C: half a minute only → nothing.
        ("198.51.100.8", SPOTIFY, "2025-11-03 11:00:00", "GET", path, 206, int(minute * .5)),
        # D: B's address with another app is another listener → download 4 (3 Nov).
        ("198.51.100.7", CHROME, "2025-11-03 12:00:00", "GET", path, 200, size),
        # HEAD asks for nothing, 404 and 416 send nothing → nothing.
        ("192.0.2.10", ADDICT, "2025-11-03 13:00:00", "HEAD", path, 200, size),
        ("192.0.2.11", ADDICT, "2025-11-03 13:00:00", "GET", path, 404, size),
        ("192.0.2.12", ADDICT, "2025-11-03 13:00:00", "GET", path, 416, size),
        # Bots and an empty user agent, whole files → nothing.
        ("66.249.66.1", GOOGLEBOT, "2025-11-03 14:00:00", "GET", path, 200, size),
        ("192.0.2.13", CURL, "2025-11-03 14:00:00", "GET", path, 200, size),
        ("192.0.2.14", "-", "2025-11-03 14:00:00", "GET", path, 200, size),
        # Not an episode: a feed and a page → nothing.
        ("192.0.2.15", APPLE, "2025-11-03 15:00:00", "GET", "/feeds/contes.xml", 200, size),
        ("192.0.2.15", APPLE, "2025-11-03 15:00:00", "GET", f"/episodes/{GEANT}/", 200, size),
        # IPv6: two addresses of one /64 network with one app are one listener → download 5.
        ("2001:db8:1:2::a", ADDICT, "2025-11-05 09:00:00", "GET", path, 200, size),
        ("2001:db8:1:2::b", ADDICT, "2025-11-05 10:00:00", "GET", path, 200, size),
    ])


def test_combined_log_counts_each_iab_rule(cat, tmp_path):
    log = write(tmp_path / "access.log", combined_log(cat))
    report = import_logs(cat, [log])
    assert report.logs[0].format == "combined"
    assert by_day(cat) == {("2025-11-03", GEANT): 3, ("2025-11-04", GEANT): 1,
                           ("2025-11-05", GEANT): 1}
    assert report.downloads == 5
    assert report.logs[0].bots == 3
    apps = {r.key: r.downloads for r in figures(cat, by="app").rows}
    assert apps == {"Apple Podcasts": 2, "Overcast": 1, "Navigateur Chrome": 1,
                    "Podcast Addict": 1}


def test_s3_access_log_with_a_bucket_prefix(cat, tmp_path):
    size, minute = sizes(cat, CHANSON)
    key = f"site/media/{CHANSON}.mp3"
    log = write(tmp_path / "2025-11-03-10-00-00-ABCDEF", s3([
        ("203.0.113.5", APPLE, "2025-11-03 08:00:00", "GET", key, 200, size),  # → 1
        ("203.0.113.6", APPLE, "2025-11-03 08:00:00", "HEAD", key, 200, 0),  # HEAD → 0
        ("203.0.113.7", APPLE, "2025-11-03 08:00:00", "GET", key, 403, 243),  # refused → 0
        ("157.55.39.1", BINGBOT, "2025-11-03 08:00:00", "GET", key, 200, size),  # bot → 0
        ("203.0.113.8", SPOTIFY, "2025-11-03 09:00:00", "GET", key, 206, minute - 1),  # → 0
        ("203.0.113.9", SPOTIFY, "2025-11-03 09:00:00", "GET", key, 206, minute // 2),
        ("203.0.113.9", SPOTIFY, "2025-11-03 09:01:00", "GET", key, 206, minute // 2 + 1),  # → 1
    ]))
    report = import_logs(cat, [log])
    assert report.logs[0].format == "s3"
    assert by_day(cat) == {("2025-11-03", CHANSON): 2}
    assert totals(cat) == {"souvenirs": 2}


def test_cloudfront_log_unions_ranges_and_keeps_a_rolling_window(cat, tmp_path):
    size, minute = sizes(cat, GEANT)
    path = f"/media/{GEANT}.mp3"
    half = int(minute * .6)
    log = write(tmp_path / "E2ABCDEF.2025-11-03-23.a1b2c3.gz", cloudfront([
        # The same 0.6 minute asked twice: 0.6 minute received, not 1.2 → nothing yet.
        ("203.0.113.20", APPLE, "2025-11-03 09:00:00", "GET", path, 206, half, 0),
        ("203.0.113.20", APPLE, "2025-11-03 09:00:05", "GET", path, 206, half, 0),
        # Then the next 0.5 minute: 1.1 minutes in all → download (3 Nov).
        ("203.0.113.20", APPLE, "2025-11-03 09:00:10", "GET", path, 206, int(minute * .5), half),
        # 23:30 and 00:30 the next day: one rolling window, not two calendar days → 1 (3 Nov).
        ("203.0.113.21", OVERCAST, "2025-11-03 23:30:00", "GET", path, 200, size, None),
        ("203.0.113.21", OVERCAST, "2025-11-04 00:30:00", "GET", path, 200, size, None),
        # A bot and a HEAD → nothing.
        ("66.249.66.1", GOOGLEBOT, "2025-11-04 01:00:00", "GET", path, 200, size, None),
        ("203.0.113.22", APPLE, "2025-11-04 01:00:00", "HEAD", path, 200, 0, None),
    ]), gz=True)
    report = import_logs(cat, [log])
    assert report.logs[0].format == "cloudfront"
    assert by_day(cat) == {("2025-11-03", GEANT): 2}
    assert report.logs[0].bots == 1


def test_reimport_counts_nothing_twice_plain_gzip_or_grown(cat, tmp_path):
    text = combined_log(cat)
    log = write(tmp_path / "access.log", text)
    import_logs(cat, [log])
    before = by_day(cat)
    # The same log again, gzipped under another name, and twice in one command.
    again = import_logs(cat, [write(tmp_path / "access.log.1.gz", text, gz=True), log, log])
    assert [entry.state for entry in again.logs] == ["already-imported"] * 3
    assert again.downloads == 0
    assert by_day(cat) == before
    # The log grew: only its new lines count (one new listener → one more download).
    size, _ = sizes(cat, GEANT)
    grown = text + combined([("203.0.113.99", SPOTIFY, "2025-11-06 08:00:00", "GET",
                              f"/media/{GEANT}.mp3", 200, size)])
    report = import_logs(cat, [write(tmp_path / "access.log", grown)])
    assert report.logs[0].state == "extended"
    assert report.logs[0].lines == 1
    assert by_day(cat) == {**before, ("2025-11-06", GEANT): 1}


def test_unknown_format_and_unreadable_files_are_refused_and_count_nothing(cat, tmp_path):
    good = write(tmp_path / "access.log", combined_log(cat))
    bad = write(tmp_path / "notes.txt", "\nCeci n'est pas un journal d'accès.\n")
    with pytest.raises(ClearError) as exc:
        import_logs(cat, [good, bad])
    assert exc.value.code == "stats.unknown-format"
    assert exc.value.params["line"] == 2
    assert "notes.txt" in exc.value.line()
    broken = tmp_path / "access.log.2.gz"
    shutil.copyfile(write(tmp_path / "x.gz", combined_log(cat) * 50, gz=True), broken)
    with open(broken, "r+b") as fh:
        fh.seek(400)
        fh.write(b"\0" * 64)
    for path, code in ((broken, "stats.unreadable"), (tmp_path / "absent.log", "file.missing"),
                       (tmp_path, "stats.is-folder")):
        with pytest.raises(ClearError) as exc:
            import_logs(cat, [good, path])
        assert exc.value.code == code
        assert str(path) in exc.value.line()
    assert by_day(cat) == {}
    assert cat.conn.execute("SELECT COUNT(*) FROM listening_logs").fetchone()[0] == 0
