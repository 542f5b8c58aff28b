"""The media stage of ``clea build``: keyed derivatives, made only when their inputs change.

For each public item:

- the **encode** (normalised MP3, or H.264/AAC MP4) is named by a key over the
  original's sha256 and the settings that shape it, and kept untagged in
  ``<archive>/cache/media/<key>.<ext>``; it is made only when no encode with
  that key exists (a new loudness target re-encodes what it affects, nothing else);
- the **site copy** at the stable URL ``media/<slug>.mp3|mp4`` is the encode
  plus tags, written atomically; it is rewritten only when the encode or the tags
  changed, or the file there is not the one we left (size and mtime);
- side files (poster, transcripts, chapters) are rewritten only when their bytes
  differ, covers are named by their content and made once;
- a series' **intro and outro** are prepared once per loudness target in
  ``<archive>/cache/jingles/<recipe>.wav`` (``media.jingles``); the recipe's key
  is part of each episode's encode key, so a new intro re-encodes that series
  only. Chapters and cues move by the intro's length; with an intro, chapters
  open on « Générique » at 0 (and close on « Générique de fin » with an outro),
  so the chapter list covers the whole file as players expect.

The table ``derivatives`` (migration 0002) records what was made, and
``measurements`` each original's loudness, so a rebuild with nothing changed
probes nothing, encodes nothing and writes nothing (invariant 8). A file that
fails is reported in ``failed`` and the others still build.

The encodes run several at a time (``jobs``, one per core by default): worker
threads each wait on one ffmpeg, and an interrupt stops every one of them
(``media.ffmpeg.Children``) before the build unwinds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from archive import AUDIO, N_, PLAYED, Catalogue, ClearError, Item, Residence, Series, vocabulary
from archive.atomic import atomic_path, write_bytes, write_if_changed
from archive.derivatives import Derivatives, Measurement
from media import MediaError, chapters, covers, ffmpeg, jingles, tags, transcripts
from media.audio import MP3_LOSS_DB, AudioSpec, encode_mp3
from media.loudness import MEASURE_VERSION, Loudness, measure
from media.video import VideoSpec, encode_mp4, picture, poster
from pipeline.build import pictures
from pipeline.build.public import credits_of
from pipeline.build.redact import redact
from pipeline.build.renditions import Chapter, Rendition, SeriesArt
from pipeline.plumbing import urls
from pipeline.plumbing.config import Settings
from pipeline.plumbing.progress import bar

CACHE = Path("cache") / "media"
JINGLES = Path("cache") / "jingles"
INTRO_CHAPTER, OUTRO_CHAPTER = "Générique", "Générique de fin"
COVERS = "covers"
ENCLOSURE = "enclosure"
TAG_COVER_PX = 600  # the picture embedded in tags: apps show the feed's big one


@dataclass
class DeriveResult:
    renditions: dict[str, Rendition] = field(default_factory=dict)  # item slug -> Rendition
    series_art: dict[str, SeriesArt] = field(default_factory=dict)  # series slug -> SeriesArt
    failed: dict[str, str] = field(default_factory=dict)  # item slug -> one-line reason
    # Public items not published, and why (a document naming a minor): unlike a
    # failure, what an earlier build published of them is removed.
    withheld: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)  # site paths this stage owns (kept or written)
    written: list[str] = field(default_factory=list)  # site paths (re)written this run
    encodes: int = 0  # full audio/video encodes this run
    retags: int = 0  # tag-only rewrites of a site copy this run
    probes: int = 0  # ffprobe/measure passes this run


@dataclass(frozen=True)
class _Encode:
    """The untagged encode in the cache, and the facts the rendition needs."""

    key: str
    cached: Path
    start: float  # seconds cut from the original's start (silence)
    duration: float  # of the whole file, intro and outro included
    width: int | None = None
    height: int | None = None
    lead: float = 0.0  # the series' intro at the start of the file, seconds
    trail: float = 0.0  # its outro at the end

    @property
    def episode(self) -> float:
        """How long the episode itself lasts in the file, between intro and outro."""
        return round(self.duration - self.lead - self.trail, 3)


def available_cores() -> int:
    """The processors this process may run on (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def derive(cat: Catalogue, settings: Settings, items: list[Item], out: Path, *,
           log: Callable[[str], None] = lambda s: None, progress: bool = True,
           jobs: int | None = None,
           on_progress: Callable[[float], None] | None = None) -> DeriveResult:
    """Make (or keep) every public item's media under ``out``; see the module docstring.

    The encodes (measure and encode passes, each one ffmpeg) run ``jobs`` at a
    time (default: the cores available). Threads, not processes, wait on them:
    ffmpeg is already the process doing the work, a waiting thread costs nothing,
    and everything that touches the catalogue (SQLite), the site folder and the
    log stays on this thread, in the items' order; the encodes start longest
    first, so the last to finish is not a long one begun late. ``files`` also holds the
    existing media of an item that failed this time, so a failing rebuild never
    deletes what an earlier build published.
    """
    stage = _Stage(cat, settings, Path(out), log, progress)
    series = {s.slug: s for s in cat.series_list()}
    residences = {r.slug: r for r in cat.residences()}
    meter = _Meter(len(items), progress, on_progress)
    children = ffmpeg.Children()
    pool = ThreadPoolExecutor(max(1, jobs or available_cores()), thread_name_prefix="encode")
    try:
        pending: dict[str, tuple[_Job, Future]] = {}  # encode key -> its job
        # item slug -> what is there, or to make, or _STILL; None once it failed
        planned: dict[str, _Encode | _Job | str | None] = {}
        to_make: dict[str, tuple[_Job, str]] = {}  # encode key -> its job, the first item's slug
        for item in items:
            try:
                got = _STILL if item.medium not in PLAYED else stage.plan(item, series[item.series])
            except (MediaError, ClearError) as exc:
                stage.fail(item, exc)
                planned[item.slug] = None
                continue
            if isinstance(got, _Job):
                to_make.setdefault(got.key, (got, item.slug))
            planned[item.slug] = got
        # Longest first: a long recording started last would run alone at the end
        # while the other workers wait (an hour of talk after eight short tales on two
        # workers ends when the tales' half and the hour have both passed).
        for job, slug in sorted(to_make.values(), key=lambda made: -made[0].work):
            pending[job.key] = (job, pool.submit(_make, job, children,
                                                 meter.ticker(slug, job.work)))
        for item in items:
            got = planned[item.slug]
            if got is not None:
                try:
                    stage.result.renditions[item.slug] = (
                        pictures.rendition(stage, item) if got is _STILL
                        else _played(stage, item, got, pending, series, residences))
                except pictures.HeldBack as exc:
                    stage.result.withheld[item.slug] = exc.line()  # the build says it
                except (MediaError, ClearError) as exc:
                    stage.fail(item, exc)
            meter.done(item.slug)
    except BaseException:
        children.stop()  # every running ffmpeg, now; the workers then unwind
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        meter.close()
    stage.prune_cache()
    return stage.result


# Pictures and documents: no encode, their public copies are made by pictures.py.
_STILL = "still"


def _played(stage: _Stage, item: Item, got: _Encode | _Job,
            pending: dict[str, tuple[_Job, Future]], series: dict[str, Series],
            residences: dict[str, Residence]) -> Rendition:
    """The rendition of an audio or video item, once its encode is there."""
    enc = stage.made_encode(item, *pending[got.key]) if isinstance(got, _Job) else got
    s = series[item.series]
    residence = residences.get(s.residence) if s.residence else None
    return stage.item(item, enc, s, residence, stage.series_art(s))


@dataclass(frozen=True)
class _Job:
    """An encode to make in a worker: everything it needs, nothing of the catalogue."""

    key: str
    cached: Path
    source: Path
    spec: AudioSpec | VideoSpec
    audio: bool
    name: str
    channels: int
    length: float
    kept: Loudness | None  # the stored measure, if the original was measured before
    intro: jingles.Prepared | None = None  # the series' prepared intro, joined at the start
    outro: jingles.Prepared | None = None

    @property
    def work(self) -> float:
        """Seconds of media this job reads: the measure pass (unless kept) and the encode."""
        return self.length * (1 if self.kept or not self.channels else 2)


@dataclass(frozen=True)
class _Made:
    enc: _Encode
    measured: Loudness | None  # a new measure, to store
    probes: int


def _make(job: _Job, children: ffmpeg.Children,
          tick: Callable[[float], None]) -> _Made:
    """Measure (if needed) and encode one original into the cache; runs in a worker thread.

    Its ffmpeg processes belong to ``children``, so an interrupt stops them; the
    cache file appears under its final name only once whole (``atomic_path``).
    """
    with children.joined():
        probes, measured = 0, None
        loud = job.kept
        offset = 0.0
        if loud is None and job.channels:
            loud = measured = measure(job.source, subject=job.name, channels=job.channels,
                                      trim=job.audio, on_time=tick)
            probes, offset = 1, job.length
        on_time = (lambda t: tick(offset + t)) if offset else tick
        with atomic_path(job.cached) as tmp:
            if job.audio:
                assert isinstance(job.spec, AudioSpec) and loud is not None
                done = encode_mp3(job.source, tmp, loud=loud, spec=job.spec,
                                  channels=job.channels, subject=job.name, on_time=on_time,
                                  intro=job.intro, outro=job.outro)
                enc = _Encode(job.key, job.cached, done.start, done.duration, lead=done.lead,
                              trail=done.trail)
                probes += done.passes
            else:
                assert isinstance(job.spec, VideoSpec)
                pic = picture(job.source, subject=job.name)
                video = encode_mp4(job.source, tmp, pic=pic, loud=loud, spec=job.spec,
                                   channels=job.channels, duration=job.length,
                                   subject=job.name, on_time=on_time)
                enc = _Encode(job.key, job.cached, 0.0, video.duration, video.width,
                              video.height)
                probes += 1 + video.passes
    return _Made(enc, measured, probes)


class _Meter:
    """One progress bar for the whole stage, in files, moved by the encodes as they run.

    Each item counts one file; a running encode moves it by the share of its
    media already read, so the bar (and the web job's ``on_progress``, 0 to 1)
    advances smoothly whichever worker reports. Workers call the ticks, so
    updates are serialised here.
    """

    def __init__(self, count: int, progress: bool,
                 on_progress: Callable[[float], None] | None) -> None:
        self.count = count
        self.share: dict[str, float] = {}
        self.total = 0.0
        self.lock = threading.Lock()
        self.on_progress = on_progress
        self.bar = bar(count, N_("media"), unit="file") if progress else None

    def _set(self, slug: str, share: float) -> None:
        with self.lock:
            old = self.share.get(slug, 0.0)
            if share <= old:
                return
            self.share[slug] = share
            self.total += share - old
            if self.bar is not None:
                self.bar.update(share - old)
            if self.on_progress is not None and self.count:
                # Rounded: a sum of shares may end at 0.9999999999999997 instead of 1.
                self.on_progress(min(1.0, round(self.total / self.count, 9)))

    def ticker(self, slug: str, work: float) -> Callable[[float], None]:
        """``on_time`` for an encode reading ``work`` seconds of media in all (kept below
        the whole file, which ``done`` completes)."""
        return lambda t: self._set(slug, 0.99 * max(0.0, min(1.0, t / work)) if work else 0.0)

    def done(self, slug: str) -> None:
        self._set(slug, 1.0)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _Stage:
    def __init__(self, cat: Catalogue, settings: Settings, out: Path,
                 log: Callable[[str], None], progress: bool) -> None:
        self.cat, self.settings, self.out, self.log, self.progress = (
            cat, settings, out, log, progress)
        self.cache = cat.folder / CACHE
        self.made = Derivatives(cat.conn)
        self.result = DeriveResult()
        self.jingle_cache = cat.folder / JINGLES
        self.jingle_keys: set[str] = set()  # prepared jingles this run's encodes name
        self.minor_names: list[str] | None = None  # read when a document needs them
        self.counted: set[str] = set()  # encode keys made and counted this run

    # -- one item ---------------------------------------------------------------------

    def item(self, item: Item, enc: _Encode, series: Series, residence: Residence | None,
             art: SeriesArt) -> Rendition:
        """Everything of one item around its encode: tags, site copy, side files."""
        cover = self.item_cover(item) or art.cover
        minors = [c.name for c in item.contributors if c.minor]
        chaps = self.chapters(item, enc, minors)
        tagset = self.tagset(item, series, residence, cover, chaps, enc.duration)
        path, size = self.place(item, enc, tagset)
        side = self.transcripts(item, enc, minors)
        poster_path = self.poster(item, enc) if item.medium != AUDIO else None
        return Rendition(
            slug=item.slug, medium=item.medium, path=path, mime=urls.MIME[path.rsplit(".", 1)[1]],
            bytes=size, duration=enc.duration, cover=cover, poster=poster_path,
            width=enc.width, height=enc.height, **side,
            chapters_json=self.chapters_file(item, chaps),
            chapters=tuple(Chapter(start, title) for start, title in chaps),
        )

    def fail(self, item: Item, exc: MediaError | ClearError) -> None:
        """One item failed: say so, keep what an earlier build published of it."""
        self.result.failed[item.slug] = exc.line()
        self.keep_existing(item)
        self.log(f"media: {item.slug}: {exc.line()}")

    def plan(self, item: Item, series: Series) -> _Encode | _Job:
        """The cached untagged encode for the current settings, or the job that makes it."""
        source = self.cat.original_path(item.original.sha256)
        if not source.is_file():
            raise MediaError(N_("the original is missing from the store (run `clea verify`)"),
                             item.original.name, code="store.original-missing")
        audio = item.medium == AUDIO
        mono = item.original.channels == 1
        s = self.settings
        spec = (AudioSpec(mono=mono, lufs=s.mono_lufs if mono else s.stereo_lufs,
                          true_peak=s.true_peak, bitrate=s.mono_bitrate if mono
                          else s.stereo_bitrate) if audio
                else VideoSpec(mono=mono, lufs=s.mono_lufs if mono else s.stereo_lufs,
                               true_peak=s.true_peak, audio_bitrate=s.mono_bitrate if mono
                               else s.stereo_bitrate))
        recipes = self.jingle_recipes(series, spec) if audio else {}
        if recipes:
            spec = replace(spec, **{which: r.key() for which, r in recipes.items()})
        key = spec.key(item.original.sha256)
        cached = self.cache / f"{key}.{'mp3' if audio else 'mp4'}"
        row = self._row(item.id)
        if row and row["key"] == key and cached.is_file():
            return _Encode(key, cached, row["start"], row["duration"], row["width"], row["height"],
                           row["lead"], row["trail"])
        channels = item.original.channels
        # The intro and outro are prepared here (pydub, a few seconds of sound), so the
        # worker only joins them in its streaming encode.
        made = {which: self.jingle(r, series) for which, r in recipes.items()}
        return _Job(key, cached, source, spec, audio, item.original.name, channels,
                    item.original.duration, self.kept_loudness(item) if channels else None,
                    made.get(jingles.INTRO), made.get(jingles.OUTRO))

    def made_encode(self, item: Item, job: _Job, future: Future) -> _Encode:
        """Wait for ``job`` and record what it made (here, on the catalogue's thread)."""
        made: _Made = future.result()
        if made.measured is not None:
            loud = made.measured
            self.made.record_measurement(
                item.original.sha256, MEASURE_VERSION, job.channels, Measurement(
                    loud.integrated, loud.peak, loud.lra, loud.duration, loud.head, loud.tail))
        enc = made.enc
        if job.key not in self.counted:  # two items of one original share one encode
            self.counted.add(job.key)
            self.result.probes += made.probes
            self.result.encodes += 1
            self.log(f"media: {item.slug}: encoded")
        self.made.record_encode(
            item.id, ENCLOSURE, key=job.key, path=urls.enclosure(item.slug, item.medium),
            mime=urls.MIME[enc.cached.suffix[1:]], size=enc.cached.stat().st_size,
            duration=enc.duration, start=enc.start, width=enc.width, height=enc.height,
            lead=enc.lead, trail=enc.trail)
        return enc

    def jingle_recipes(self, series: Series, spec: AudioSpec) -> dict[str, jingles.Recipe]:
        """How the series' intro and outro are prepared for episodes encoded with ``spec``."""
        recipes = {which: jingles.Recipe(sha, spec.lufs, spec.true_peak, MP3_LOSS_DB,
                                         spec.sample_rate, spec.mono)
                   for which, sha in ((jingles.INTRO, series.intro_sha),
                                      (jingles.OUTRO, series.outro_sha)) if sha}
        self.jingle_keys.update(r.key() for r in recipes.values())
        return recipes

    def jingle(self, recipe: jingles.Recipe, series: Series) -> jingles.Prepared:
        """The prepared intro or outro for ``recipe``, made with pydub if not cached."""
        path = self.jingle_cache / f"{recipe.key()}.wav"
        if path.is_file():
            return jingles.Prepared.read(path)
        source = self.cat.original_path(recipe.original_sha)
        if not source.is_file():
            raise MediaError(N_("the original is missing from the store (run `clea verify`)"),
                             f"{series.slug} (générique)", code="store.original-missing")
        with atomic_path(path) as tmp:
            jingles.prepare(source, tmp, recipe, subject=f"{series.slug} (générique)")
        self.result.probes += 1
        self.log(f"media: {series.slug}: intro/outro prepared")
        return jingles.Prepared.read(path)

    def kept_loudness(self, item: Item) -> Loudness | None:
        """The original's measure if it was taken before (kept in ``measurements``)."""
        kept = self.made.measurement(item.original.sha256, MEASURE_VERSION,
                                     item.original.channels)
        if kept:
            return Loudness(kept.integrated, kept.peak, kept.lra, kept.duration, kept.head,
                            kept.tail)
        return None

    def place(self, item: Item, enc: _Encode, tagset: tags.TagSet) -> tuple[str, int]:
        """The tagged copy at the stable URL; rewritten only if encode or tags changed."""
        path = urls.enclosure(item.slug, item.medium)
        site = self.out / path
        tag_key = hashlib.sha256(f"{enc.key}:{tagset.key()}".encode()).hexdigest()[:32]
        row = self._row(item.id)
        self.result.files.add(path)
        with contextlib.suppress(FileNotFoundError):
            st = site.stat()
            if row and row["tag_key"] == tag_key and (st.st_size, st.st_mtime_ns) == (
                    row["site_size"], row["site_mtime_ns"]):
                return path, st.st_size
        fresh = bool(row) and row["tag_key"] == ""
        with atomic_path(site) as tmp:
            shutil.copyfile(enc.cached, tmp)
            tags.write(tmp, tagset, container=enc.cached.suffix[1:], subject=item.original.name)
        st = site.stat()
        self.made.record_site_copy(item.id, ENCLOSURE, tag_key=tag_key, size=st.st_size,
                                   mtime_ns=st.st_mtime_ns)
        if not fresh:
            self.result.retags += 1
        self.result.written.append(path)
        return path, st.st_size

    def tagset(self, item: Item, series: Series, residence: Residence | None,
               cover: dict[int, str], chaps: list[tuple[float, str]],
               duration: float) -> tags.TagSet:
        """The tags, from public data only (``credits_of`` folds minors into the group)."""
        credits = credits_of(item)
        people = [tags.Credit(c.role, c.name) for c in credits.people]
        if credits.group:
            people.append(tags.Credit("participation", credits.group))
        label, licence_url = vocabulary.LICENCES.get(item.licence, (item.licence, None))
        small = cover.get(TAG_COVER_PX) or (cover[min(cover)] if cover else None)
        return tags.TagSet(
            title=item.title, album=series.title,
            artists=tuple(p.name for p in people), credits=tuple(people),
            residence=residence.title if residence else "", year=item.year,
            copyright=label, licence_url=licence_url or "", comment=item.description,
            episode=item.episode if series.numbered else None,
            publisher=self.settings.author, language=item.language,
            cover=(self.out / small).read_bytes() if small else None,
            chapters=tuple(chaps), duration=duration,
        )

    # -- side files -------------------------------------------------------------------

    def chapters(self, item: Item, enc: _Encode, minors: list[str]) -> list[tuple[float, str]]:
        if not item.chapters_sha:
            return []
        found = chapters.parse(self.cat.original_path(item.chapters_sha), None)
        found = chapters.shifted(found, enc.start, enc.episode)
        if enc.lead:  # after the intro, which becomes a chapter of its own
            found = [(0.0, INTRO_CHAPTER), *chapters.shifted(found, -enc.lead)]
        if enc.trail:
            found = [*found, (round(enc.duration - enc.trail, 3), OUTRO_CHAPTER)]
        return [(start, redact(title, minors)) for start, title in found]

    def chapters_file(self, item: Item, chaps: list[tuple[float, str]]) -> str | None:
        if not chaps:
            return None
        path = urls.media_file(item.slug, ".chapters.json")
        self._write(path, chapters.to_json(chaps).encode("utf-8"))
        return path

    def transcripts(self, item: Item, enc: _Encode, minors: list[str]) -> dict:
        """VTT, SRT and text copies (shifted like the audio, minors' names redacted)."""
        if not item.transcript_sha:
            return {}
        found = transcripts.parse(self.cat.original_path(item.transcript_sha), None)
        found = found.shifted(enc.start, enc.episode).shifted(-enc.lead)
        found = transcripts.Transcript(tuple(replace(c, text=redact(c.text, minors))
                                             for c in found.cues))
        out = {}
        for suffix, text in ((".vtt", found.vtt()), (".srt", found.srt()),
                             (".txt", found.text())):
            path = urls.media_file(item.slug, suffix)
            self._write(path, text.encode("utf-8"))
            out[f"transcript_{suffix[1:]}"] = path
        out["transcript_text"] = found.text()
        return out

    def poster(self, item: Item, enc: _Encode) -> str:
        cached = enc.cached.with_suffix(".jpg")
        if not cached.is_file():
            with atomic_path(cached) as tmp:
                poster(enc.cached, tmp, duration=enc.duration, subject=item.original.name)
        path = urls.media_file(item.slug, ".jpg")
        self._write(path, cached.read_bytes())
        return path

    # -- covers -----------------------------------------------------------------------

    def series_art(self, series: Series) -> SeriesArt:
        if series.slug not in self.result.series_art:
            cover = self._cover(series.cover_sha) if series.cover_sha else None
            if not cover:
                stem = covers.generated_key(series.title, series.slug)
                made = covers.render_generated(series.title, series.slug, self.out / COVERS,
                                               stem, write=self._write_cover)
                cover = self._relative(made)
            self.result.series_art[series.slug] = SeriesArt(series.slug, cover)
        art = self.result.series_art[series.slug]
        self.result.files.update(art.cover.values())
        return art

    def item_cover(self, item: Item) -> dict[int, str]:
        return self._cover(item.cover_sha) if item.cover_sha else {}

    def _cover(self, sha: str) -> dict[int, str]:
        made = covers.render(self.cat.original_path(sha), self.out / COVERS,
                             covers.content_key(sha), write=self._write_cover)
        cover = self._relative(made)
        self.result.files.update(cover.values())
        return cover

    def _write_cover(self, path: Path, data: bytes) -> None:
        write_bytes(path, data)
        self.result.written.append(path.relative_to(self.out).as_posix())

    def _relative(self, made: dict[int, Path]) -> dict[int, str]:
        return {w: p.relative_to(self.out).as_posix() for w, p in made.items()}

    # -- bookkeeping ------------------------------------------------------------------

    def _write(self, path: str, data: bytes) -> None:
        self.result.files.add(path)
        if write_if_changed(self.out / path, data):
            self.result.written.append(path)

    def _row(self, item_id: int) -> sqlite3.Row | None:
        return self.made.row(item_id, ENCLOSURE)

    def keep_existing(self, item: Item) -> None:
        media = self.out / "media"
        if media.is_dir():
            for path in media.glob(f"{item.slug}.*"):
                self.result.files.add(path.relative_to(self.out).as_posix())

    def prune_cache(self) -> None:
        """Drop encodes no item refers to any more (old settings, killed builds)."""
        if not self.cache.is_dir():
            return
        keys = self.made.keys()
        for path in self.cache.iterdir():
            if path.is_file() and path.name.split(".", 1)[0] not in keys:
                path.unlink()
        if self.jingle_cache.is_dir():  # intros and outros no encode of this run uses
            for path in self.jingle_cache.iterdir():
                if path.is_file() and path.name.split(".", 1)[0] not in self.jingle_keys:
                    path.unlink()
