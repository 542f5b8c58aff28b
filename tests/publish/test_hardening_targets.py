"""Where things are published: named targets only from the web, never over a file
clea does not own, never into (or around) the archive. Tried as an attacker would."""

from __future__ import annotations

import os
import shutil
import time

import pytest
import requests

from archive import Catalogue, ClearError, PublishError
from archive import jobs as queue
from archive.manifest import Manifest

from ..web.conftest import CSRF_RE, PASSWORDS, make_archive, start_server

# -- the web interface ---------------------------------------------------------


@pytest.fixture
def live(tmp_path):
    folder = make_archive(tmp_path / "archive")
    toml = folder / "clea.toml"
    public = tmp_path / "public"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'publish_to = ""', f'publish_to = "{public}"') +
        f'\n[publish.targets.cle-usb]\nto = "{tmp_path / "usb"}"\n', encoding="utf-8")
    server = start_server(folder)
    yield server, tmp_path
    from pipeline.web.server import stop

    stop(server.server, server.worker)


def login(url: str, name: str) -> tuple[requests.Session, str]:
    http = requests.Session()
    token = CSRF_RE.search(http.get(f"{url}/connexion").text)[1]
    answer = http.post(f"{url}/connexion", data={"name": name, "password": PASSWORDS[name],
                                                 "csrf_token": token})
    assert answer.ok
    return http, CSRF_RE.search(http.get(f"{url}/publier").text)[1]


def jobs(folder) -> list:
    with Catalogue.open(folder) as cat:
        return queue.recent(cat.conn, limit=50)


def wait_for(folder, job_id: int, seconds: float = 120) -> queue.Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with Catalogue.open(folder) as cat:
            job = queue.get(cat.conn, job_id)
        if not job.active:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still running")


def test_the_page_offers_the_named_targets_and_no_text_field(live):
    server, tmp = live
    http, _ = login(server.url, "alice")
    page = http.get(f"{server.url}/publier").text
    assert '<select id="target" name="target"' in page
    assert 'value="defaut"' in page and 'value="cle-usb"' in page
    assert '<input id="target"' not in page and 'name="endpoint_url"' not in page


@pytest.mark.parametrize("forged", [
    {"target": "/var/www/autre-site"},
    {"target": "ARCHIVE/originals"},
    {"target": "s3://espace-d-un-autre"},
    {"target": "../public"},
    {"target": "defaut", "endpoint_url": "http://attaquant.example:9000"},
])
def test_a_forged_target_is_refused_and_nothing_is_queued(live, forged):
    server, tmp = live
    http, token = login(server.url, "alice")
    forged = {k: v.replace("ARCHIVE", str(server.folder)) for k, v in forged.items()}
    before = len(jobs(server.folder))
    answer = http.post(f"{server.url}/publier",
                       data={"csrf_token": token, "what": "build-publish", **forged})
    assert answer.status_code == 400
    assert "Cible de publication inconnue" in answer.text
    assert len(jobs(server.folder)) == before
    assert not (tmp / "autre-site").exists()
    assert not list((server.folder / "originals").rglob("*.html"))


def test_a_named_target_is_published_to(live):
    server, tmp = live
    http, token = login(server.url, "alice")
    answer = http.post(f"{server.url}/publier",
                       data={"csrf_token": token, "what": "build-publish", "target": "cle-usb"})
    assert answer.status_code == 200  # redirected to the job's page
    job = wait_for(server.folder, jobs(server.folder)[0].id)
    assert job.state == queue.DONE, job.log
    assert (tmp / "usb" / "index.html").is_file() and not (tmp / "public").exists()


def test_a_job_row_with_a_path_fails_without_writing(live):
    """Defence in depth: a job queued with a path (an old row, a forged insert)
    is refused by the worker too."""
    server, tmp = live
    with Catalogue.open(server.folder) as cat:
        job, _ = queue.enqueue(cat.conn, "publish", {"target": str(tmp / "ailleurs")}, "alice")
    server.worker.wake()
    ended = wait_for(server.folder, job.id)
    # The job log speaks French, like the page that shows it.
    assert ended.state == queue.FAILED and "aucune destination de publication de ce nom" in ended.log
    assert not (tmp / "ailleurs").exists()


# -- files clea does not own -----------------------------------------------------


def test_a_file_clea_landed_before_its_manifest_said_so_is_not_foreign(site, dest, run, archive):
    """A publish killed after a file landed and before the manifest recorded it
    leaves clea's own bytes in the target: the next run goes on, while a file of
    the same name with other bytes is still refused."""
    mp3 = "media/le-geant-de-maubeuge.mp3"
    ours = (archive.folder / "site" / mp3).read_bytes()
    dest.put_raw(mp3, ours)
    dest.put_raw("index.html", b"<h1>Le site de la mairie</h1>")
    with pytest.raises(ClearError) as refused:
        run(dest)
    assert "index.html already in the target" in refused.value.line()  # the mp3 is not named
    dest.remove("index.html")
    report = run(dest)
    assert not report.adopted and dest.read(mp3) == ours
    assert run(dest, check=True).differences == []


def test_another_sites_index_and_404_are_never_overwritten(site, dest, run, archive):
    dest.put_raw("index.html", b"<h1>Le site de la mairie</h1>")
    dest.put_raw("404.html", b"<h1>Perdu</h1>")
    with pytest.raises(ClearError) as refused:
        run(dest)
    line = refused.value.line()
    assert "404.html (and 1 other file(s) of the site) already in the target" in line
    assert "--adopt" in line and "\n" not in line
    assert dest.keys() == {"index.html", "404.html"}  # nothing went out
    assert dest.read("index.html") == b"<h1>Le site de la mairie</h1>"
    # --dry-run says the same, and --check reports them as foreign, not as differences.
    with pytest.raises(ClearError, match="already in the target"):
        run(dest, dry_run=True)
    checked = run(dest, check=True)
    assert checked.foreign == ["404.html", "index.html"]
    assert not any(d.startswith(("altered", "missing")) for d in checked.differences)


def test_adopt_takes_foreign_files_over_explicitly(site, dest, run, archive):
    dest.put_raw("index.html", b"restored from a backup")
    report = run(dest, adopt=True)
    assert report.adopted == ["index.html"] and "took over 1 foreign file" in report.summary()
    assert dest.read("index.html") == site.files()["index.html"]
    rows = archive.catalogue.conn.execute("SELECT DISTINCT target FROM publish_manifest")
    assert "index.html" in Manifest(archive.catalogue.conn, rows.fetchone()[0]).entries()


def test_withdrawn_files_delete_only_what_clea_published(site, dest, run, archive):
    run(dest)
    dest.put_raw("media/la-legende-du-bavay-notes.txt", b"notes du bibliothecaire")
    site.withdraw("la-legende-du-bavay")
    site.write()
    run(dest)
    assert dest.read("media/la-legende-du-bavay-notes.txt") == b"notes du bibliothecaire"


# -- the archive is not a target -------------------------------------------------


def _outside_site(archive, tmp_path_factory):
    """The built site copied away from the archive, so only the archive checks speak."""
    copy = tmp_path_factory.mktemp("built") / "site"
    shutil.copytree(archive.folder / "site", copy)
    return copy


@pytest.mark.parametrize("where, reason", [
    ("ARCHIVE", "is the archive or lies inside it"),
    ("ARCHIVE/originals", "is the archive or lies inside it"),
    ("ARCHIVE/cache/nouveau", "is the archive or lies inside it"),
    ("LINK", "is the archive or lies inside it"),
    ("PARENT", "contains the archive"),
    ("OTHER", "holds catalogue.sqlite"),
])
def test_the_archive_and_what_holds_it_are_refused(site, archive, tmp_path,
                                                   tmp_path_factory, where, reason):
    built = _outside_site(archive, tmp_path_factory)
    other = tmp_path_factory.mktemp("other")
    Catalogue.create(other / "autre").close()
    os.symlink(archive.folder / "originals", tmp_path / "lien-vers-originals")
    target = {"ARCHIVE": str(archive.folder), "LINK": str(tmp_path / "lien-vers-originals"),
              "PARENT": str(archive.folder.parent), "OTHER": str(other / "autre")}.get(
        where.split("/")[0], "")
    target += where[len(where.split("/")[0]):]
    before = sorted(p for p in archive.folder.rglob("*") if "cache" not in p.parts)
    result = archive.clea("publish", "--to", target, "--site", str(built))
    assert result.exit_code == 1 and reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p for p in archive.folder.rglob("*") if "cache" not in p.parts) == before


def test_a_link_planted_in_the_target_does_not_carry_writes_elsewhere(site, run, archive,
                                                                      tmp_path):
    from .conftest import Dest

    www, elsewhere = tmp_path / "www", tmp_path / "autre-site"
    www.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, www / "episodes")
    with pytest.raises(PublishError, match="symbolic link"):
        run(Dest("folder", str(www), None, folder=www))
    assert list(elsewhere.iterdir()) == []
