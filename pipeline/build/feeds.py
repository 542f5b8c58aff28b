"""The feeds stage: feed contexts from the public view, then the files.

Which feeds exist (``feed_list``) and what each says (``_channel``) are
decided here, from ``SiteData`` only: one feed per series, per residence
and medium, per audience and medium, plus ``feeds/all.xml`` and
``feeds/all-video.xml``, which always exist, and ``feeds.opml``, which
lists every feed but an empty one. Paths and
URLs come from ``pipeline.plumbing.urls``; rendering is ``feeds.rss``'s job.

Choices a reader may want to know:
- ``itunes:type`` is always ``episodic``. Apple's ``serial`` lists episodes
  oldest first and gives a new subscriber only episode 1; it suits a story
  told in chapters. A numbered series here (the catalogue's default) only
  counts its episodes; nothing says they must be heard in order, so we
  print ``itunes:episode`` in the series' own feed and stay episodic.
- The cover of a residence, audience or "all" feed is the art of the first
  series (in catalogue order) that has episodes in it: stable from one
  build to the next, and always one of the archive's real covers.
- ``lastBuildDate`` is the newest entry's date, never the build's time, so
  a rebuild with nothing changed writes nothing.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import feeds as feeds_package
from archive import N_, PLAYED, ClearError, Residence, Series, vocabulary
from archive.atomic import write_if_changed
from feeds import categories, places, roles
from feeds.model import (
    ALL,
    AUDIENCE,
    MAX_ENTRIES,
    RESIDENCE,
    SERIES,
    Channel,
    Entry,
    FeedRef,
    Licence,
    Location,
    Person,
    Transcript,
)
from feeds.opml import Outline, render_opml
from feeds.rss import FeedRenderer
from pipeline.build.feed_state import FeedState, Written, file_sha
from pipeline.build.fingerprint import digest, with_revisions
from pipeline.build.ondisk import OnDisk
from pipeline.build.public import Episode, SiteData
from pipeline.build.stage import StageResult
from pipeline.build.stamp import Stamp
from pipeline.plumbing import urls

MEDIUMS = ("audio", "video")
IMAGE_SUFFIXES = (".jpg", ".png")  # what Apple accepts, and all feedgen will write
MIN_ART, MAX_ART = 1400, 3000  # Apple's bounds for itunes:image, in pixels
VIDEO_SUFFIX = " — vidéos"


@dataclass(frozen=True)
class _Plan:
    """One feed to write: its reference, its episodes, and what it belongs to."""

    ref: FeedRef
    episodes: tuple[Episode, ...]  # newest first, one medium
    series: Series | None = None
    residence: Residence | None = None
    audience: str | None = None  # audience code


def feed_list(data: SiteData) -> list[FeedRef]:
    """Every feed this build writes, in OPML order: series, residences, audiences, all."""
    return [plan.ref for plan in _plans(data)]


def channels(data: SiteData) -> list[Channel]:
    """The context of every feed, in ``feed_list`` order, entries newest first."""
    entries = _Entries(data)
    return [_channel(data, plan, entries) for plan in _plans(data)]


def write_feeds(data: SiteData, out: Path) -> StageResult:
    """Write every feed and ``feeds.opml`` under ``out``; only what changed is rewritten.

    A feed whose fingerprint (``_fingerprint``) matches the last build's, and whose
    file is there, is not rendered at all; one that changed takes the bytes of
    its unchanged entries from its last file (``FeedState.reusable``).
    """
    out = Path(out)
    base = shared_inputs(data)
    inputs = with_revisions(base, data.episodes)
    kept = Stamp.load(out, STAMP_NAME)
    if kept is not None and kept.holds(out, inputs):
        return StageResult(files=set(kept.files))  # nothing changed: see pipeline/build/stamp.py
    result = StageResult()
    renderer = FeedRenderer()
    entries = _Entries(data)
    before, after = FeedState.load(out), FeedState(base=base)
    present = OnDisk(out)
    revisions = {e.guid: e.revision for e in data.episodes}
    refs = []
    for plan in _plans(data):
        refs.append(plan.ref)
        path, fp = plan.ref.path, _fingerprint(after.base, plan)
        last = before.feeds.get(path)
        if last is not None and last.fingerprint == fp and present.has(path):
            after.feeds[path] = last
            result.files.add(path)
            continue
        for guid, numbered, item in before.reusable(out, path, after.base, revisions):
            renderer.known(guid, numbered, item)
        payload, spans = renderer.render_with_spans(_channel(data, plan, entries))
        after.feeds[path] = Written(fp, file_sha(payload), [
            (guid, numbered, revisions[guid], start, end)
            for guid, numbered, start, end in spans])
        _put(out, path, payload, result)
    _put(out, urls.OPML, _opml(data, refs), result)
    if after != before:
        after.save(out)
    Stamp.take(out, STAMP_NAME, inputs, result.files)
    return result


STAMP_NAME = ".clea-feeds-stamp"


def shared_inputs(data: SiteData) -> str:
    """What every feed and entry shows besides its own episodes: settings, addresses,
    series (with their art), residences, and the code and libraries that write them."""
    return digest(data.settings, data.urls.base, data.urls.media_base, data.series,
                  data.residences, sorted(data.series_art.items()), _code_fingerprint())


def _fingerprint(base: str, plan: _Plan) -> str:
    """One feed's fingerprint: ``base``, what it is, and its entries' revisions."""
    return with_revisions(digest(base, plan.ref, plan.series, plan.residence, plan.audience),
                          plan.episodes[:MAX_ENTRIES])


@functools.cache
def _code_fingerprint() -> str:
    """The feed code's own fingerprint: a new clea or feedgen writes every feed again."""
    import feedgen
    import lxml.etree

    package = Path(feeds_package.__file__).parent
    sources = sorted(package.glob("*.py")) + [Path(__file__)]
    return digest(feedgen.version.version_str, lxml.etree.LXML_VERSION,
                  [(p.name, p.read_bytes()) for p in sources])


def _put(out: Path, path: str, payload: bytes, result: StageResult) -> None:
    result.files.add(path)
    if write_if_changed(out / path, payload):
        result.written.append(path)


# Which feeds ---------------------------------------------------------------


def _plans(data: SiteData) -> Iterator[_Plan]:
    title = data.settings.title
    residence_of = {s.slug: s.residence for s in data.series}
    # One pass sorts every episode into the lists it belongs to, newest first (a
    # filter per feed cost feeds x episodes: 150 x 10,000 on a large archive).
    # Pictures and documents have pages, never feed entries: a podcast app cannot play them.
    by_series: dict[tuple[str, str], list[Episode]] = defaultdict(list)
    by_residence: dict[tuple[str | None, str], list[Episode]] = defaultdict(list)
    by_audience: dict[tuple[str, str], list[Episode]] = defaultdict(list)
    by_medium: dict[str, list[Episode]] = defaultdict(list)
    for e in data.episodes:  # newest first already: resolve() sorts them once for all
        if e.medium not in PLAYED:
            continue
        by_series[e.series, e.medium].append(e)
        by_residence[residence_of.get(e.series), e.medium].append(e)
        for code in dict.fromkeys(e.audiences):
            by_audience[code, e.medium].append(e)
        by_medium[e.medium].append(e)
    for s in data.series:
        eps = tuple(by_series.get((s.slug, s.medium), ()))
        if eps:
            ref = FeedRef(s.title, urls.series_feed(s.slug), s.medium, SERIES,
                          urls.series_page(s.slug), len(eps))
            yield _Plan(ref, eps, series=s)
    for r in data.residences:
        for medium in MEDIUMS:
            eps = tuple(by_residence.get((r.slug, medium), ()))
            if eps:
                name = r.title + ("" if medium == "audio" else VIDEO_SUFFIX)
                ref = FeedRef(name, urls.residence_feed(r.slug, medium), medium, RESIDENCE,
                              urls.residence_page(r.slug), len(eps))
                yield _Plan(ref, eps, residence=r)
    for code, label in vocabulary.AUDIENCES.items():
        for medium in MEDIUMS:
            eps = tuple(by_audience.get((code, medium), ()))
            if eps:
                name = f"{title} — {label}" + ("" if medium == "audio" else VIDEO_SUFFIX)
                ref = FeedRef(name, urls.audience_feed(code, medium), medium, AUDIENCE,
                              urls.browse_page("publics", code), len(eps))
                yield _Plan(ref, eps, audience=code)
    # Always written, even empty: a subscriber's app keeps reading the URL it was
    # given. An empty one is not offered (FeedRef.offered) until it has episodes.
    for medium in MEDIUMS:
        eps = tuple(by_medium.get(medium, ()))
        name = title + ("" if medium == "audio" else VIDEO_SUFFIX)
        yield _Plan(FeedRef(name, urls.all_feed(medium), medium, ALL, "", len(eps)), eps)


# What each feed says --------------------------------------------------------


def _channel(data: SiteData, plan: _Plan, entries: _Entries) -> Channel:
    settings, u, ref = data.settings, data.urls, plan.ref
    eps = plan.episodes[:MAX_ENTRIES]
    residence = plan.residence or _residence_of(data, plan.series)
    if plan.series is not None:
        description = plan.series.description or settings.description
        category_text = plan.series.category
    elif plan.residence is not None:
        description = plan.residence.description or (
            f"Contes, podcasts et vidéos de la résidence « {plan.residence.title} ».")
        category_text = settings.category
    elif plan.audience is not None:
        label = vocabulary.AUDIENCES[plan.audience]
        description = f"Pour le public « {label} ». {settings.description}"
        category_text = settings.category
    else:
        description, category_text = settings.description, settings.category
    return Channel(
        path=ref.path, kind=ref.kind, medium=ref.medium, title=ref.title,
        link=u.absolute(ref.page), self_url=u.absolute(ref.path),
        description=description, language=settings.language or "fr",
        image=_channel_image(data, plan),
        category=categories.choose(category_text, settings.category,
                                   kinds=tuple(e.kind for e in eps)),
        author=settings.author, owner_name=settings.owner_name,
        owner_email=settings.owner_email, copyright=_copyright(settings.author, eps),
        podcast_guid=u.feed_guid(ref.path),
        numbered=bool(plan.series and plan.series.numbered),
        licence=_shared_licence(eps),
        location=_location(residence.places[0] if residence and residence.places else ""),
        entries=tuple(entries(e) for e in eps),
    )


def _residence_of(data: SiteData, series: Series | None) -> Residence | None:
    if series is None or not series.residence:
        return None
    return data.residences_by_slug().get(series.residence)


class _Entries:
    """Makes the feed view of each episode once per build, whatever feeds hold it."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.made: dict[str, Entry] = {}
        residences = data.residences_by_slug()
        self.places = {}  # series slug -> its residence's first place
        for s in data.series:
            r = residences.get(s.residence or "")
            if r is not None and r.places:
                self.places[s.slug] = r.places[0]

    def __call__(self, ep: Episode) -> Entry:
        found = self.made.get(ep.guid)
        if found is None:
            found = self.made[ep.guid] = self._entry(ep)
        return found

    def _entry(self, ep: Episode) -> Entry:
        data = self.data
        u, r = data.urls, ep.rendition
        enclosure = u.media(r.path)
        if not enclosure.isascii():
            raise ClearError(N_("enclosure URLs must be ASCII (Apple refuses others); "
                                "write the media base URL in its punycode form"), enclosure,
                             code="feed.enclosure-not-ascii")
        return Entry(
            guid=ep.guid, title=ep.title, description=ep.description,
            credit_line=ep.credits.line(), kind_label=ep.kind_label,
            link=u.absolute(ep.page), published=ep.published,
            enclosure_url=enclosure, enclosure_length=r.bytes, enclosure_type=r.mime,
            duration=round(r.duration), medium=ep.medium,
            image=_art(u, r.cover) or _series_art(data, ep.series),
            episode=ep.episode or None, transcripts=_transcripts(u, ep),
            chapters_url=u.media(r.chapters_json) if r.chapters_json else None,
            persons=tuple(Person(c.name, *roles.taxonomy_role(c.role, ep.medium))
                          for c in ep.credits.people if not c.minor),
            location=_location(ep.place or self.places.get(ep.series, "")),
            licence=_licence(ep), licence_label=ep.licence_label,
        )


def _location(name: str) -> Location | None:
    """The place's name, with its coordinates when it names a town of ``feeds.places``."""
    if not name.strip():
        return None
    return Location(name, places.geo(name))


def _transcripts(u: urls.Urls, ep: Episode) -> tuple[Transcript, ...]:
    """VTT and SRT carry timings: for a video they are its captions (rel="captions")."""
    r, video = ep.rendition, ep.medium == "video"
    found = []
    if r.transcript_vtt:
        found.append(Transcript(u.media(r.transcript_vtt), "text/vtt", ep.language, video))
    if r.transcript_srt:
        found.append(Transcript(u.media(r.transcript_srt), "application/x-subrip", ep.language,
                                video))
    if r.transcript_txt:
        found.append(Transcript(u.media(r.transcript_txt), "text/plain", ep.language))
    return tuple(found)


def _licence(ep: Episode) -> Licence | None:
    """Known licences by their lower-case identifier; one without a URL cannot be named."""
    if not ep.licence_url:
        return None
    return Licence(ep.licence.lower(), ep.licence_url)


def _shared_licence(eps: tuple[Episode, ...]) -> Licence | None:
    found = {_licence(e) for e in eps}
    return found.pop() if len(found) == 1 else None


def _copyright(author: str, eps: tuple[Episode, ...]) -> str:
    """"© 2024-2025 Réseau des médiathèques — CC BY-NC-ND 4.0", from the entries' licences."""
    years = sorted({e.year for e in eps})
    span = "" if not years else (f"{years[0]}" if years[0] == years[-1]
                                 else f"{years[0]}-{years[-1]}")
    labels = sorted({e.licence_label for e in eps if e.licence_label})
    if len(labels) == 1:
        terms = labels[0]
    elif labels:
        terms = "licence indiquée pour chaque épisode"
    else:
        terms = "Tous droits réservés"
    return " ".join(x for x in ("©", span, author) if x) + f" — {terms}"


def _art(u: urls.Urls, cover: dict[int, str]) -> str | None:
    """The cover size Apple wants (1400-3000 px, the largest such), as an absolute URL."""
    usable = {px: path for px, path in cover.items() if path.lower().endswith(IMAGE_SUFFIXES)}
    if not usable:
        return None
    fitting = [px for px in usable if MIN_ART <= px <= MAX_ART]
    if fitting:
        px = max(fitting)
    else:
        larger = [px for px in usable if px > MAX_ART]
        px = min(larger) if larger else max(usable)
    return u.media(usable[px])


def _series_art(data: SiteData, slug: str) -> str | None:
    art = data.series_art.get(slug)
    return _art(data.urls, art.cover) if art else None


def _channel_image(data: SiteData, plan: _Plan) -> str | None:
    if plan.series is not None:
        return _series_art(data, plan.series.slug)
    present = {e.series for e in plan.episodes}
    ordered = [s.slug for s in data.series if s.slug in present]
    ordered += [s.slug for s in data.series if s.slug not in present]
    for slug in ordered:
        image = _series_art(data, slug)
        if image:
            return image
    return None


def _opml(data: SiteData, refs: list[FeedRef]) -> bytes:
    u, settings = data.urls, data.settings
    outlines = [Outline(ref.title, u.absolute(ref.path), u.absolute(ref.page),
                        settings.language or "fr") for ref in refs if ref.offered]
    return render_opml(settings.title, outlines, owner_name=settings.owner_name,
                       owner_email=settings.owner_email)
