"""Interrupted publishes and what --check and the summaries say about a target."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from archive.atomic import temporary_of

ROOT = Path(__file__).resolve().parents[2]


def clea_process(archive, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "--archive", str(archive.folder),
                             *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def parts(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if temporary_of(p.name)]


def test_a_killed_publish_leaves_parts_that_check_reports_and_the_next_run_removes(
        site, archive, tmp_path):
    big = archive.folder / "site" / "media" / "grand-entretien.mp3"
    with open(big, "wb") as fh:  # large enough that its copy is still running when killed
        for _ in range(384):
            fh.write(os.urandom(1 << 20))
    www = tmp_path / "www"
    proc = clea_process(archive, "publish", "--to", str(www))
    deadline = time.monotonic() + 60
    while not parts(www) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert parts(www), "the publish ended before a .part appeared"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    left = parts(www)
    assert left and any(p.name.startswith(".grand-entretien.mp3.") for p in left)
    assert not (www / "feeds").exists()  # media go first: no feed names a missing file

    checked = archive.clea("publish", "--to", str(www), "--check")
    assert checked.exit_code == 1
    for p in left:
        key = p.relative_to(www).as_posix()
        assert f"leftover of an interrupted publish: {key}" in checked.stdout
    assert f"{len(left)} leftover .part" in checked.stdout.strip().splitlines()[-1]

    again = archive.clea("publish", "--to", str(www))
    assert again.exit_code == 0, again.stderr
    assert f"removed {len(left)} leftover .part" in again.stdout.strip().splitlines()[-1]
    assert parts(www) == []
    assert (www / "media" / "grand-entretien.mp3").read_bytes() == big.read_bytes()
    clean = archive.clea("publish", "--to", str(www), "--check")
    assert clean.exit_code == 0 and "no difference" in clean.stdout


def test_another_programs_part_files_are_left_alone(site, archive, tmp_path):
    www = tmp_path / "www"
    assert archive.clea("publish", "--to", str(www)).exit_code == 0
    theirs = [www / "media" / "upload.mp3.part", www / ".rsync-tmp.12345678.part",
              www / "media" / ".autre-fichier.mp3.abcdefgh.part"]
    for p in theirs:
        p.write_bytes(b"someone else's")
    site.retitle("la-legende-du-bavay", "La légende du Bavay, suite")
    site.write()
    assert archive.clea("publish", "--to", str(www)).exit_code == 0
    assert all(p.read_bytes() == b"someone else's" for p in theirs)


def test_an_unfinished_multipart_upload_is_reported_then_aborted(site, s3dest, run):
    run(s3dest)
    key = "media/la-legende-du-bavay.mp3"
    s3dest.client.create_multipart_upload(Bucket=s3dest.bucket, Key=s3dest.prefix + key)
    checked = run(s3dest, check=True)
    assert checked.leftovers == [key]
    assert f"leftover of an interrupted publish: {key}" in checked.differences
    site.retitle("la-legende-du-bavay", "La légende du Bavay, suite")
    site.write()
    report = run(s3dest)
    assert report.leftovers == [key] and "removed 1 leftover .part" in report.summary()
    uploads = s3dest.client.list_multipart_uploads(Bucket=s3dest.bucket)
    assert uploads.get("Uploads", []) == []


def test_summaries_count_by_kind(site, dest, run, archive):
    run(dest)
    dest.remove("media/pastille-lecture.mp4")
    dest.put_raw("assets/style.css", b"body { color: red; } /* changed by hand */")
    dest.put_raw("mentions-legales.html", b"<p>de la mairie</p>")
    checked = run(dest, check=True)
    assert checked.summary().endswith(
        "2 differences: 1 missing, 1 altered; 1 foreign file left alone")
    repaired = run(dest, repair=True)
    assert "sent again 1 missing, 1 altered" in repaired.summary()
    assert run(dest, check=True).summary().endswith(
        f"no difference, {len(site.files())} files up to date; 1 foreign file left alone")


def test_a_plain_publish_to_a_folder_says_what_it_sends_again_by_kind(site, tmp_path, run):
    from .conftest import Dest

    www = tmp_path / "www"
    dest = Dest("folder", str(www), None, folder=www)
    run(dest)
    dest.remove("feeds/all.xml")
    dest.put_raw("assets/player.js", b"// altered, and longer than before\n")
    lines = []
    report = run(dest, log=lines.append)
    assert "sent again 1 missing, 1 altered" in report.summary()
    assert any(line.endswith("1 missing, 1 altered") for line in lines)


def test_check_of_a_shared_web_root_passes_with_foreign_files(site, archive, tmp_path):
    www = tmp_path / "www"
    (www / "mairie").mkdir(parents=True)
    (www / "mairie" / "index.html").write_text("<h1>Mairie</h1>")
    (www / "favicon.ico").write_bytes(b"\0")
    assert archive.clea("publish", "--to", str(www)).exit_code == 0
    checked = archive.clea("publish", "--to", str(www), "--check")
    assert checked.exit_code == 0, checked.stdout
    assert "not from this site (left alone): mairie/index.html" in checked.stdout
    assert "2 foreign files left alone" in checked.stdout.strip().splitlines()[-1]
