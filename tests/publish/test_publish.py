"""Publishing to either kind of target: the behaviour a listener and a librarian rely on.

Every test here runs twice, against a folder and against moto's S3 server.
"""

from __future__ import annotations

import os

import pytest

from archive import ClearError
from archive.manifest import Manifest

from .sitegen import enclosures, named_keys


def site_keys(files: dict[str, bytes]) -> set[str]:
    return set(files)


def assert_feeds_whole(dest) -> None:
    """Invariant 5: every feed on the target names only objects on the target."""
    keys = dest.keys()
    for feed in (k for k in keys if k.startswith("feeds/") and k.endswith(".xml")):
        missing = named_keys(dest.read(feed)) - keys
        assert not missing, f"{feed} names missing objects: {sorted(missing)}"
    if "feeds.opml" in keys:
        missing = named_keys(dest.read("feeds.opml")) - keys
        assert not missing, f"feeds.opml names missing feeds: {sorted(missing)}"


def assert_converged(dest, files, archive, report=None) -> None:
    assert dest.keys() == site_keys(files)
    for key, data in files.items():
        assert dest.read(key) == data, key
    target_id = _target_id(archive, dest)
    assert set(Manifest(archive.catalogue.conn, target_id).entries()) == set(files)


def _target_id(archive, dest) -> str:
    rows = archive.catalogue.conn.execute(
        "SELECT DISTINCT target FROM publish_manifest").fetchall()
    assert len(rows) == 1
    return rows[0][0]


def test_first_publish_puts_every_site_file(site, dest, run, archive):
    files = site.files()
    report = run(dest)
    assert sorted(report.uploaded) == sorted(files)
    assert report.bytes == sum(len(d) for d in files.values())
    assert report.unchanged == 0 and report.deleted == []
    assert_converged(dest, files, archive)
    assert f"uploaded {len(files)}, unchanged 0, deleted 0" in report.summary()
    # Each enclosure's announced length is the length the target serves.
    feeds = [k for k in dest.keys() if k.startswith("feeds/")]
    announced = [e for feed in feeds for e in enclosures(dest.read(feed))]
    assert len(announced) >= 5
    assert all(dest.size(e.key) == e.length for e in announced)


def test_noop_republish_uploads_nothing_and_rewrites_nothing(site, dest, run, archive):
    files = site.files()
    run(dest)
    before = {}
    if dest.folder is not None:
        before = {k: os.stat(dest.folder / k).st_mtime_ns for k in files}
    if dest.proxy is not None:
        dest.proxy.reset()
    report = run(dest)
    assert report.uploaded == [] and report.deleted == [] and report.bytes == 0
    assert report.unchanged == len(files)
    if dest.proxy is not None:
        assert dest.proxy.requests() == []  # not one request reached the host
    if dest.folder is not None:
        assert {k: os.stat(dest.folder / k).st_mtime_ns for k in files} == before


def test_rebuilt_file_with_same_bytes_is_not_sent_again(site, dest, run, archive):
    run(dest)
    css = archive.folder / "site" / "assets" / "style.css"
    os.utime(css, ns=(css.stat().st_atime_ns, css.stat().st_mtime_ns + 5_000_000_000))
    report = run(dest)
    assert report.uploaded == []
    # The manifest learnt the new time stamp: the next run need not hash it again.
    entry = Manifest(archive.catalogue.conn, _target_id(archive, dest)).entries()[
        "assets/style.css"]
    assert entry.mtime_ns == css.stat().st_mtime_ns


def test_edit_uploads_only_what_changed(site, dest, run, archive):
    run(dest)
    before = site.files()
    slug = "le-geant-de-maubeuge"
    site.retitle(slug, "Le géant de Maubeuge (version longue)")
    files = site.write()
    changed = {k for k, data in files.items() if before.get(k) != data}
    report = run(dest)
    assert set(report.uploaded) == changed
    assert {f"episodes/{slug}/index.html", "feeds/all.xml", "index.html"} <= changed
    assert f"media/{slug}.mp3" not in changed and "assets/style.css" not in changed
    assert report.unchanged == len(files) - len(changed)
    # The old search fragment left the site, so it leaves the target too.
    assert set(report.deleted) == set(before) - set(files) != set()
    assert_converged(dest, files, archive)


def test_withdrawal_removes_its_objects_only_after_the_new_feeds(site, dest, run, archive):
    run(dest)
    slug = "la-legende-du-bavay"
    site.withdraw(slug)
    files = site.write()
    gone = {f"episodes/{slug}/index.html", f"episodes/{slug}/embed.html",
            *(f"media/{slug}{ext}" for ext in (".mp3", ".jpg", ".vtt", ".srt", ".txt",
                                                ".chapters.json"))}
    seen = []

    def log(line: str) -> None:
        # Look at the target at each step: before any deletion starts, the new
        # feeds must already be there and the withdrawn media still served.
        if line.startswith("deleting") and not seen:
            seen.append(line)
            assert dest.read("feeds/all.xml") == files["feeds/all.xml"]
            assert f"media/{slug}.mp3" in dest.keys()
            assert_feeds_whole(dest)

    report = run(dest, log=log)
    assert seen, "nothing was deleted"
    assert gone <= set(report.deleted)
    assert not gone & dest.keys()
    assert_converged(dest, files, archive)
    if dest.folder is not None:
        assert not (dest.folder / "episodes" / slug).exists()  # no empty folder left


@pytest.mark.parametrize("when", ["media", "between feeds and deletions"])
def test_killed_publish_never_leaves_a_feed_naming_a_missing_object(site, dest, run, archive,
                                                                   when):
    run(dest)
    site.withdraw("le-geant-de-maubeuge")
    site.add("la-bibliotheque-des-oiseaux", "La bibliothèque des oiseaux")
    site.add("portrait-lola", "Portrait de Lola Monset", "video")
    files = site.write()

    class Killed(Exception):
        pass

    def on_progress(done: int, total: int) -> None:
        if when == "media":
            raise Killed

    def log(line: str) -> None:
        if when != "media" and line.startswith("deleting"):
            raise Killed

    with pytest.raises(Killed):
        run(dest, on_progress=on_progress, log=log)
    assert_feeds_whole(dest)
    if when == "media":
        assert dest.read("feeds/all.xml") != files["feeds/all.xml"]  # the old feed stays
    else:
        assert "media/le-geant-de-maubeuge.mp3" in dest.keys()
    report = run(dest)
    assert report.uploaded or report.deleted
    assert_converged(dest, files, archive)
    assert run(dest).uploaded == []


def test_killed_first_publish_sends_no_feed(site, dest, run, archive):
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(dest, on_progress=stop)
    assert not {k for k in dest.keys() if k.startswith("feeds")}
    run(dest)
    assert_converged(dest, site.files(), archive)


def test_nothing_private_goes_out(site, dest, run, archive):
    root = archive.folder / "site"
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    (root / ".DS_Store").write_bytes(b"\0")
    (root / "media" / ".la-legende-du-bavay.mp3.x1y2.part").write_bytes(b"half")
    (root / "media" / "unfinished.mp3.part").write_bytes(b"half")
    os.symlink(archive.folder / "clea.toml", root / "settings.toml")
    os.symlink(archive.folder / "catalogue.sqlite", root / "media" / "db.mp3")
    run(dest)
    keys = dest.keys()
    assert keys == set(site.files())
    assert not any("clea.toml" in k or "sqlite" in k or "originals" in k for k in keys)


def test_refuses_an_archive_folder_as_the_site(site, dest, run, archive):
    from pipeline.plumbing import config
    from pipeline.publish import publish

    with pytest.raises(ClearError, match="catalogue.sqlite"):
        publish(archive.catalogue, config.load(archive.folder), archive.folder, dest.where,
                endpoint_url=dest.endpoint, progress=False)
    assert dest.keys() == set()


def test_dry_run_changes_nothing(site, dest, run, archive):
    lines = []
    report = run(dest, dry_run=True, log=lines.append)
    assert report.dry_run and sorted(report.uploaded) == sorted(site.files())
    assert dest.keys() == set()
    assert archive.catalogue.conn.execute("SELECT count(*) FROM publish_manifest").fetchone()[0] == 0
    assert any(line.startswith("upload (new): feeds/all.xml (") for line in lines)
    assert not any(line.startswith("delete") for line in lines)
    # In the order a real run would follow: media before pages before feeds.
    order = [line.split(": ", 1)[1].split(" (")[0] for line in lines]
    assert order.index("media/la-legende-du-bavay.mp3") < order.index("index.html") < \
        order.index("feeds/all.xml")


def test_check_lists_what_differs_on_the_target(site, dest, run, archive):
    run(dest)
    dest.remove("media/pastille-lecture.mp4")
    dest.put_raw("feeds/contes.xml", b"<rss/>")
    dest.put_raw("notes-de-la-bibliothecaire.txt", b"hors site")
    site.retitle("la-legende-du-bavay", "La légende du Bavay, racontée")
    site.write()
    if dest.proxy is not None:
        dest.proxy.reset()
    report = run(dest, check=True)
    diffs = report.differences
    assert "missing on target: media/pastille-lecture.mp4" in diffs
    assert any(d.startswith("altered on target: feeds/contes.xml") for d in diffs)
    assert "upload (changed): episodes/la-legende-du-bavay/index.html" in " ".join(diffs)
    # A file clea did not publish is information, not a difference.
    assert report.foreign == ["notes-de-la-bibliothecaire.txt"]
    assert not any("notes-de-la-bibliothecaire" in d for d in diffs)
    if dest.proxy is not None:
        assert {r.method for r in dest.proxy.requests()} == {"GET"}  # listing only
    assert "media/pastille-lecture.mp4" not in dest.keys()
    # --repair sends back what was lost, and leaves the stranger alone.
    run(dest, repair=True)
    again = run(dest, check=True)
    assert again.differences == [] and again.foreign == ["notes-de-la-bibliothecaire.txt"]
    assert dest.read("notes-de-la-bibliothecaire.txt") == b"hors site"
    assert dest.read("media/pastille-lecture.mp4") == site.files()["media/pastille-lecture.mp4"]


def test_a_folder_emptied_by_hand_is_filled_again(site, tmp_path, run, archive):
    import shutil

    from .conftest import Dest

    dest = Dest("folder", str(tmp_path / "www"), None, folder=tmp_path / "www")
    run(dest)
    shutil.rmtree(dest.folder)
    report = run(dest)
    assert sorted(report.uploaded) == sorted(site.files())
    assert_converged(dest, site.files(), archive)
