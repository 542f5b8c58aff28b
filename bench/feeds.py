"""Benchmark: every feed and the OPML for 10,000 episodes in 40 series.

Goal (issue 4): all feeds written in 2 s or less. Reference, measured in the
same run: plain feedgen writing one 10,000-item podcast feed. Also shown:
the same feeds rendered without the item cache (each feed through feedgen
alone, ``feeds.rss.render_plain``), and a rebuild with nothing changed.

Run: ``.venv/bin/python bench/feeds.py [--episodes N] [--series N]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
from feedgen.feed import FeedGenerator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import vocabulary  # noqa: E402
from archive.model import Contributor, Item, Original, Residence, Series  # noqa: E402
from feeds.rss import render_plain  # noqa: E402
from pipeline.build import feeds as feedstage  # noqa: E402
from pipeline.build.public import (
    SiteData,  # noqa: E402
    episode_of,  # noqa: E402
)
from pipeline.build.renditions import (
    Rendition,  # noqa: E402
    SeriesArt,  # noqa: E402
)
from pipeline.plumbing import urls  # noqa: E402
from pipeline.plumbing.config import Settings  # noqa: E402

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
AUDIENCES = tuple(vocabulary.AUDIENCES)
KINDS = ("conte", "podcast", "portrait", "reportage")


def synthetic(episodes: int, series_count: int) -> SiteData:
    """A SiteData like a big archive's: 10 residences, every fifth series video."""
    settings = Settings(base_url="https://mediatheques.example.fr/", title="Archive CLEA",
                        media_base_url="https://cdn.example.fr/")
    residences = tuple(
        Residence(r, f"residence-{r}", f"Résidence n°{r}", "mission-appui", "",
                  ("Lola Monset",), (f"Ville {r}",), (), None, None) for r in range(10))
    series = tuple(
        Series(s, f"serie-{s:02d}", f"Série « {s} » des médiathèques",
               "video" if s % 5 == 4 else "audio", "Contes et podcasts.",
               f"residence-{s % 10}", "x", s % 3 != 0, "Kids & Family", T0)
        for s in range(series_count))
    art = {s.slug: SeriesArt(s.slug, {1400: f"media/series/{s.slug}-1400.jpg",
                                      3000: f"media/series/{s.slug}-3000.jpg"}) for s in series}
    made = []
    for n in range(episodes):
        s = series[n % series_count]
        slug = f"episode-{n:05d}"
        when = T0 - timedelta(hours=n)
        original = Original(f"{n:064x}", 10_000, f"{slug}.wav", s.medium, "wav", 300.0, 2)
        item = Item(
            id=n, slug=slug, guid=str(uuid.UUID(int=n)), series=s.slug,
            title=f"Épisode {n} : l'histoire du géant & de la sirène",
            description="Une histoire racontée à la médiathèque.\n\nAvec les élèves.",
            kind=KINDS[n % len(KINDS)],
            audiences=(AUDIENCES[n % len(AUDIENCES)], AUDIENCES[(n + 3) % len(AUDIENCES)]),
            themes=("lecture",), place="", language="fr", licence="cc-by-nc-nd-4.0",
            contributors=(Contributor("Lola Monset", "autrice"),
                          Contributor("Jean Dufour", "voix"),
                          Contributor("Élève", "voix", minor=True)),
            group="élèves de CM2", recorded=when.date(), published_at=when, status="published",
            episode=n // series_count + 1, original=original, transcript_sha="t",
            chapters_sha="c", cover_sha=None, created_at=when, updated_at=when)
        rendition = Rendition(
            slug=slug, medium=s.medium, path=urls.enclosure(slug, s.medium),
            mime=urls.MIME[urls.AUDIO_EXT[s.medium]], bytes=4_000_000 + n, duration=300.4,
            transcript_vtt=urls.media_file(slug, ".vtt"),
            transcript_srt=urls.media_file(slug, ".srt"),
            chapters_json=urls.media_file(slug, ".chapters.json"))
        made.append(episode_of(item, s, rendition))
    made.sort(key=lambda e: (e.published, e.episode, e.slug), reverse=True)
    return SiteData(settings, urls.Urls(settings.base_url, settings.media_base_url),
                    residences, series, art, tuple(made))


def plain_feedgen(count: int, dest: Path) -> None:
    """The reference: one feed of ``count`` items, feedgen and its podcast extension alone."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title("Archive CLEA")
    fg.link(href="https://mediatheques.example.fr/")
    fg.description("Contes et podcasts.")
    fg.language("fr")
    fg.lastBuildDate(T0)
    fg.podcast.itunes_image("https://cdn.example.fr/media/series/s-1400.jpg")
    fg.podcast.itunes_category("Education")
    for n in range(count):
        e = fg.add_entry(order="append")
        e.title(f"Épisode {n} : l'histoire du géant & de la sirène")
        e.link(href=f"https://mediatheques.example.fr/episodes/episode-{n:05d}/")
        e.content("<p>Une histoire racontée à la médiathèque.</p>", type="CDATA")
        e.guid(str(uuid.UUID(int=n)), permalink=False)
        e.enclosure(f"https://cdn.example.fr/media/episode-{n:05d}.mp3", str(4_000_000 + n),
                    "audio/mpeg")
        e.pubDate(T0 - timedelta(hours=n))
        e.podcast.itunes_duration("300")
        e.podcast.itunes_image("https://cdn.example.fr/media/series/s-1400.jpg")
    fg.rss_file(str(dest), pretty=True)


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=10_000)
    parser.add_argument("--series", type=int, default=40)
    args = parser.parse_args()
    proc = psutil.Process(os.getpid())

    made_s, data = timed(synthetic, args.episodes, args.series)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ref_s, _ = timed(plain_feedgen, args.episodes, out / "reference.xml")
        ref_mb = (out / "reference.xml").stat().st_size / 1e6
        rss_before = proc.memory_info().rss
        cold_s, cold = timed(feedstage.write_feeds, data, out / "site")
        rss_after = proc.memory_info().rss
        warm_s, warm = timed(feedstage.write_feeds, data, out / "site")
        feeds = [p for p in cold.files if p.endswith(".xml")]
        items = sum((out / "site" / p).read_bytes().count(b"<item>") for p in feeds)
        size = sum((out / "site" / p).stat().st_size for p in cold.files) / 1e6

        def uncached():
            for channel in feedstage.channels(data):
                render_plain(channel)

        plain_s, _ = timed(uncached)

    print(f"synthetic archive: {len(data.episodes)} episodes, {len(data.series)} series, "
          f"{len(data.residences)} residences (built in {made_s:.2f} s)")
    print(f"clea feeds: {len(feeds)} feeds + OPML, {items} items in all, {size:.1f} MB")
    print()
    print(f"{'':44}{'seconds':>9}{'items/s':>10}")
    print(f"{'plain feedgen, one 10,000-item feed':44}{ref_s:9.2f}"
          f"{args.episodes / ref_s:10.0f}   ({ref_mb:.1f} MB)")
    print(f"{'clea write_feeds, every feed + OPML':44}{cold_s:9.2f}{items / cold_s:10.0f}")
    print(f"{'  same feeds, feedgen alone per feed':44}{plain_s:9.2f}{items / plain_s:10.0f}")
    print(f"{'clea rebuild, nothing changed':44}{warm_s:9.2f}"
          f"{'':10}   ({len(warm.written)} file(s) written)")
    print(f"memory held after the write: {(rss_after - rss_before) / 1e6:+.0f} MB "
          f"(process RSS {rss_after / 1e6:.0f} MB)")
    print()
    print(f"goal, all feeds in 2 s or less: {'yes' if cold_s <= 2 else 'NO'} ({cold_s:.2f} s)")


if __name__ == "__main__":
    main()
