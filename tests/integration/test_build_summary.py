"""``clea build`` says what happened: files written and removed, by kind, counted exactly."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.build import by_kind, kind_of


def site_files(site: Path) -> set[str]:
    """What the public gets: every file but the stages' own dotfiles."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site).parts)}


def counted(summary: str, what: str) -> tuple[int, str]:
    """(count, " (by kind)") of "N files written (…)" or "N removed (…)" in a summary."""
    found = re.search(rf"(\d+) {what}( \([^)]*\))?", summary)
    assert found, summary
    return int(found[1]), found[2] or ""


def test_a_withdrawal_counts_every_file_that_left_by_kind(archive, media):
    a = archive
    video = a.clea("add", str(media.video(2)), "--series", "pastilles", "--title",
                   "Pastille : d'où vient l'image ?", "--cleared").stdout.strip()
    for freq in (440, 660):
        a.clea("add", str(media.tone(2, freq=freq)), "--series", "contes", "--title",
               f"Conte à {freq} Hz", "--cleared", "--audience", "cycle-3")
    first = a.clea("build")
    assert first.exit_code == 0, first.stderr
    site = a.folder / "site"
    before = site_files(site)
    written, kinds = counted(first.stdout, r"files? written")
    assert written == len(before) and kinds == by_kind(sorted(before))

    assert a.clea("withdraw", video).exit_code == 0
    again = a.clea("build")
    assert again.exit_code == 0, again.stderr
    after = site_files(site)
    gone = sorted(before - after)
    assert any(video in rel for rel in gone)
    removed, kinds = counted(again.stdout, "removed")
    assert removed == len(gone), (again.stdout, gone)
    assert kinds == by_kind(gone)
    # a withdrawn video leaves pages, media, feeds, search files and its QR code
    assert {kind_of(rel) for rel in gone} >= {"page", "media file", "feed", "search file",
                                              "QR code"}, gone
    quiet = a.clea("build")
    assert "0 files written, 0 removed, 0 encodes" in quiet.stdout
