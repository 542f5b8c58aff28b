"""The MP3s meet EBU R128 podcast targets, as ffmpeg (not our code) measures them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from media.audio import AudioSpec, encode_mp3
from media.loudness import measure

from .mediacheck import loudness, silences, streams


def _variant(src: Path, dest: Path, af: str) -> Path:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src), "-af", af,
                    "-ar", "44100", str(dest)], check=True)
    return dest


def _encode(src: Path, dest: Path, channels: int):
    mono = channels == 1
    spec = AudioSpec(mono=mono, lufs=-19.0 if mono else -16.0, true_peak=-1.0,
                     bitrate=96 if mono else 128)
    loud = measure(src, subject=src.name, channels=channels)
    return spec, encode_mp3(src, dest, loud=loud, spec=spec, channels=channels, subject=src.name)


@pytest.mark.parametrize("case", ["loud-stereo-tone", "quiet-mono-tone", "quiet-mono-speech",
                                  "quiet-stereo-speech", "hot-stereo-speech", "surround-tone"])
def test_mp3_meets_the_loudness_target_and_the_true_peak_ceiling(media, tmp_path, case):
    speech = media.speech("Il était une fois une bibliothèque, et une conteuse qui lisait "
                          "des histoires aux enfants le mercredi.", name="story")
    src, channels = {
        "loud-stereo-tone": (media.tone(3, channels=2, volume_db=15), 2),
        "quiet-mono-tone": (media.tone(3, channels=1, volume_db=-25), 1),
        "quiet-mono-speech": (_variant(speech, tmp_path / "q.wav", "volume=-24dB"), 1),
        # lifted ~23 dB, its peaks need 4 dB of limiting: the corrected gain path
        "quiet-stereo-speech": (_variant(speech, tmp_path / "qs.wav",
                                         "volume=-16dB,aformat=channel_layouts=stereo"), 2),
        "hot-stereo-speech": (_variant(speech, tmp_path / "h.wav",
                                       "volume=12dB,aformat=channel_layouts=stereo"), 2),
        "surround-tone": (_variant(media.tone(3, channels=2), tmp_path / "s.wav",
                                   "aformat=channel_layouts=5.1"), 6),
    }[case]
    out = tmp_path / "out.mp3"
    spec, _ = _encode(src, out, channels)

    integrated, true_peak = loudness(out)
    assert abs(integrated - spec.lufs) <= 1.0, integrated
    assert true_peak <= -1.0, true_peak
    fmt, (stream,) = streams(out)
    assert stream["codec_name"] == "mp3"
    assert int(stream["sample_rate"]) == 44100
    assert stream["channels"] == (1 if spec.mono else 2)
    assert abs(int(fmt["bit_rate"]) / 1000 - spec.bitrate) < 8


def test_silent_ends_are_cut_to_one_second(media, tmp_path):
    src = tmp_path / "padded.wav"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
         "anullsrc=r=44100:cl=mono:d=4", "-i", str(media.tone(2, channels=1)), "-f", "lavfi",
         "-i", "anullsrc=r=44100:cl=mono:d=5", "-filter_complex", "[0][1][2]concat=n=3:v=0:a=1",
         str(src)], check=True)
    out = tmp_path / "out.mp3"
    _, done = _encode(src, out, 1)

    assert done.start == pytest.approx(3.0, abs=0.05)
    fmt, _ = streams(out)
    assert float(fmt["duration"]) == pytest.approx(4.0, abs=0.15)  # 1 s + 2 s tone + 1 s
    found = silences(out)
    assert found[0][0] == pytest.approx(0.0, abs=0.05) and found[0][1] <= 1.1
    assert found[-1][1] is None or found[-1][1] - found[-1][0] <= 1.1


def test_a_silent_recording_is_refused_with_a_reason(tmp_path):
    from media import MediaError

    src = tmp_path / "blank.wav"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "anullsrc=r=44100:cl=mono:d=2", str(src)], check=True)
    with pytest.raises(MediaError, match="silent"):
        _encode(src, tmp_path / "out.mp3", 1)
