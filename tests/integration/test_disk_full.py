"""A full disk during add, build or publish: one plain line naming the file, exit
status 1, nothing half-written. The disk is a small tmpfs (skipped if this
machine will not mount one)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from archive import N_, Catalogue
from archive.atomic import temporary_of
from pipeline.plumbing import config

from ..conftest import ArchiveFixture


@pytest.fixture
def small_disk(tmp_path):
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"disque-{len(mounted)}"
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                               str(point)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()})")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def assert_one_plain_line(result, *names: str) -> None:
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("clea:")]
    assert len(lines) == 1, result.stderr
    assert "the disk is full" in lines[0] and any(n in lines[0] for n in names), lines[0]
    assert "Traceback" not in result.output


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if temporary_of(p.name) or p.name.endswith(".part")]


def test_add_on_a_full_disk(small_disk, media):
    folder = small_disk("1m") / "archive"
    cat = Catalogue.create(folder)
    config.write_initial(folder, title="Petite", base_url="https://podcasts.mediatheque.fr/")
    cat.add_series("contes", "Contes")
    archive = ArchiveFixture(folder, cat)
    big = media.tone(30)  # about 5 MB of WAV
    result = archive.clea("add", str(big), "--series", "contes", "--title", "Trop gros")
    assert_one_plain_line(result, big.name)
    assert cat.items() == []
    assert not [p for p in (folder / "originals").rglob("*") if p.is_file()]
    cat.close()


def test_build_on_a_full_disk(small_disk, archive, media):
    archive.clea("add", str(media.tone(20, freq=500)), "--series", "contes", "--title",
                 "Un conte", "--cleared")
    out = small_disk("300k") / "site"
    result = archive.clea("build", "--out", str(out))
    assert_one_plain_line(result, str(out))
    assert leftovers(out) == []
    assert list(out.rglob("*.mp3")) == []  # the copy that did not fit is not there at all


def test_a_build_inside_a_full_archive_stops_and_says_so(small_disk, media):
    folder = small_disk("6m") / "archive"
    cat = Catalogue.create(folder)
    config.write_initial(folder, title="Petite", base_url="https://podcasts.mediatheque.fr/")
    cat.add_series("contes", "Contes")
    archive = ArchiveFixture(folder, cat)
    for n in range(2):
        added = archive.clea("add", str(media.tone(15, freq=300 + 100 * n)), "--series",
                             "contes", "--title", f"Conte {n}", "--cleared")
        assert added.exit_code == 0, added.stderr
    filler = folder.parent / "remplissage"  # leave almost no room for the encodes
    free = shutil.disk_usage(folder).free
    filler.write_bytes(b"\0" * max(0, free - 40_000))
    result = archive.clea("build")
    assert_one_plain_line(result, str(folder))  # a cover, an encode or the catalogue
    assert leftovers(folder) == []
    cat.close()


def test_ffmpeg_writing_to_a_full_disk_is_a_full_disk(small_disk, media):
    """Not "cannot encode the MP3": the whole build must stop and say why."""
    import errno

    from archive.atomic import atomic_path
    from media import ffmpeg

    dest = small_disk("100k") / "encode.mp3"
    with pytest.raises(OSError) as raised, atomic_path(dest) as tmp:
        ffmpeg.run_progress(["-v", "error", "-i", str(media.tone(30)), "-c:a", "libmp3lame",
                             "-f", "mp3", "-y", str(tmp)], subject="ton.wav",
                            what=N_("cannot encode the MP3"), code="media.encode-failed.mp3")
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(dest)
    assert list(dest.parent.iterdir()) == []
