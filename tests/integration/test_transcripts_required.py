"""The transcript report, and ``require_transcripts`` holding items back."""

from __future__ import annotations

from pipeline.build import build
from pipeline.plumbing.config import CONFIG_NAME, load


def _add(archive, media, title: str, freq: int, transcript=None) -> str:
    args = ["add", str(media.tone(2, freq=freq)), "--series", "contes", "--title", title,
            "--cleared"]
    if transcript:
        args += ["--transcript", str(transcript)]
    result = archive.clea(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_build_reports_items_without_transcript_and_can_hold_them_back(archive, media,
                                                                       tmp_path):
    vtt = tmp_path / "t.vtt"
    vtt.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nIl était une fois\n",
                   encoding="utf-8")
    with_text = _add(archive, media, "Avec transcription", 1100, vtt)
    without = _add(archive, media, "Sans transcription", 1110)
    site = archive.folder / "site"
    lines: list[str] = []
    report = build(archive.catalogue, load(archive.folder), site, log=lines.append)
    assert report.without_transcript == [without]
    assert any(without in line and "without a transcript" in line for line in lines)
    assert (site / "episodes" / without / "index.html").is_file()

    config = archive.folder / CONFIG_NAME
    config.write_text(config.read_text(encoding="utf-8").replace(
        "require_transcripts = false", "require_transcripts = true"), encoding="utf-8")
    held = build(archive.catalogue, load(archive.folder), site)
    assert held.held_back == [without]
    assert not (site / "episodes" / without).exists()
    assert (site / "episodes" / with_text / "index.html").is_file()
    assert without not in (site / "feeds" / "contes.xml").read_text(encoding="utf-8")
