"""Series intros and outros: prepared with pydub, joined in the one streaming encode,
and every figure that depends on them (duration, length, chapters, cues) checked
against the MP3 itself with ffprobe/ffmpeg, never with clea's own numbers."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ffmpeg

from .mediacheck import streams
from .test_media_derive import build

FRAME = 1152 / 44100  # one MP3 frame: how exact a probed duration can be
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
SRT = ("1\n00:00:00,200 --> 00:00:01,500\nBonjour, je m'appelle Zoé.\n\n"
       "2\n00:00:01,500 --> 00:00:02,800\nIl était une fois un loup.\n")


def jingle(tmp_path: Path, name: str, *, tone: float, freq: int, silence: float = 0.0,
           volume_db: float = -6) -> Path:
    """A loud tone with ``silence`` seconds of silence at each end, as a WAV."""
    path = tmp_path / name
    pad = f",adelay={int(silence * 1000)}:all=1,apad=pad_dur={silence}" if silence else ""
    ffmpeg("-f", "lavfi", "-i", f"sine=f={freq}:d={tone}:sample_rate=48000,volume={volume_db}dB"
           f"{pad}", "-ac", "2", str(path))
    return path


def add(archive, file: Path, *args: str, series: str = "contes") -> str:
    result = archive.clea("add", str(file), "--series", series, "--cleared", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def set_jingles(archive, series: str, *args: str):
    return archive.clea("series", "edit", series, *args)


def probed_duration(path: Path) -> float:
    """What a player plays: every sample decoded, the encoder's delay and padding
    dropped as the MP3's LAME header says (ffprobe's header figure counts whole
    frames, padding included)."""
    proc = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "null",
                           "-", "-progress", "pipe:1", "-nostats"], capture_output=True,
                          text=True, check=True)
    times = re.findall(r"^out_time_us=(\d+)$", proc.stdout, re.M)
    return int(times[-1]) / 1_000_000


def loudness_of(path: Path, start: float, length: float) -> float:
    """Integrated loudness (LUFS) of ``length`` seconds of ``path`` from ``start``."""
    proc = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-ss", f"{start}", "-t", f"{length}", "-i",
         str(path), "-af", "ebur128", "-f", "null", "-"], capture_output=True, text=True,
        check=True)
    summary = proc.stderr[proc.stderr.rfind("Summary:"):]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))


def stored(archive) -> set[Path]:
    return {p for p in (archive.folder / "originals").rglob("*") if p.is_file()}


@pytest.fixture
def episode(archive, media, tmp_path):
    """An episode of « contes » with chapters and a transcript, and its series' jingles."""
    (tmp_path / "t.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "c.txt").write_text("00:00 Ouverture\n0:02 Le loup\n", encoding="utf-8")
    slug = add(archive, media.tone(3, channels=2), "--title", "La légende du loup",
               "--transcript", str(tmp_path / "t.srt"), "--chapters", str(tmp_path / "c.txt"))
    intro = jingle(tmp_path, "intro.wav", tone=2.0, freq=880, silence=0.6)
    outro = jingle(tmp_path, "outro.wav", tone=1.5, freq=660)
    result = set_jingles(archive, "contes", "--intro", str(intro), "--outro", str(outro))
    assert result.exit_code == 0, result.output
    return slug


def test_an_episode_with_intro_and_outro_is_exact_in_its_file_feed_chapters_and_cues(
        archive, episode):
    result = archive.clea("build")
    assert result.exit_code == 0, result.output
    site = archive.folder / "site"
    mp3 = site / "media" / f"{episode}.mp3"
    row = archive.catalogue.conn.execute(
        "SELECT lead, trail, duration, bytes FROM derivatives").fetchone()
    lead, trail, duration = row["lead"], row["trail"], row["duration"]
    # pydub trimmed the 0.6 s of silence at both ends of the intro: 2 s of tone remain.
    assert lead == pytest.approx(2.0, abs=0.02) and trail == pytest.approx(1.5, abs=0.02)
    assert duration == pytest.approx(lead + 3.0 + trail, abs=0.01)

    # The file: as long as recorded (within a frame), as many bytes as the feed says.
    assert abs(probed_duration(mp3) - duration) <= FRAME
    assert abs(float(streams(mp3)[0]["duration"]) - duration) <= 2 * FRAME
    item = next(ET.parse(site / "feeds" / "contes.xml").getroot().iter("item"))
    enclosure = item.find("enclosure")
    assert int(enclosure.get("length")) == mp3.stat().st_size == row["bytes"]
    assert int(item.find(f"{ITUNES}duration").text) == round(duration)

    # The intro and outro really are in it, at the series' loudness (-16 LUFS stereo),
    # though the files given were much louder (a -6 dBFS tone is about -9 LUFS).
    assert loudness_of(mp3, 0.2, lead - 0.6) == pytest.approx(-16, abs=1.0)
    assert loudness_of(mp3, duration - trail + 0.1, trail - 0.6) == pytest.approx(-16, abs=1.0)

    # Chapters: « Générique » at 0, the episode's own from the intro's end on.
    chapters = json.loads((site / "media" / f"{episode}.chapters.json").read_text())
    assert [(c["startTime"], c["title"]) for c in chapters["chapters"]] == [
        (0, "Générique"), (pytest.approx(lead, abs=0.001), "Ouverture"),
        (pytest.approx(lead + 2, abs=0.001), "Le loup"),
        (pytest.approx(duration - trail, abs=0.001), "Générique de fin")]

    # Cues move by the intro's length in the public VTT and SRT.
    vtt = (site / "media" / f"{episode}.vtt").read_text()
    assert f"{_clock(lead + 0.2, '.')} --> {_clock(lead + 1.5, '.')}" in vtt
    srt = (site / "media" / f"{episode}.srt").read_text()
    assert f"{_clock(lead + 1.5)} --> {_clock(lead + 2.8)}" in srt


def _clock(seconds: float, mark: str = ",") -> str:
    ms = round(seconds * 1000)
    return (f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{mark}"
            f"{ms % 1000:03d}")


def test_changing_an_intro_reencodes_that_series_only(archive, media, tmp_path):
    archive.catalogue.add_series("chroniques", "Chroniques", residence="lire-en-sambre")
    tale = add(archive, media.tone(3, channels=1), "--title", "Un conte")
    other = add(archive, media.tone(2, channels=2, freq=550), "--title", "Une chronique",
                series="chroniques")
    first = build(archive)
    assert first.encodes == 2 and first.failed == {}
    other_mp3 = archive.folder / "site" / "media" / f"{other}.mp3"
    before = (other_mp3.stat().st_mtime_ns, other_mp3.read_bytes())

    intro = jingle(tmp_path, "intro.wav", tone=1.0, freq=880)
    assert set_jingles(archive, "contes", "--intro", str(intro)).exit_code == 0
    second = build(archive)
    assert second.encodes == 1 and second.failed == {}
    assert f"media/{other}.mp3" not in second.written and f"media/{tale}.mp3" in second.written
    assert (other_mp3.stat().st_mtime_ns, other_mp3.read_bytes()) == before
    # A mono episode: the intro was prepared in mono at the mono target.
    tale_mp3 = archive.folder / "site" / "media" / f"{tale}.mp3"
    assert streams(tale_mp3)[1][0]["channels"] == 1
    assert abs(probed_duration(tale_mp3) - second.renditions[tale].duration) <= FRAME
    assert second.renditions[tale].duration == pytest.approx(4.0, abs=0.02)

    again = build(archive)
    assert (again.encodes, again.probes, again.written) == (0, 0, [])

    assert set_jingles(archive, "contes", "--no-intro").exit_code == 0
    plain = build(archive)
    assert plain.encodes == 1 and f"media/{other}.mp3" not in plain.written
    assert plain.renditions[tale].duration == first.renditions[tale].duration


def test_a_bad_intro_is_refused_in_one_line_and_nothing_is_stored(archive, media, tmp_path):
    text = tmp_path / "generique.mp3"
    text.write_text("ceci n'est pas un son\n", encoding="utf-8")
    silent = tmp_path / "silence.wav"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "3", str(silent))
    cases = [
        (("--intro", str(text)), "generique.mp3: not an audio or video file"),
        (("--intro", str(media.tone(61))), "lasts 60 s at most; this one lasts 61.0 s"),
        (("--outro", str(media.video(2))), "must be a sound file, not a video"),
        (("--outro", str(silent)), "silence.wav: the intro or outro is silent"),
        (("--intro", str(media.tone(2)), "--no-intro"), "give a new intro or remove it"),
        (("--intro", str(tmp_path / "absent.wav")), "absent.wav: no such file"),
    ]
    before = stored(archive)
    for args, message in cases:
        result = set_jingles(archive, "contes", *args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (args, lines)
        assert "Traceback" not in result.output
    video = set_jingles(archive, "pastilles", "--intro", str(media.tone(2)))
    assert video.exit_code == 1 and "for audio series only" in video.stderr
    assert stored(archive) == before
    assert archive.catalogue.series("contes").intro_sha is None
    assert not list((archive.folder / "originals").rglob(".incoming-*"))
