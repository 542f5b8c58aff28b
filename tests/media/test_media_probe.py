"""Probing by content: a plain PCM WAV is checked by its RIFF sizes and its two
ends, never decoded whole; everything else is still decoded to the end."""

from __future__ import annotations

import struct

import pytest

from media import MediaError, ffmpeg, probe
from media.probe import PCM_ENDS, StreamCheck, streamable


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


def streamed(path, *, upto: int | None = None) -> StreamCheck:
    """A StreamCheck given ``path``'s bytes (all of them, or the first ``upto``) in pieces."""
    data = path.read_bytes()
    check = StreamCheck()
    given = data[:upto] if upto is not None else data
    for at in range(0, len(given), 65536):
        check.feed(given[at:at + 65536])
    check.end(whole=upto is None)
    return check


def test_an_mp3_decoded_as_it_arrived_is_not_decoded_again(media, decodes):
    mp3 = media.tone(6, fmt="mp3")
    found = probe(mp3, streamed=streamed(mp3))
    assert decodes == []
    assert found.duration == pytest.approx(6, abs=0.1) and found.format == "mp3"


def test_a_damaged_flac_decoded_as_it_arrived_is_refused_from_the_file(media, tmp_path,
                                                                       decodes):
    data = bytearray(media.tone(6, fmt="flac").read_bytes())
    for at in range(len(data) // 3, len(data) * 2 // 3, 997):
        data[at] ^= 0xFF
    damaged = tmp_path / "abime.flac"
    damaged.write_bytes(bytes(data))
    with pytest.raises(MediaError) as refused:
        probe(damaged, name="abime.flac", streamed=streamed(damaged))
    assert refused.value.code == "media.damaged" and "abime.flac" in str(refused.value)
    assert decodes == [["-v", "error"]]  # the stream's errors are not trusted: the file decides


def test_a_truncated_mp3_decoded_as_it_arrived_is_still_refused(media, tmp_path):
    whole = media.tone(6, fmt="mp3").read_bytes()
    cut = tmp_path / "trop-court.mp3"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(MediaError) as refused:
        probe(cut, name="trop-court.mp3", streamed=streamed(cut))
    assert refused.value.code == "media.truncated"  # the stream decoded cleanly, but 4 s of 6
    assert "trop-court.mp3" in str(refused.value)


def test_a_check_not_given_the_whole_file_stands_for_nothing(media, decodes):
    mp3 = media.tone(6, fmt="mp3")
    probe(mp3, streamed=streamed(mp3, upto=mp3.stat().st_size // 2))
    assert decodes == [["-v", "error"]]


def test_a_video_is_never_judged_by_a_stream_check(media, decodes):
    video = media.video(2)
    probe(video, streamed=streamed(video))
    assert decodes == [["-v", "error"]]


@pytest.mark.parametrize(("head", "expected"), [
    (b"ID3\x04", True), (b"fLaC", True), (b"OggS", True), (b"\xff\xfb\x90\x00", True),
    (b"\xff\xf1\x50\x80", False), (b"RIFF", False), (b"\x00\x00\x00\x20", False)])
def test_only_mp3_flac_and_ogg_are_worth_a_stream_check(head, expected):
    assert streamable(head) is expected


def test_a_wav_of_compressed_samples_is_still_decoded_whole(media, tmp_path, decodes):
    adpcm = tmp_path / "adpcm.wav"
    ffmpeg.run(["-v", "error", "-i", media.tone(4), "-c:a", "adpcm_ima_wav", adpcm],
               subject=adpcm, what="test", code="test")
    decodes.clear()
    assert probe(adpcm).duration == pytest.approx(4, abs=0.1)
    assert decodes == [["-v", "error"]]


def test_a_float_wav_is_decoded_at_its_two_ends_only(media, tmp_path, decodes):
    floats = tmp_path / "flottant.wav"
    ffmpeg.run(["-v", "error", "-i", media.tone(8), "-c:a", "pcm_f32le", floats],
               subject=floats, what="test", code="test")
    decodes.clear()
    assert probe(floats).duration == pytest.approx(8, abs=0.01)
    assert decodes == [["-v", "error", "-t", f"{PCM_ENDS:g}", "|", "-ss", f"{8 - PCM_ENDS:.3f}"]]
