"""Transcripts, chapters and covers: accepted forms, and refusals that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from media import MediaError, chapters, covers, transcripts


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


VTT = """WEBVTT
Kind: captions

NOTE made by hand

intro
00:00.500 --> 00:02.000 align:start
<v Lola>Il était une fois</v>

00:00:02.000 --> 00:00:04.250
un loup &amp; une louve.
"""


def test_webvtt_and_srt_are_told_apart_by_content_and_give_the_same_cues(tmp_path):
    srt = "1\n00:00:00,500 --> 00:00:02,000\nIl était une fois\n\n2\n00:00:02,000 --> " \
          "00:00:04,250\nun loup & une louve.\n"
    a = transcripts.parse(write(tmp_path, "a.txt", VTT), 5.0)
    b = transcripts.parse(write(tmp_path, "b.vtt", "\ufeff" + srt), 5.0)  # names lie, BOM ok
    assert a == b
    assert [(c.start, c.end) for c in a.cues] == [(0.5, 2.0), (2.0, 4.25)]
    assert a.text() == "Il était une fois\nun loup & une louve.\n"
    assert transcripts.parse(write(tmp_path, "c.vtt", a.vtt()), 5.0) == a
    assert transcripts.parse(write(tmp_path, "d.srt", a.srt()), 5.0) == a


@pytest.mark.parametrize("text, line, code", [
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nun\n\n00:0x.000 --> 00:03.000\ndeux\n", 6,
     "transcript.bad-timing"),
    ("WEBVTT\n\n00:05.000 --> 00:06.000\nun\n\n00:02.000 --> 00:03.000\ndeux\n", 6,
     "transcript.out-of-order"),
    ("1\n00:00:01,000 --> 00:00:02,000\nun\n\n2\n00:00:09,000 --> 00:00:12,000\ndeux\n", 6,
     "transcript.too-long"),
    ("WEBVTT\n\n00:03.000 --> 00:02.000\nun\n", 3, "transcript.ends-before-start"),
    ("WEBVTT\n\nun texte sans minutage\n", 3, "transcript.no-timing"),
])
def test_a_broken_transcript_is_refused_with_its_line(tmp_path, text, line, code):
    path = write(tmp_path, "t.vtt", text)
    with pytest.raises(MediaError) as err:
        transcripts.parse(path, 5.0)
    assert (err.value.code, err.value.field) == (code, "transcript")
    assert err.value.subject == str(path) and err.value.params["line"] == line
    assert err.value.reason().startswith(f"line {line}: ")


def test_a_transcript_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, "t.srt", b"1\n00:00:00,000 --> 00:00:01,000\n" +
                 "Noël\n".encode("latin-1"))
    with pytest.raises(MediaError, match=r"line 3: not UTF-8"):
        transcripts.parse(path, None)


@pytest.mark.parametrize("text", [
    "# chapitres\n00:00:00 Ouverture\n1:30 - Le loup\n01:02:03.5 La fin\n",
    '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Ouverture"},\n'
    '{"startTime": 90, "title": "Le loup"}, {"startTime": 3723.5, "title": "La fin"}]}',
    '[[0, "Ouverture"], ["1:30", "Le loup"], {"start": 3723.5, "title": "La fin"}]',
])
def test_chapters_from_text_or_json(tmp_path, text):
    found = chapters.parse(write(tmp_path, "c", text), 4000.0)
    assert found == [(0.0, "Ouverture"), (90.0, "Le loup"), (3723.5, "La fin")]
    data = chapters.to_json(found)
    assert '"version": "1.2.0"' in data
    assert chapters.parse(write(tmp_path, "again.json", data), 4000.0) == found


@pytest.mark.parametrize("text, line, code", [
    ("00:00 Ouverture\nvers 2 minutes Le loup\n", 2, "chapters.bad-line"),
    ("00:00 Ouverture\n02:00 Le loup\n01:00 Retour\n", 3, "chapters.out-of-order"),
    ("00:00 Ouverture\n\n10:00 Trop tard\n", 3, "chapters.too-late"),
    ('{"chapters": [\n  {"startTime": 0, "title": "A"},\n  {"startTime": 5}\n]}', 3,
     "chapters.no-title"),
    ('{"chapters": [\n  {"startTime": 0, "title": "A"},\n  {"startTime": 5, "title": "B",}\n]}',
     3, "chapters.bad-json"),
])
def test_broken_chapters_are_refused_with_their_line(tmp_path, text, line, code):
    path = write(tmp_path, "c.txt", text)
    with pytest.raises(MediaError) as err:
        chapters.parse(path, 300.0)
    assert (err.value.code, err.value.field) == (code, "chapters")
    assert err.value.subject == str(path) and err.value.params["line"] == line
    assert err.value.reason().startswith(f"line {line}: ")


def test_a_usable_cover_passes_and_unusable_ones_are_refused_by_name(media, tmp_path):
    assert covers.check(media.image(1400)).width == 1400
    for path, code in [
        (media.image(1400, height=1000), "cover.not-square"),
        (media.image(1000), "cover.too-small"),
        (write(tmp_path, "cover.jpg", "pas une image"), "cover.unreadable"),
    ]:
        with pytest.raises(MediaError) as err:
            covers.check(path)
        assert (err.value.code, err.value.field) == (code, "cover")
        assert err.value.subject == str(path)


def test_render_clamps_the_feed_size_flattens_and_stays_under_512_kb(tmp_path):
    src = tmp_path / "big.png"
    noisy = Image.effect_noise((2000, 2000), 90).convert("RGBA")  # hard to compress
    noisy.putalpha(128)
    noisy.save(src)
    made = covers.render(src, tmp_path / "out", "k",
                         write=lambda p, d: (p.parent.mkdir(exist_ok=True), p.write_bytes(d)))
    feed = max(made)
    assert sorted(made) == [300, 600, feed] and 1400 <= feed < 2000  # noise: shrunk to fit
    again = covers.render(src, tmp_path / "out", "k", write=lambda p, d: pytest.fail("rewritten"))
    assert again == made
    for width, path in made.items():
        with Image.open(path) as img:
            assert img.size == (width, width) and img.mode == "RGB" and img.format == "JPEG"
        assert path.stat().st_size <= 512 * 1024


def test_generated_covers_are_square_feed_size_and_differ_by_series(tmp_path):
    a = covers.generate("Les bibliothèques racontent", "contes")
    b = covers.generate("Les bibliothèques racontent", "pastilles")
    assert a.size == (1400, 1400)
    assert a.getpixel((5, 5)) != b.getpixel((5, 5)) or a.tobytes() != b.tobytes()
    assert covers.generated_key("A", "contes") != covers.generated_key("B", "contes")
