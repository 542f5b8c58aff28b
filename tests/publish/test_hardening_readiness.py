"""A careless set-up: a local base URL or a placeholder e-mail never goes public,
and `clea doctor` says what is missing before it does.

In-process, the suite speaks English (tests/conftest.py); the real `clea` in a
subprocess shows the same findings in French by default.
"""

from __future__ import annotations

import os
import re
import time

import pytest
import requests
from click.testing import CliRunner

from archive import Catalogue
from archive import jobs as queue

from ..integration.test_language import ENGLISH, NBSP, NNBSP
from ..integration.test_language import clea as real_clea
from ..web.conftest import make_archive, start_server
from .test_hardening_targets import login


def set_setting(folder, key: str, value: str) -> None:
    toml = folder / "clea.toml"
    text = re.sub(rf'(?m)^{key} = ".*"$', f'{key} = "{value}"', toml.read_text(encoding="utf-8"))
    toml.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("key, value, named", [
    ("base_url", "http://localhost:8000/", "[archive] base_url"),
    ("base_url", "http://podcasts.mediatheque.fr/", "[archive] base_url"),
    ("base_url", "https://192.168.1.20/", "[archive] base_url"),
    ("media_base_url", "http://cdn.local/", "[archive] media_base_url"),
    ("owner_email", "podcast@example.org", "[archive] owner_email"),
    ("owner_email", "personne", "[archive] owner_email"),
])
def test_publish_refuses_naming_the_setting(site, archive, tmp_path, key, value, named):
    set_setting(archive.folder, key, value)
    www = tmp_path / "www"
    result = archive.clea("publish", "--to", str(www))
    assert result.exit_code == 1
    assert "publishing refused" in result.stderr
    assert f"clea.toml, {named}: “{value}”" in result.stderr
    assert "Traceback" not in result.output and not www.exists()
    # Looking changes nothing and stays allowed.
    assert archive.clea("publish", "--to", str(www), "--dry-run").exit_code == 0


def test_build_warns_and_still_builds(archive, media):
    set_setting(archive.folder, "owner_email", "podcast@example.org")
    result = archive.clea("build")
    assert result.exit_code == 0
    assert "warning, not publishable yet: clea.toml, [archive] owner_email: " \
           "“podcast@example.org” is not a real address" in result.stderr


def test_a_fresh_init_is_refused_until_fixed_and_doctor_says_so(tmp_path, media):
    from pipeline.cli import cli
    from pipeline.cli.commands import register

    register(cli)
    runner = CliRunner()
    folder = tmp_path / "neuve"

    def clea(*args):
        return runner.invoke(cli, ["--archive", str(folder), *args])

    assert runner.invoke(cli, ["init", str(folder)]).exit_code == 0
    doctor = clea("doctor", "--offline")
    assert doctor.exit_code == 1
    for named in ("[archive] base_url", "[archive] owner_email", "[publish] publish_to"):
        assert any(line.startswith("BLOCKING") and named in line
                   for line in doctor.stdout.splitlines())
    assert "[archive] owner_name" in doctor.stdout  # to review, not blocking
    assert clea("build").exit_code == 0
    assert clea("publish", "--to", str(tmp_path / "www")).exit_code == 1
    set_setting(folder, "base_url", "https://podcasts.mediatheques-sambre.fr/")
    set_setting(folder, "owner_email", "podcasts@mediatheques-sambre.fr")
    set_setting(folder, "publish_to", str(tmp_path / "www"))
    ready = clea("doctor", "--offline")
    assert ready.exit_code == 0, ready.stdout
    assert "BLOCKING" not in ready.stdout and "Ready to publish" in ready.stdout
    assert clea("build").exit_code == 0
    assert clea("publish").exit_code == 0 and (tmp_path / "www" / "index.html").is_file()


def test_doctor_blocks_bad_targets_and_missing_keys(archive, tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    set_setting(archive.folder, "publish_to", str(archive.folder / "originals"))
    toml = archive.folder / "clea.toml"
    toml.write_text(toml.read_text(encoding="utf-8") +
                    '\n[publish.targets.espace]\nto = "s3://espace/podcasts"\n',
                    encoding="utf-8")
    secret = archive.folder / "web-secret"
    secret.write_text("x" * 64 + "\n")
    secret.chmod(0o644)
    result = archive.clea("doctor", "--offline")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("BLOCKING") and "[publish] publish_to" in line
               and "is refused: " in line and "archive" in line for line in lines)
    assert any(line.startswith("BLOCKING") and "[publish.targets.espace]" in line
               and "no access key for “" in line
               and "AWS_ACCESS_KEY_ID" in line for line in lines)
    assert any(line.startswith("to review") and "web-secret" in line
               and "is readable by other accounts (-rw-r--r--)" in line and "chmod 600" in line
               for line in lines)
    assert any("--behind-proxy" in line for line in lines)


def test_doctor_reaches_the_bucket(archive, s3dest):
    set_setting(archive.folder, "publish_to", s3dest.where)
    set_setting(archive.folder, "endpoint_url", s3dest.endpoint)
    assert archive.clea("doctor").exit_code == 0
    set_setting(archive.folder, "publish_to", "s3://pas-de-tel-espace")
    missing = archive.clea("doctor")
    assert missing.exit_code == 1 and "the S3 host refused: 404" in missing.stdout


def test_the_web_page_refuses_to_publish_a_careless_archive(tmp_path):
    folder = make_archive(tmp_path / "archive")
    set_setting(folder, "owner_email", "podcast@example.org")
    set_setting(folder, "publish_to", str(tmp_path / "public"))
    server = start_server(folder)
    try:
        http, token = login(server.url, "alice")
        page = http.get(f"{server.url}/publier").text
        assert "Pas encore prêt à publier" in page
        # The findings read in French, the browser asking for nothing else.
        assert f"[archive] owner_email{NBSP}: «{NBSP}podcast@example.org{NBSP}» n&#39;est " \
               "pas une vraie adresse" in page  # the page escapes the apostrophe
        assert 'value="build-publish"' not in page  # only "Construire seulement"
        answer = http.post(f"{server.url}/publier", data={
            "csrf_token": token, "what": "build-publish", "target": "defaut"})
        assert answer.status_code == 409 and "Publication refusée" in answer.text
        assert "le site n&#39;est pas prêt à être public" in answer.text
        assert "is not a real address" not in answer.text
        with Catalogue.open(folder) as cat:
            assert queue.recent(cat.conn) == []
        # A job queued anyway (another server, an old row) refuses before building.
        with Catalogue.open(folder) as cat:
            job, _ = queue.enqueue(cat.conn, "build-publish", {"target": "defaut"}, "alice")
        server.worker.wake()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with Catalogue.open(folder) as cat:
                ended = queue.get(cat.conn, job.id)
            if not ended.active:
                break
            time.sleep(0.1)
        assert ended.state == queue.FAILED and "owner_email" in ended.log
        assert not (tmp_path / "public").exists() and not (folder / "site").exists()
        assert requests.get(f"{server.url}/publier", cookies=http.cookies).ok
    finally:
        from pipeline.web.server import stop

        stop(server.server, server.worker)


def test_the_real_clea_refuses_in_french_by_default_and_in_english_on_request(site, archive,
                                                                            tmp_path):
    set_setting(archive.folder, "owner_email", "podcast@example.org")
    www = tmp_path / "www"
    set_setting(archive.folder, "publish_to", str(www))  # the e-mail alone blocks
    run = real_clea(archive.folder, "publish", "--to", str(www), locale={"LANG": "C.UTF-8"})
    assert run.returncode == 1 and not www.exists()
    assert run.stderr.startswith(f"clea: publication refusée{NBSP}: le site n'est pas prêt")
    assert f"clea.toml, [archive] owner_email{NBSP}: «{NBSP}podcast@example.org{NBSP}» n'est " \
           f"pas une vraie adresse{NNBSP}; elle serait écrite dans chaque flux" in run.stderr
    assert "mettez l'adresse de la personne qui répond des podcasts" in run.stderr
    assert "publishing refused" not in run.stderr and "not a real address" not in run.stderr
    doctor = real_clea(archive.folder, "doctor", "--offline", locale={"LANG": "C.UTF-8"})
    assert doctor.returncode == 1
    assert any(line.startswith("BLOQUANT") and "[archive] owner_email" in line
               for line in doctor.stdout.splitlines())
    assert f"1 point bloque la publication{NNBSP}; corrigez-le dans clea.toml" in doctor.stdout
    english = real_clea(archive.folder, "publish", "--to", str(www), locale=ENGLISH)
    assert english.returncode == 1
    assert "publishing refused" in english.stderr
    assert "[archive] owner_email: “podcast@example.org” is not a real address" in english.stderr
