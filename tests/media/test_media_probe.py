"""Probing by content: a plain PCM WAV is checked by its RIFF sizes and its two
ends, never decoded whole; everything else is still decoded to the end."""

from __future__ import annotations

import struct

import pytest

from media import MediaError, ffmpeg, probe
from media.probe import PCM_ENDS


@pytest.fixture
def decodes(monkeypatch):
    """Every ffmpeg decode ``probe`` runs: its options before its first ``-i``, and
    (for a run with two inputs) those between its first and second ``-i``."""
    seen: list[list[str]] = []
    real = ffmpeg.run

    def spy(args, **kw):
        if kw.get("tool", ffmpeg.FFMPEG) == ffmpeg.FFMPEG:
            args = [str(a) for a in args]
            first = args.index("-i")
            second = args.index("-i", first + 1) if args.count("-i") > 1 else None
            seen.append(args[:first] if second is None else
                        [*args[:first], "|", *args[first + 2:second]])
        return real(args, **kw)

    monkeypatch.setattr(ffmpeg, "run", spy)
    return seen


def test_a_pcm_wav_is_decoded_at_its_two_ends_only_by_one_ffmpeg(media, decodes):
    found = probe(media.tone(30))
    assert found.duration == pytest.approx(30, abs=0.01) and found.format == "wav"
    assert decodes == [["-v", "error", "-t", f"{PCM_ENDS:g}", "|",
                        "-ss", f"{30 - PCM_ENDS:.3f}"]]


def test_a_pcm_wav_damaged_at_its_end_is_refused(media, tmp_path, monkeypatch):
    real = ffmpeg.run

    def failing_tail(args, **kw):
        proc = real(args, **kw)
        if "-ss" in [str(a) for a in args]:
            proc.stderr = "[pcm_s16le @ 0x1] Invalid PCM packet\n"
        return proc

    monkeypatch.setattr(ffmpeg, "run", failing_tail)
    with pytest.raises(MediaError) as refused:
        probe(media.tone(6), name="conte.wav")
    assert refused.value.code == "media.damaged"
    assert "conte.wav" in str(refused.value)


def test_other_files_are_still_decoded_to_the_end(media, decodes):
    probe(media.tone(6, fmt="mp3"))
    assert decodes == [["-v", "error"]]


def test_a_wav_cut_short_is_still_refused(media, tmp_path):
    whole = media.tone(6).read_bytes()
    cut = tmp_path / "coupe.wav"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(MediaError) as refused:
        probe(cut)
    assert refused.value.code == "media.wav-truncated"


def test_a_wav_whose_data_size_is_unknown_is_decoded_whole(media, tmp_path, decodes):
    data = bytearray(media.tone(4).read_bytes())
    at = data.index(b"data")
    data[at + 4:at + 8] = struct.pack("<I", 0xFFFFFFFF)  # as a recorder writing live leaves it
    streamed = tmp_path / "direct.wav"
    streamed.write_bytes(bytes(data))
    probe(streamed)
    assert decodes == [["-v", "error"]]
