"""The demo's week of logs: believable counts, and a second demo run counts nothing twice."""

from __future__ import annotations

from pipeline.demo.stats import import_demo_logs
from pipeline.services.stats import figures


def test_demo_week_gives_believable_figures_once(cat, tmp_path):
    import_demo_logs(cat, tmp_path / "logs")
    rows = {r.key: r.downloads for r in figures(cat, by="series").rows}
    apps = {r.key for r in figures(cat, by="app").rows}
    total = sum(rows.values())
    assert set(rows) == {"contes", "souvenirs"}
    assert 300 < total < 1000  # fewer than the requests: repeats, short tries and bots
    assert {"Apple Podcasts", "Spotify", "Deezer", "Overcast"} <= apps
    assert not {"Googlebot", "bingbot", "AhrefsBot", "curl"} & apps
    again = import_demo_logs(cat, tmp_path / "logs")
    assert "0 new download(s)" in again
    assert sum(r.downloads for r in figures(cat, by="series").rows) == total
