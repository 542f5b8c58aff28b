"""Benchmark of the site stage: 10,000 episodes, full build, no-op rebuild, one edit.

Run: .venv/bin/python bench/site.py [--items N] [--keep DIR]

SiteData is built directly (no catalogue, no media processing); every
rendition points at a few small real files made once with ffmpeg. Targets
(issue 14): full build <= 15 s and <= 1.0x the reference; one edited item
(pages, feeds, search index) <= 0.5 s; a no-op build (site + feeds) <= 0.3 s
with 0 files written. Pagefind's share is printed apart, and beside the
figures a reference measured in the same run: writing the same number of
files of the same sizes with the project's own atomic writer
(``write_many_if_changed``), nothing rendered. The load average is printed:
on a shared machine the ratios are what to read.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.atomic import write_many_if_changed  # noqa: E402
from archive.model import Contributor, Item, Original, Residence, Series  # noqa: E402
from pipeline.build.feeds import write_feeds  # noqa: E402
from pipeline.build.public import (
    SiteData,  # noqa: E402
    resolve,  # noqa: E402
)
from pipeline.build.renditions import (
    Chapter,  # noqa: E402
    Rendition,  # noqa: E402
    SeriesArt,  # noqa: E402
)
from pipeline.build.site import write_site  # noqa: E402
from pipeline.plumbing.config import Settings  # noqa: E402

WORDS = ("bibliothèque conte légende géant rivière forêt école quartier musique voix lecture "
         "image radio journal histoire mémoire atelier poème chanson enquête parole ville "
         "village marché usine jardin nuit lune loup renard oiseau dragon sorcière grimoire").split()
AUDIENCES = ("cycle-1", "cycle-2", "cycle-3", "cycle-4", "lycee", "adultes", "tout-public")
PLACES = ("Maubeuge", "Jeumont", "Hautmont", "Aulnoye-Aymeries", "Fourmies", "Avesnes-sur-Helpe",
          "Louvroil", "Ferrière-la-Grande")
T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def real_files(site: Path) -> dict[str, str]:
    """A few small real files every rendition points at."""
    (site / "media").mkdir(parents=True, exist_ok=True)
    (site / "covers").mkdir(parents=True, exist_ok=True)
    files = {"mp3": "media/sample.mp3", "mp4": "media/sample.mp4", "vtt": "media/sample.vtt",
             "poster": "media/sample.jpg"}
    ffmpeg("-f", "lavfi", "-i", "sine=f=440:d=2", "-b:a", "64k", str(site / files["mp3"]))
    ffmpeg("-f", "lavfi", "-i", "testsrc=d=2:s=320x240:r=25", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", "-preset", "ultrafast", str(site / files["mp4"]))
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240", "-frames:v", "1", str(site / files["poster"]))
    for px in (300, 600, 1400):
        files[f"cover{px}"] = f"covers/sample-{px}.jpg"
        ffmpeg("-f", "lavfi", "-i", f"testsrc2=s={px}x{px}", "-frames:v", "1",
               str(site / files[f"cover{px}"]))
    (site / files["vtt"]).write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour\n")
    return files


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthetic(items: int, files: dict[str, str]) -> tuple[SiteData, list[Item], dict, dict]:
    rng = random.Random(5)
    residences = [Residence(i, f"residence-{i}", f"Résidence {i}", "residence-mission",
                            sentence(rng, 30), (f"Artiste {i}",), (PLACES[i % len(PLACES)],),
                            ("lecture",), date(2025, 1, 6), date(2025, 6, 30)) for i in range(5)]
    series = [Series(i, f"serie-{i}", f"Série {i} : {sentence(rng, 3)}",
                     "video" if i % 5 == 4 else "audio", sentence(rng, 25),
                     f"residence-{i % 5}", "c0ffee", True, "Education", T0) for i in range(50)]
    covers = {px: files[f"cover{px}"] for px in (300, 600, 1400)}
    art = {s.slug: SeriesArt(s.slug, covers) for s in series}
    records, renditions = [], {}
    for n in range(items):
        s = series[n % len(series)]
        when = T0 - timedelta(hours=n)
        slug = f"episode-{n:05d}"
        video = s.medium == "video"
        original = Original(f"{n:064x}", 1000, f"{slug}.wav", s.medium, "wav", 125.0, 2)
        records.append(Item(
            id=n, slug=slug, guid=str(uuid.UUID(int=n)), series=s.slug,
            title=f"{sentence(rng, 5)[:-1]} ({n})", description=sentence(rng, 35),
            kind="pastille-video" if video else "conte",
            audiences=(AUDIENCES[n % 7], AUDIENCES[(n // 7) % 7]),
            themes=(rng.choice(WORDS), rng.choice(WORDS)), place=PLACES[n % len(PLACES)],
            language="fr", licence="cc-by-nc-nd-4.0",
            contributors=(Contributor("Lola Monset", "autrice"),
                          Contributor("Prénom Mineur", "voix", minor=True)),
            group="élèves de CM2, école Jean-Macé", recorded=when.date() - timedelta(days=365 * (n % 3)),
            published_at=when, status="published", episode=n // len(series) + 1,
            original=original, transcript_sha="ab", chapters_sha="cd", cover_sha=None,
            created_at=when, updated_at=when, revision=1))
        renditions[slug] = Rendition(
            slug=slug, medium=s.medium, path=files["mp4" if video else "mp3"],
            mime="video/mp4" if video else "audio/mpeg", bytes=40_000, duration=125.0,
            poster=files["poster"] if video else None, width=320 if video else None,
            height=240 if video else None, transcript_vtt=files["vtt"],
            transcript_text="\n\n".join(sentence(rng, 25) for _ in range(6)),
            chapters=(Chapter(0, "Début"), Chapter(60, sentence(rng, 3))))
    return data_of(records, renditions, series, residences, art), records, renditions, {
        "series": series, "residences": residences, "art": art}


def data_of(records, renditions, series, residences, art) -> SiteData:
    settings = Settings(title="Archive des résidences CLEA", base_url="https://example.fr/clea/")
    return resolve(settings, records, series, residences, renditions, art)


def timed(data: SiteData, out: Path) -> tuple[float, float, int, int]:
    """(total s, pagefind s, files owned, files written) of the feeds and pages stages."""
    lines: list[str] = []
    started = time.perf_counter()
    feeds = write_feeds(data, out)
    result = write_site(data, out, log=lines.append)
    result.files |= feeds.files
    result.written += feeds.written
    total = time.perf_counter() - started
    found = re.search(r"search index ([\d.]+) s", lines[-1])  # absent when nothing changed
    pagefind = float(found.group(1)) if found else 0.0
    return total, pagefind, len(result.files), len(result.written)


def io_floor(src: Path, dest: Path, owned: set[str]) -> float:
    """The same number of files of the same sizes, written by the project's atomic
    writer for many files, nothing rendered."""
    payloads = [(dest / rel, os.urandom((src / rel).stat().st_size)) for rel in sorted(owned)]
    started = time.perf_counter()
    write_many_if_changed(payloads)
    return time.perf_counter() - started


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build here and keep the site")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="clea-bench-site-"))
    out = args.keep or work / "site"
    try:
        files = real_files(out)
        t = time.perf_counter()
        data, records, renditions, rest = synthetic(args.items, files)
        prep = time.perf_counter() - t
        print(f"site bench: {args.items} episodes, {len(data.series)} series, "
              f"{len(data.residences)} residences (SiteData made in {prep:.1f} s); {load()}")

        full, pf, owned, written = timed(data, out)
        print(f"full build      {full:6.2f} s  (pagefind {pf:.2f} s, rest {full - pf:.2f} s)"
              f"  {written} of {owned} files written   goal <= 15 s and <= 1.0x reference")

        total, pf, owned, written = timed(data, out)
        print(f"no-op build     {total:6.2f} s  (site + feeds)  {written} files written"
              f"   goal <= 0.3 s, 0 files")

        n = len(records) // 2
        # What the catalogue does on an edit: new fields, and its triggers raise the revision.
        records[n] = dataclasses.replace(records[n], title=records[n].title + " (corrigé)",
                                         updated_at=records[n].updated_at + timedelta(days=1),
                                         revision=records[n].revision + 1)
        edited = data_of(records, renditions, rest["series"], rest["residences"], rest["art"])
        total, pf, owned, written = timed(edited, out)
        print(f"one edited item {total:6.2f} s  (pagefind {pf:.2f} s, rest {total - pf:.2f} s)"
              f"  {written} files written   goal <= 0.5 s")

        page_files = {p.relative_to(out).as_posix() for p in out.rglob("*")
                      if p.is_file() and not p.name.startswith(".")
                      and not p.relative_to(out).as_posix().startswith(("media/", "covers/"))}
        floor = io_floor(out, work / "floor", page_files)
        print(f"reference: {len(page_files)} files of the same sizes written by the atomic "
              f"writer alone: {floor:.2f} s; full build = {full / floor:.2f}x the reference "
              f"(goal <= 1.0x); {load()}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {peak:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
