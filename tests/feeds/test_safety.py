"""What never changes and never leaks: GUIDs, enclosures, minors' names, hostile text."""

from __future__ import annotations

import html
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import feedparser
import podcastparser
from lxml import etree

from archive import WITHDRAWN
from pipeline.build import site_data
from pipeline.build.feeds import feed_list, write_feeds
from pipeline.build.renditions import Rendition, SeriesArt
from pipeline.plumbing import urls
from pipeline.plumbing.config import load

from .checks import NS, validate
from .conftest import ADULT, GROUP, MINOR


def public_files(out: Path) -> dict[str, bytes]:
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "feeds").rglob("*.xml")}
    files["feeds.opml"] = (out / "feeds.opml").read_bytes()
    return files


def items_by_guid(raw: bytes) -> dict[str, etree._Element]:
    return {i.findtext("guid"): i for i in etree.fromstring(raw)[0].findall("item")}


def test_no_minor_name_in_any_feed_or_opml(sample):
    write_feeds(sample.data(), sample.out)
    files = public_files(sample.out)
    name = MINOR.name.encode()
    for path, raw in files.items():
        for needle in (name, b"Kwasniewski", html.escape(MINOR.name).encode(),
                       MINOR.name.encode("ascii", "xmlcharrefreplace")):
            assert needle not in raw, (path, needle)
    # the pupils are credited as their group, and the adults by name
    contes = files["feeds/contes.xml"]
    assert GROUP.encode() in contes and ADULT.name.encode() in contes
    persons = etree.fromstring(contes).findall(".//podcast:person", NS)
    assert {p.text for p in persons} == {"Lola Monset", "Jean-Pierre Dufour"}
    assert {(p.text, p.get("role")) for p in persons} >= {("Lola Monset", "author"),
                                                         ("Jean-Pierre Dufour", "narrator")}


def test_uncleared_and_withdrawn_items_reach_no_feed(sample):
    data = sample.data()
    hidden = [i for i in sample.items if not i.is_public]
    assert {i.status for i in hidden} == {"draft", "withdrawn"}
    assert not {i.guid for i in hidden} & {e.guid for e in data.episodes}
    write_feeds(data, sample.out)
    for path, raw in public_files(sample.out).items():
        for item in hidden:
            assert item.guid.encode() not in raw, path
            assert item.title.encode() not in raw, path
            assert item.slug.encode() not in raw, path


def test_guid_and_enclosure_survive_an_edit(sample):
    write_feeds(sample.data(), sample.out)
    before = {p: items_by_guid(raw) for p, raw in public_files(sample.out).items()
              if p.endswith(".xml")}
    target = next(i for i in sample.items if i.slug == "gargantua")
    sample.edit("gargantua", title="Gargantua, le géant du Hainaut",
                description="Nouvelle description.", audiences=("cycle-2", "cycle-3"))
    write_feeds(sample.data(), sample.out)
    after = {p: items_by_guid(raw) for p, raw in public_files(sample.out).items()
             if p.endswith(".xml")}
    assert before.keys() == after.keys()
    seen = 0
    for path in before:
        assert before[path].keys() == after[path].keys(), path  # nothing duplicated or lost
        for guid, old in before[path].items():
            new = after[path][guid]
            assert new.find("enclosure").attrib == old.find("enclosure").attrib
            assert new.findtext("link") == old.findtext("link")
            if guid == target.guid:
                seen += 1
                assert new.findtext("title") == "Gargantua, le géant du Hainaut"
                assert old.findtext("title") == "La légende du géant Gargantua"
    assert seen >= 4  # series, residence, two audiences, all


def test_enclosure_urls_are_ascii_and_unique_across_a_series_feeds(sample):
    data = sample.data()
    write_feeds(data, sample.out)
    files = public_files(sample.out)
    for s in data.series:
        owner_of: dict[str, str] = {}
        for path, raw in files.items():
            if not path.endswith(".xml"):
                continue
            for guid, item in items_by_guid(raw).items():
                ep = next((e for e in data.episodes if e.guid == guid), None)
                if ep is None or ep.series != s.slug:
                    continue
                url = item.find("enclosure").get("url")
                assert url.isascii()
                assert owner_of.setdefault(url, guid) == guid  # one URL, one episode


HOSTILE = [
    "<script>alert('x')</script> & « le conte »",
    "Fin de section ]]> et ]]&gt; encore",
    "Contrôle\x00\x01\x07\x08\x0b\x0c\x1b\x7f ici",
    "Non-caractères \ufffe\uffff et demi-paire \ud800\udfff?",
    "עברית \u200f droite à gauche \u202e inversé \u202c",
    "Très long " + "é" * 5000,
]
CLEANED = [
    "<script>alert('x')</script> & « le conte »",
    "Fin de section ]]> et ]]&gt; encore",
    "Contrôle\x7f ici",  # DEL is allowed by XML 1.0; C0 controls are not
    "Non-caractères  et demi-paire ?",
    "עברית \u200f droite à gauche \u202e inversé \u202c",
    "Très long " + "é" * 5000,
]


def test_hostile_text_makes_well_formed_feeds_with_the_text_intact(factory):
    f = factory
    f.residence("r", "Résidence <b>gras</b> ]]>", places=("Lieu \x01 & <ici>",))
    f.add_series("hostile", "Série ]]> <i>&amp;</i>\x02", residence="r",
                 description="Description ]]> <script>\x03")
    for n, title in enumerate(HOSTILE):
        f.item("hostile", title, slug=f"h{n}", description=f"{title}\n\nSuite ]]> <b>",
               contributors=((ADULT.__class__(f"Nom <{n}> ]]>\x04", "voix")),),
               place="Salle \x05 <polyvalente>")
    data = f.data()
    write_feeds(data, f.out)
    for ref in feed_list(data):
        raw = (f.out / ref.path).read_bytes()
        channel = validate(raw, data.urls.absolute(ref.path),
                           numbered=ref.path == urls.series_feed("hostile"))
        titles = [i.findtext("title") for i in channel.findall("item")]
        expected_titles = CLEANED if ref.medium == "audio" else []  # all-video.xml: empty
        assert titles == expected_titles  # the factory dates each item before the previous
        for item, expected in zip(channel.findall("item"), expected_titles, strict=True):
            description = item.findtext("description")
            assert html.escape(expected, quote=False) in description
            assert "<script>" not in description  # catalogue markup stays text
        parsed = feedparser.parse(io.BytesIO(raw))
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert [e.title for e in parsed.entries] == titles
        pod = podcastparser.parse(data.urls.absolute(ref.path), io.BytesIO(raw))
        # gPodder squashes runs of spaces in titles, as it does for every feed
        assert [e["title"] for e in pod["episodes"]] == [" ".join(t.split()) for t in titles]
    series = etree.fromstring((f.out / "feeds/hostile.xml").read_bytes())[0]
    assert series.findtext("title") == "Série ]]> <i>&amp;</i>"
    assert series.findtext("description") == "Description ]]> <script>"
    assert series.findtext("podcast:location", namespaces=NS) == "Lieu  & <ici>"
    opml = etree.fromstring((f.out / "feeds.opml").read_bytes())
    assert "Résidence <b>gras</b> ]]>" in {o.get("text") for o in opml.iter("outline")}


# The real catalogue, through the build's own site_data ----------------------


@dataclass
class Made:
    """What the media stage would report: renditions with their files in ``out``."""

    renditions: dict[str, Rendition] = field(default_factory=dict)
    series_art: dict[str, SeriesArt] = field(default_factory=dict)


def _made(cat, out: Path) -> Made:
    made = Made()
    for item in cat.public_items():
        path = urls.enclosure(item.slug, item.medium)
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cat.original_path(item.original.sha256), out / path)
        made.renditions[item.slug] = Rendition(
            slug=item.slug, medium=item.medium, path=path,
            mime=urls.MIME[urls.AUDIO_EXT[item.medium]], bytes=(out / path).stat().st_size,
            duration=item.original.duration)
    for s in cat.series_list():
        made.series_art[s.slug] = SeriesArt(s.slug, {1400: f"media/series/{s.slug}.jpg"})
    return made


def _build(archive, out: Path):
    cat = archive.catalogue
    settings = load(archive.folder)
    data = site_data(cat, settings, cat.public_items(), _made(cat, out))
    write_feeds(data, out)
    return data


def test_real_catalogue_edit_and_withdraw(archive, media, tmp_path):
    out = tmp_path / "site"
    tones = iter(media.tone(2, fmt="mp3", freq=f) for f in (440, 550, 660))

    def add(title: str, *extra: str) -> str:
        res = archive.clea("add", str(next(tones)), "--series", "contes", "--title", title,
                           *extra)
        assert res.exit_code == 0, res.output
        return res.output.strip().splitlines()[-1]

    kept = add("Le géant de Maubeuge", "--cleared", "--audience", "cycle-3",
               "--contributor", "Lola Monset:autrice",
               "--contributor", "Inès Vandamme:voix:minor", "--group", "élèves de CM1")
    gone = add("À retirer", "--cleared", "--audience", "cycle-3")
    draft = add("Pas encore validé", "--audience", "cycle-3")
    data = _build(archive, out)
    assert {e.slug for e in data.episodes} == {kept, gone}
    guid = archive.catalogue.item(kept).guid
    first = public_files(out)
    feed = items_by_guid(first["feeds/contes.xml"])
    enclosure = feed[guid].find("enclosure").attrib
    assert int(enclosure["length"]) == (out / urls.enclosure(kept, "audio")).stat().st_size

    assert archive.clea("edit", kept, "--title", "Le géant de Sambre").exit_code == 0
    assert archive.clea("withdraw", gone).exit_code == 0
    assert archive.catalogue.item(gone).status == WITHDRAWN
    _build(archive, out)
    second = public_files(out)
    feed = items_by_guid(second["feeds/contes.xml"])
    assert list(feed) == [guid]  # the withdrawn one left, the edited one kept its GUID
    assert feed[guid].find("enclosure").attrib == enclosure
    assert feed[guid].findtext("title") == "Le géant de Sambre"
    gone_item, draft_item = archive.catalogue.item(gone), archive.catalogue.item(draft)
    for path, raw in second.items():
        assert b"Vandamme" not in raw and "Inès".encode() not in raw, path
        for hidden in (gone_item, draft_item):
            assert hidden.guid.encode() not in raw and hidden.title.encode() not in raw, path
