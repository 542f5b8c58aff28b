"""The media stage of the build: incremental rules, tags read back, video, failures."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from PIL import Image

from pipeline.build.derive import derive
from pipeline.plumbing import config

from .mediacheck import loudness, streams, top_level_atoms

SRT = """1
00:00:00,200 --> 00:00:01,500
Bonjour, je m'appelle Zoé.

2
00:00:01,500 --> 00:00:02,800
Il était une <i>fois</i> un loup & une louve.
"""


def add(archive, file: Path, *args: str, series: str = "contes") -> str:
    result = archive.clea("add", str(file), "--series", series, "--cleared", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def build(archive, settings=None):
    cat = archive.catalogue
    return derive(cat, settings or config.load(archive.folder), cat.public_items(),
                  archive.folder / "site", progress=False)


@pytest.fixture
def story(archive, media, tmp_path):
    """One audio item with credits (an adult and a minor), a transcript and chapters."""
    (tmp_path / "t.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "c.txt").write_text("00:00 Ouverture\n0:02 Le loup\n", encoding="utf-8")
    return add(archive, media.tone(3, channels=2), "--title", "La légende du loup",
               "--description", "Un conte de la Sambre.",
               "--contributor", "Lola Monset:conteuse", "--contributor", "Zoé Martin:lectrice:minor",
               "--group", "élèves de CM2, école Jean-Macé", "--licence", "cc-by-4.0",
               "--transcript", str(tmp_path / "t.srt"), "--chapters", str(tmp_path / "c.txt"),
               "--cover", str(media.image(1400)))


def test_rebuild_with_nothing_changed_probes_encodes_and_writes_nothing(archive, story):
    first = build(archive)
    assert first.failed == {}
    assert first.encodes == 1 and first.probes >= 1
    assert f"media/{story}.mp3" in first.written

    again = build(archive)
    assert (again.encodes, again.retags, again.probes, again.written) == (0, 0, 0, [])
    assert again.files == first.files
    assert again.renditions == first.renditions


def test_a_title_edit_rewrites_the_tags_only_at_the_same_url(archive, story):
    first = build(archive)
    archive.catalogue.edit_item(story, {"title": "Le loup de Maubeuge"})
    second = build(archive)

    assert (second.encodes, second.probes, second.retags) == (0, 0, 1)
    assert second.written == [f"media/{story}.mp3"]
    assert second.renditions[story].path == first.renditions[story].path == f"media/{story}.mp3"
    tags = ID3(archive.folder / "site" / second.renditions[story].path)
    assert str(tags["TIT2"]) == "Le loup de Maubeuge"
    assert second.renditions[story].bytes == (archive.folder / "site" / f"media/{story}.mp3"
                                              ).stat().st_size


def test_a_new_loudness_setting_reencodes_only_what_it_affects(archive, media, story):
    mono = add(archive, media.tone(3, channels=1, freq=330), "--title", "Une voix seule")
    build(archive)
    settings = dataclasses.replace(config.load(archive.folder), stereo_lufs=-20.0)
    after = build(archive, settings)

    assert after.encodes == 1 and after.probes == 0  # the measure is kept, not taken again
    assert f"media/{story}.mp3" in after.written
    assert f"media/{mono}.mp3" not in after.written
    integrated, _ = loudness(archive.folder / "site" / f"media/{story}.mp3")
    assert abs(integrated - -20.0) <= 1.0
    cached = list((archive.folder / "cache" / "media").glob("*.mp3"))
    assert len(cached) == 2  # the superseded encode was dropped from the cache


def test_tags_and_chapters_read_back_with_mutagen_and_name_no_minor(archive, story):
    result = build(archive)
    mp3 = archive.folder / "site" / f"media/{story}.mp3"
    tags = ID3(mp3)
    assert tags.version == (2, 4, 0)
    assert str(tags["TIT2"]) == "La légende du loup"
    assert str(tags["TALB"]) == "Les bibliothèques racontent"
    assert str(tags["TIT1"]) == "Lire en Sambre"
    assert list(tags["TPE1"].text) == ["Lola Monset", "élèves de CM2, école Jean-Macé"]
    assert ["conteuse", "Lola Monset"] in tags["TIPL"].people
    assert str(tags["TCOP"]) == "CC BY 4.0"
    assert tags["WCOP"].url == "https://creativecommons.org/licenses/by/4.0/"
    assert tags.getall("COMM")[0].text == ["Un conte de la Sambre."]
    cover = tags.getall("APIC")[0]
    assert cover.mime == "image/jpeg"
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [(c.start_time, str(c.sub_frames["TIT2"])) for c in chaps] == [
        (0, "Ouverture"), (2000, "Le loup")]
    assert chaps[-1].end_time == pytest.approx(3000, abs=60)
    (toc,) = tags.getall("CTOC")
    assert list(toc.child_element_ids) == [c.element_id for c in chaps]

    raw = mp3.read_bytes()
    for form in ("Zoé", "Martin"):
        assert form.encode("utf-8") not in raw and form.encode("utf-16-le") not in raw

    r = result.renditions[story]
    assert [(c.start, c.title) for c in r.chapters] == [(0.0, "Ouverture"), (2.0, "Le loup")]
    chapters_json = (archive.folder / "site" / r.chapters_json).read_text(encoding="utf-8")
    assert '"version": "1.2.0"' in chapters_json and '"startTime": 2' in chapters_json


def test_transcripts_are_written_three_ways_with_minors_redacted(archive, story):
    r = build(archive).renditions[story]
    site = archive.folder / "site"
    vtt = (site / r.transcript_vtt).read_text(encoding="utf-8")
    srt = (site / r.transcript_srt).read_text(encoding="utf-8")
    txt = (site / r.transcript_txt).read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n00:00:00.200 --> 00:00:01.500\n")
    assert "un loup &amp; une louve" in vtt
    assert "00:00:01,500 --> 00:00:02,800\nIl était une fois un loup & une louve." in srt
    for text in (vtt, srt, txt, r.transcript_text):
        assert "Zoé" not in text and "[élève]" in text


def test_covers_come_in_feed_and_page_sizes_and_a_series_without_one_gets_one(archive, story):
    result = build(archive)
    site = archive.folder / "site"
    item_cover = result.renditions[story].cover
    art = result.series_art["contes"].cover
    assert sorted(item_cover) == sorted(art) == [300, 600, 1400]
    assert item_cover != art  # the item's own picture, the series' generated one
    for cover in (item_cover, art):
        for width, path in cover.items():
            assert path.startswith("covers/") and path in result.files
            with Image.open(site / path) as img:
                assert img.size == (width, width) and img.format == "JPEG" and img.mode == "RGB"
            assert (site / path).stat().st_size < 512 * 1024


def test_video_is_h264_faststart_with_poster_and_captions_portrait_kept(archive, media, tmp_path):
    rotated = tmp_path / "portrait.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(media.video(2)),
                    "-c", "copy", "-metadata:s:v:0", "rotate=90", str(rotated)], check=True)
    (tmp_path / "v.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.500\nBonjour\n",
                                    encoding="utf-8")
    slug = add(archive, rotated, "--title", "Une pastille", "--transcript",
               str(tmp_path / "v.vtt"), series="pastilles")
    result = build(archive)
    assert result.failed == {}
    r = result.renditions[slug]
    mp4 = archive.folder / "site" / r.path
    assert r.path == f"media/{slug}.mp4" and r.mime == "video/mp4"

    atoms = top_level_atoms(mp4)
    assert atoms.index("moov") < atoms.index("mdat")
    fmt, found = streams(mp4)
    video = next(s for s in found if s["codec_type"] == "video")
    audio = next(s for s in found if s["codec_type"] == "audio")
    assert (video["codec_name"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert video["level"] <= 41
    assert (video["width"], video["height"]) == (240, 320) == (r.width, r.height)
    assert audio["codec_name"] == "aac"
    assert audio["channels"] == 1 and abs(loudness(mp4)[0] - -19.0) <= 1.0  # mono target
    assert MP4(mp4).tags["\xa9nam"] == ["Une pastille"]
    with Image.open(archive.folder / "site" / r.poster) as poster:
        assert poster.format == "JPEG" and poster.size == (240, 320)
    assert (archive.folder / "site" / r.transcript_vtt).read_text().startswith("WEBVTT")


def test_a_failing_item_is_reported_and_the_others_still_build(archive, media, story):
    broken = add(archive, media.tone(3, channels=1, freq=550), "--title", "Abîmé")
    item = archive.catalogue.item(broken)
    archive.catalogue.original_path(item.original.sha256).unlink()

    result = build(archive)
    assert set(result.failed) == {broken}
    assert "missing from the store" in result.failed[broken]
    assert story in result.renditions and broken not in result.renditions


def test_an_interrupted_encode_leaves_no_half_file_and_the_next_build_converges(
        archive, story, monkeypatch):
    import media.audio

    real = media.audio.encode_mp3

    def killed(src, dest, **kw):
        real(src, dest, **kw)
        raise KeyboardInterrupt  # as if the build were killed before the rename

    monkeypatch.setattr("pipeline.build.derive.encode_mp3", killed)
    with pytest.raises(KeyboardInterrupt):
        build(archive)
    leftovers = [p for p in archive.folder.rglob("*") if p.is_file() and (
        p.suffix == ".part" or p.suffix in (".mp3", ".mp4"))]
    assert leftovers == [p for p in leftovers if "originals" in p.parts]

    monkeypatch.setattr("pipeline.build.derive.encode_mp3", real)
    result = build(archive)
    assert result.encodes == 1 and result.failed == {}
    assert (archive.folder / "site" / f"media/{story}.mp3").is_file()


def test_parallel_encodes_move_one_progress_from_0_to_1_and_match_one_at_a_time(
        archive, media, story):
    add(archive, media.tone(6, channels=1, freq=550), "--title", "Deuxième conte")
    add(archive, media.video(3), "--title", "Une pastille", series="pastilles")
    cat, seen = archive.catalogue, []
    result = derive(cat, config.load(archive.folder), cat.public_items(),
                    archive.folder / "site", progress=False, jobs=3, on_progress=seen.append)
    assert result.failed == {} and result.encodes == 3
    assert seen == sorted(seen) and 0 < seen[0] and seen[-1] == 1.0
    assert len(seen) > 3  # the encodes report as they run, not only when each item ends

    # The same catalogue built one at a time from scratch makes the same renditions.
    again = archive.folder / "again"
    serial = derive(cat, config.load(archive.folder), cat.public_items(), again,
                    progress=False, jobs=1)
    assert serial.renditions.keys() == result.renditions.keys()
    for slug, r in result.renditions.items():
        assert r == serial.renditions[slug]
        assert (again / r.path).read_bytes() == (archive.folder / "site" / r.path).read_bytes()
