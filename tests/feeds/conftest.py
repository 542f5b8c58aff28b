"""A small archive made of records, with real files for every enclosure.

``SiteFactory`` builds catalogue records (``archive.model``), renditions
whose files exist on disk with the byte length they claim, and the
``SiteData`` the build would hand the feeds stage: only public items, made
into episodes by the real ``pipeline.build.public.episode_of``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.model import (
    AUDIO,
    PUBLISHED,
    Contributor,
    Item,
    Original,
    Residence,
    Series,
)
from pipeline.build.public import SiteData, resolve
from pipeline.build.renditions import Chapter, Rendition, SeriesArt
from pipeline.plumbing import urls
from pipeline.plumbing.config import Settings

BASE = "https://mediatheques.example.fr/clea/"
CDN = "https://cdn.example.fr/clea/"
T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


@dataclass
class SiteFactory:
    """Records and media files for one test; ``data()`` gives the SiteData."""

    out: Path
    settings: Settings = field(default_factory=lambda: Settings(
        title="Archive des résidences CLEA", base_url=BASE, media_base_url=CDN,
        author="Réseau des médiathèques de Sambre-Avesnois",
        owner_name="Médiathèque de Maubeuge", owner_email="podcast@example.fr"))
    residences: list[Residence] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    renditions: dict[str, Rendition] = field(default_factory=dict)
    art: dict[str, SeriesArt] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def residence(self, slug: str, title: str, *, places: tuple[str, ...] = ("Maubeuge",),
                  description: str = "") -> Residence:
        r = Residence(next(self._ids), slug, title, "mission-appui", description,
                      ("Lola Monset",), places, ("lecture",), None, None)
        self.residences.append(r)
        return r

    def add_series(self, slug: str, title: str, *, medium: str = AUDIO,
                   residence: str | None = None, numbered: bool = True,
                   category: str = "Education", art: bool = True,
                   description: str = "") -> Series:
        s = Series(next(self._ids), slug, title, medium, description, residence,
                   "c0ffee" if art else None, numbered, category, T0)
        self.series.append(s)
        if art:
            self.art[slug] = SeriesArt(slug, {
                400: f"media/series/{slug}-400.jpg", 1400: f"media/series/{slug}-1400.jpg",
                3000: f"media/series/{slug}-3000.jpg"})
        return s

    def item(self, series: str, title: str, *, slug: str | None = None,
             status: str = PUBLISHED, hours_ago: float | None = None,
             audiences: tuple[str, ...] = ("cycle-3",), kind: str = "podcast",
             contributors: tuple[Contributor, ...] = (), group: str = "",
             description: str = "Une production de la résidence.", place: str = "",
             licence: str = "cc-by-nc-nd-4.0", transcript: bool = True,
             chapters: bool = True, cover: bool = False, duration: float = 95.4) -> Item:
        s = next(x for x in self.series if x.slug == series)
        n = next(self._ids)
        slug = slug or f"{series}-{n}"
        published = T0 - timedelta(hours=hours_ago if hours_ago is not None else n)
        episode = 1 + sum(1 for i in self.items if i.series == series)
        original = Original(f"{n:064x}", 1000 + n, f"{slug}.wav", s.medium, "wav", duration, 2)
        item = Item(
            id=n, slug=slug, guid=str(uuid.uuid4()), series=series, title=title,
            description=description, kind=kind, audiences=audiences, themes=("lecture",),
            place=place, language="fr", licence=licence, contributors=contributors,
            group=group, recorded=published.date(), published_at=published, status=status,
            episode=episode, original=original, transcript_sha="ab" if transcript else None,
            chapters_sha="cd" if chapters else None, cover_sha="ef" if cover else None,
            created_at=published, updated_at=published)
        self.items.append(item)
        self.renditions[slug] = self._rendition(item, n, transcript, chapters, cover, duration)
        return item

    def _rendition(self, item: Item, n: int, transcript: bool, chapters: bool, cover: bool,
                   duration: float) -> Rendition:
        path = urls.enclosure(item.slug, item.medium)
        size = 2000 + 37 * n  # every file a different, known length
        self._write(path, bytes([n % 251]) * size)
        side = {}
        if transcript:
            side["transcript_vtt"] = self._write(urls.media_file(item.slug, ".vtt"),
                                                 b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour\n")
            side["transcript_srt"] = self._write(urls.media_file(item.slug, ".srt"),
                                                 b"1\n00:00:00,000 --> 00:00:02,000\nBonjour\n")
        if chapters:
            side["chapters_json"] = self._write(urls.media_file(item.slug, ".chapters.json"),
                                                b'{"version":"1.2.0","chapters":[]}')
        covers = {1400: urls.media_file(item.slug, "-1400.jpg")} if cover else {}
        return Rendition(
            slug=item.slug, medium=item.medium, path=path,
            mime=urls.MIME[urls.AUDIO_EXT[item.medium]], bytes=size, duration=duration,
            cover=covers, chapters=(Chapter(0.0, "Début"),) if chapters else (), **side)

    def _write(self, path: str, data: bytes) -> str:
        dest = self.out / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        return path

    def edit(self, slug: str, **changes) -> Item:
        """Change an item's record the way ``clea edit`` does: guid and slug stay."""
        index = next(i for i, x in enumerate(self.items) if x.slug == slug)
        self.items[index] = dataclasses.replace(self.items[index], **changes)
        return self.items[index]

    def data(self, *, base_url: str | None = None) -> SiteData:
        """What the build hands the stages: public items only, newest first."""
        return resolve(self.settings.with_base_url(base_url),
                       [i for i in self.items if i.is_public], self.series, self.residences,
                       self.renditions, self.art)


ADULT = Contributor("Lola Monset", "autrice")
NARRATOR = Contributor("Jean-Pierre Dufour", "voix")
MINOR = Contributor("Zoé Kwasniewski", "voix", minor=True)
GROUP = "élèves de CM2, école Jean-Macé"


@pytest.fixture
def factory(tmp_path) -> SiteFactory:
    return SiteFactory(tmp_path / "site")


@pytest.fixture
def sample(factory) -> SiteFactory:
    """Two residences, three series (one video, one not numbered), pupils among the voices."""
    f = factory
    f.residence("lire-en-sambre", "Lire en Sambre", places=("Maubeuge", "Jeumont"))
    f.residence("quartiers-nord", "Qu(art)iers nord", places=("Hautmont",))
    f.add_series("contes", "Les bibliothèques racontent", residence="lire-en-sambre",
                 category="Kids & Family")
    f.add_series("pastilles", "Pastilles vidéo", medium="video", residence="lire-en-sambre")
    f.add_series("ondes", "Ondes de l'école", residence="quartiers-nord", numbered=False,
                 category="Society & Culture / Documentary")
    f.item("contes", "La légende du géant Gargantua", slug="gargantua", kind="conte",
           contributors=(ADULT, NARRATOR, MINOR), group=GROUP, audiences=("cycle-2", "cycle-3"))
    f.item("contes", "Le loup et l'écureuil à Jeumont", kind="conte", place="Jeumont",
           contributors=(ADULT, MINOR), group=GROUP, cover=True)
    f.item("contes", "Brouillon pas encore relu", status="draft")
    f.item("contes", "Retiré à la demande des familles", status="withdrawn")
    f.item("pastilles", "Qu'est-ce qu'une fake news ?", audiences=("cycle-4", "college"),
           contributors=(Contributor("Samia Haddad", "journaliste"), MINOR), group=GROUP)
    f.item("pastilles", "Décrypter une image", audiences=("cycle-4",), transcript=False)
    f.item("ondes", "Émission n°1 : la radio de l'école", audiences=("cycle-3",),
           contributors=(Contributor("Nadia Belkacem", "musique"),), licence="tous-droits-reserves")
    f.item("ondes", "Émission n°2 : l'interview", slug="interview",
           audiences=("cycle-3", "adultes"), chapters=False)
    return f


NODE = Path(__file__).resolve().parent / "node"  # package.json, package-lock.json, read.mjs


@pytest.fixture(scope="session")
def partytime():
    """The Podcast Index's parser (npm podcast-partytime, on Debian's node): a function
    from feed files to their parsed form (None where partytime cannot read one).

    ``make test`` installs node and runs ``npm ci``; run alone, the fixture does
    the ``npm ci`` itself (into tests/feeds/node/node_modules, ignored by git).
    """
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.fail("the feed tests need node and npm (`make test` installs them with apt-get)")
    installed = NODE / "node_modules" / ".package-lock.json"
    lock = NODE / "package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                              cwd=NODE, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"npm ci in {NODE} failed: {done.stderr.strip()[-500:]}")

    def read(paths: list[Path]) -> dict[str, dict | None]:
        done = subprocess.run([node, "read.mjs", *map(str, paths)], cwd=NODE,
                              capture_output=True, text=True, env={"LOG": "silent",
                                                                   "PATH": "/usr/bin:/bin"})
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return read
