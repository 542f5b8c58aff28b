"""Invariant 2: a bad input is refused with one clear line; the archive is unchanged."""

from __future__ import annotations

import pytest

from .conftest import snapshot

BAD = ["empty", "text", "random", "image", "pdf", "id3-only", "mp3-head", "folder", "missing",
       "wav-no-data", "wav-lying-size", "zip"]


@pytest.mark.parametrize("kind", BAD)
def test_bad_file_is_refused_and_archive_unchanged(archive, bad_files, kind):
    before = snapshot(archive.folder)
    path = bad_files[kind]
    result = archive.clea("add", str(path), "--series", "contes", "--title", "Essai")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert path.name in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(archive.folder) == before
    leftovers = [p for p in (archive.folder / "originals").rglob("*") if p.is_file()]
    assert leftovers == []


def test_truncated_file_is_refused_with_the_reason(archive, media, tmp_path):
    whole = media.tone(6, fmt="mp3").read_bytes()
    cut = tmp_path / "trop-court.mp3"
    cut.write_bytes(whole[: len(whole) // 2])
    before = snapshot(archive.folder)
    result = archive.clea("add", str(cut), "--series", "contes", "--title", "Coupé")
    assert result.exit_code == 1
    assert "trop-court.mp3" in result.stderr and "truncated" in result.stderr
    assert snapshot(archive.folder) == before


def test_video_in_an_audio_series_points_to_a_video_series(archive, media):
    result = archive.clea("add", str(media.video(2)), "--series", "contes", "--title", "Capsule")
    assert result.exit_code == 1
    assert "video series" in result.stderr


@pytest.mark.parametrize("field", ["--title", "--description"])
def test_control_characters_are_refused(archive, media, field):
    before = snapshot(archive.folder)
    args = ["add", str(media.tone(2)), "--series", "contes", "--title", "Titre"]
    args += [field, "Bonjour\x1b[31m rouge"]
    result = archive.clea(*args)
    assert result.exit_code == 1
    assert "control character" in result.stderr
    assert snapshot(archive.folder) == before


def test_a_minor_named_in_the_title_is_refused(archive, media):
    result = archive.clea("add", str(media.tone(2)), "--series", "contes", "--title",
                          "Le conte d'Inès", "--contributor", "Inès Dupont:voix:minor")
    assert result.exit_code == 1
    assert "names a minor" in result.stderr


def test_usage_error_exits_2(archive):
    result = archive.clea("add")
    assert result.exit_code == 2
