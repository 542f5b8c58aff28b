"""A small public archive as the build hands it to the site stage, with real media.

``SiteMaker`` makes catalogue records, copies real generated media (an MP3,
an MP4, covers, a poster, WebVTT captions) to the paths its renditions name
inside the site folder, and turns the public records into ``SiteData`` with
the real ``pipeline.build.public.episode_of``, so minors are folded the real way.
"""

from __future__ import annotations

import dataclasses
import itertools
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from archive.model import AUDIO, PUBLISHED, VIDEO, Contributor, Item, Original, Residence, Series
from pipeline.build.public import SiteData, resolve
from pipeline.build.renditions import Chapter, PictureFile, Rendition, SeriesArt
from pipeline.plumbing import urls
from pipeline.plumbing.config import Settings

BASE = "https://mediatheques.example.fr/clea/"
T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
ADULT = Contributor("Lola Monset", "autrice")
MINOR = Contributor("Zoé Kwasniewski", "voix", minor=True)
GROUP = "élèves de CM2, école Jean-Macé"
HOSTILE = "<script>alert(1)</script> ]]> \"'><img src=x onerror=alert(2)>"
TRANSCRIPT = ("Il était une fois, à Maubeuge, une bibliothécaire qui gardait un grimoire "
              "plein de contes.\n\nChaque soir, les enfants venaient écouter une histoire.")


@dataclass
class SiteMaker:
    out: Path
    media: object  # tests.conftest.MediaFactory
    settings: Settings = field(default_factory=lambda: Settings(
        title="Archive des résidences CLEA", base_url=BASE,
        description="Contes, podcasts et vidéos créés pendant les résidences d'artistes."))
    residences: list[Residence] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    renditions: dict[str, Rendition] = field(default_factory=dict)
    art: dict[str, SeriesArt] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def copy(self, src: Path, path: str) -> str:
        dest = self.out / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        return path

    def covers(self, stem: str) -> dict[int, str]:
        return {px: self.copy(self.media.image(px), f"covers/{stem}-{px}.png")
                for px in (300, 600, 1400)}

    def residence(self, slug: str, title: str) -> Residence:
        r = Residence(next(self._ids), slug, title, "mission-appui",
                      "L'autrice a accompagné quatorze bibliothèques du réseau.",
                      ("Lola Monset",), ("Maubeuge", "Jeumont"), ("lecture", "métiers du livre"),
                      date(2025, 1, 6), date(2025, 3, 7))
        self.residences.append(r)
        return r

    def add_series(self, slug: str, title: str, *, medium: str = AUDIO,
                   residence: str | None = None) -> Series:
        s = Series(next(self._ids), slug, title, medium, f"La série « {title} ».", residence,
                   "c0ffee", True, "Education", T0)
        self.series.append(s)
        self.art[slug] = SeriesArt(slug, self.covers(f"series-{slug}"))
        return s

    def item(self, series: str, title: str, *, slug: str, status: str = PUBLISHED,
             audiences: tuple[str, ...] = ("cycle-3",), contributors=(ADULT,), group: str = "",
             transcript: str = TRANSCRIPT, place: str = "Maubeuge", cover: bool = False,
             description: str = "Un conte enregistré à la médiathèque.",
             themes: tuple[str, ...] = ("lecture", "contes"),
             chapters: tuple[Chapter, ...] = (Chapter(0.0, "Début"), Chapter(1.0, "La suite")),
             frame: tuple[int, int] = (320, 240)) -> Item:
        s = next(x for x in self.series if x.slug == series)
        n = next(self._ids)
        published = T0 - timedelta(hours=n)
        original = Original(f"{n:064x}", 1000, f"{slug}.wav", s.medium, "wav", 2.0, 2)
        item = Item(
            id=n, slug=slug, guid=str(uuid.uuid4()), series=series, title=title,
            description=description, kind="conte" if s.medium == AUDIO else "pastille-video",
            audiences=audiences, themes=themes, place=place, language="fr",
            licence="cc-by-nc-nd-4.0", contributors=tuple(contributors), group=group,
            recorded=published.date(), published_at=published, status=status,
            episode=1 + sum(1 for i in self.items if i.series == series), original=original,
            transcript_sha="ab" if transcript else None, chapters_sha=None,
            cover_sha="ef" if cover else None, created_at=published, updated_at=published)
        self.items.append(item)
        self.renditions[slug] = self._rendition(item, transcript, cover, chapters, frame)
        return item

    def _rendition(self, item: Item, transcript: str, cover: bool,
                   chapters: tuple[Chapter, ...], frame: tuple[int, int]) -> Rendition:
        """``frame``: a video's width and height (a portrait video is taller than wide)."""
        video = item.medium == VIDEO
        width, height = frame
        src = self.media.video(2, width=width, height=height) if video else \
            self.media.tone(2, fmt="mp3")
        path = self.copy(src, urls.enclosure(item.slug, item.medium))
        side: dict = {}
        if transcript:
            first = transcript.split("\n")[0]
            vtt = f"WEBVTT\n\n00:00.000 --> 00:02.000\n{first}\n"
            side["transcript_vtt"] = urls.media_file(item.slug, ".vtt")
            (self.out / side["transcript_vtt"]).write_text(vtt, encoding="utf-8")
            side["transcript_text"] = transcript
        if video:
            side["poster"] = self.copy(self.media.image(width, fmt="jpg", height=height),
                                       urls.media_file(item.slug, ".jpg"))
            side.update(width=width, height=height)
        return Rendition(
            slug=item.slug, medium=item.medium, path=path,
            mime=urls.MIME[urls.AUDIO_EXT[item.medium]], bytes=(self.out / path).stat().st_size,
            duration=2.0, cover=self.covers(item.slug) if cover else {},
            chapters=chapters, **side)

    def production(self, series: str, title: str, *, slug: str, source: Path, kind: str,
                   alt: str = "", description: str = "", text: str = "",
                   contributors=(ADULT,), group: str = "") -> Item:
        """A photo or a document, its public copies made by the real media functions."""
        from media import documents, images

        s = next(x for x in self.series if x.slug == series)
        n = next(self._ids)
        published = T0 - timedelta(hours=n)
        pages = documents.probe_document(source).pages if s.medium == "document" else None
        original = Original(f"{n:064x}", source.stat().st_size, source.name, s.medium,
                            "pdf" if pages else "jpeg", 0.0, 0, pages=pages)
        item = Item(
            id=n, slug=slug, guid=str(uuid.uuid4()), series=series, title=title,
            description=description, kind=kind, audiences=("cycle-3",), themes=("arts",),
            place="Ferrière-la-Grande", language="fr", licence="cc-by-nc-nd-4.0",
            contributors=tuple(contributors), group=group, recorded=published.date(),
            published_at=published, status=PUBLISHED,
            episode=1 + sum(1 for i in self.items if i.series == series), original=original,
            transcript_sha=None, chapters_sha=None, cover_sha=None, created_at=published,
            updated_at=published, alt=alt)
        self.items.append(item)
        if pages:
            page = images.image_of(documents.first_page(source, subject=slug, width=480))
            copies = [c for w in (240, 480) for c in images.encode_clean(page, w)]
            name = urls.document_thumb
            path = self.copy(source, urls.document(slug))
            mime = "application/pdf"
        else:
            copies = images.public_copies(source, subject=slug)
            name = urls.picture
        files = []
        for c in copies:
            rel = name(slug, c.width, c.ext)
            (self.out / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.out / rel).write_bytes(c.data)
            files.append(PictureFile(c.width, c.height, rel, c.mime))
        jpegs = [f for f in files if f.mime == "image/jpeg"]
        if not pages:
            path, mime = jpegs[-1].path, "image/jpeg"
        self.renditions[slug] = Rendition(
            slug=slug, medium=s.medium, path=path, mime=mime,
            bytes=(self.out / path).stat().st_size, duration=0.0,
            cover={f.width: f.path for f in jpegs}, pictures=tuple(files), pages=pages,
            text=text, width=None if pages else jpegs[-1].width,
            height=None if pages else jpegs[-1].height)
        return item

    def edit(self, slug: str, **changes) -> Item:
        index = next(i for i, x in enumerate(self.items) if x.slug == slug)
        changes.setdefault("updated_at", self.items[index].updated_at + timedelta(days=1))
        self.items[index] = dataclasses.replace(self.items[index], **changes)
        return self.items[index]

    def data(self) -> SiteData:
        return resolve(self.settings, [i for i in self.items if i.is_public], self.series,
                       self.residences, self.renditions, self.art)


def sample(out: Path, media) -> SiteMaker:
    """One residence, an audio and a video series, pupils among the voices, a hostile title."""
    m = SiteMaker(out, media)
    m.residence("lire-en-sambre", "Lire en Sambre")
    m.add_series("contes", "Les bibliothèques racontent", residence="lire-en-sambre")
    m.add_series("pastilles", "Pastilles vidéo", medium=VIDEO, residence="lire-en-sambre")
    m.item("contes", "La légende du géant de Bavay", slug="bavay",
           contributors=(ADULT, MINOR), group=GROUP, audiences=("cycle-2", "cycle-3"), cover=True)
    m.item("contes", HOSTILE, slug="hostile", description=HOSTILE, place="Jeumont",
           transcript="Une histoire sans mot rare.")
    m.item("pastilles", "Qu'est-ce qu'une fake news ?", slug="fake-news",
           audiences=("cycle-4",), contributors=(Contributor("Samia Haddad", "journaliste"), MINOR),
           group=GROUP, transcript="Une information se vérifie toujours à la source.",
           themes=("information", "éducation aux médias"))
    m.item("contes", "Brouillon pas encore relu", slug="brouillon", status="draft",
           contributors=(Contributor("Rédacteur Inconnu", "voix"),))
    m.item("contes", "Retiré à la demande des familles", slug="retire", status="withdrawn")
    return m

