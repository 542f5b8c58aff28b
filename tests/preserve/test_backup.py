"""Backups that have been restored, and a replica of the originals on moto's S3 server."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import boto3
import pytest

from archive import Catalogue
from tests.conftest import ArchiveFixture


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# Pagefind indexes pages in parallel and writes its metadata file (and so the
# name the entry file and the site state give it) in the order pages finish:
# two full builds of the same pages may differ there, and only there.
UNORDERED = re.compile(r"^(pagefind/pagefind\.[\w]+\.pf_meta|pagefind/pagefind-entry\.json"
                       r"|\.clea-site-state\.json)$")


def same_site(folder: Path) -> dict[str, str]:
    """The site's files and hashes as published: Pagefind's order-dependent metadata
    aside, and the build's own dotfiles (states, stamps with folder times), which
    never leave the folder."""
    return {path: digest for path, digest in tree(folder).items()
            if not UNORDERED.match(path) and not any(p.startswith(".") for p in path.split("/"))}


def sent(result) -> int:
    return int(re.search(r"(\d+) sent", result.stdout).group(1))


def clea(folder: Path, *args: str):
    with Catalogue.open(folder) as cat:
        return ArchiveFixture(folder, cat).clea(*args)


@pytest.fixture
def s3(moto_server, aws_env):
    host, port = moto_server
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    return endpoint, client


def test_backup_delete_restore_verify_and_rebuild_the_same_site(filled, tmp_path):
    a = filled.archive
    assert a.clea("build").exit_code == 0
    (a.folder / "web-secret").write_text("0" * 64 + "\n")  # as `clea web` leaves it
    site_before = same_site(a.folder / "site")
    dest = tmp_path / "sauvegarde"
    first = a.clea("backup", str(dest))
    assert first.exit_code == 0, first.stderr
    assert sent(first) > 5
    again = a.clea("backup", str(dest))
    assert again.exit_code == 0 and sent(again) == 0, again.stdout
    manifest = (dest / "backup.json").read_bytes()
    assert not (dest / "web-secret").exists() and b"web-secret" not in manifest
    a.catalogue.close()
    before = tree(dest)
    shutil.rmtree(a.folder)
    restored = ArchiveFixture(a.folder, None).clea("restore", str(dest), str(a.folder))
    assert restored.exit_code == 0, restored.stderr
    assert tree(dest) == before  # a restore reads and never writes the backup
    checked = clea(a.folder, "verify")
    assert checked.exit_code == 0, checked.stderr
    assert clea(a.folder, "build").exit_code == 0
    assert same_site(a.folder / "site") == site_before


def test_a_restore_refuses_an_altered_backup_and_keeps_nothing(filled, tmp_path):
    a = filled.archive
    dest = tmp_path / "sauvegarde"
    assert a.clea("backup", str(dest)).exit_code == 0
    victim = next((dest / "originals").rglob("*"))
    while victim.is_dir():
        victim = next(victim.iterdir())
    victim.write_bytes(victim.read_bytes()[:-10] + b"0123456789")
    result = ArchiveFixture(a.folder, None).clea("restore", str(dest), str(tmp_path / "neuf"))
    assert result.exit_code == 1
    assert "does not match its checksum" in result.stderr and victim.name in result.stderr
    assert not (tmp_path / "neuf").exists()
    inside = a.clea("backup", str(a.folder / "copie"))
    assert inside.exit_code == 1 and "outside the archive folder" in inside.stderr


def test_backup_to_a_bucket_is_incremental_and_restores(filled, tmp_path, s3):
    endpoint, client = s3
    client.create_bucket(Bucket="sauvegardes")
    a = filled.archive
    first = a.clea("backup", "s3://sauvegardes/mediatheque", "--endpoint-url", endpoint)
    assert first.exit_code == 0, first.stderr
    again = a.clea("backup", "s3://sauvegardes/mediatheque", "--endpoint-url", endpoint)
    assert sent(again) == 0, again.stdout
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="sauvegardes")["Contents"]}
    assert "mediatheque/catalogue.sqlite" in keys and "mediatheque/clea.toml" in keys
    result = ArchiveFixture(a.folder, None).clea(
        "restore", "s3://sauvegardes/mediatheque", str(tmp_path / "neuf"),
        "--endpoint-url", endpoint)
    assert result.exit_code == 0, result.stderr
    assert clea(tmp_path / "neuf", "verify").exit_code == 0


def set_replica(folder: Path, endpoint: str) -> None:
    toml = folder / "clea.toml"
    text = toml.read_text("utf-8")
    text = re.sub(r'(?m)^url = ""$', 'url = "s3://replique/originaux"', text)
    toml.write_text(_replica_endpoint(text, endpoint), "utf-8")


def _replica_endpoint(text: str, endpoint: str) -> str:
    return re.sub(r'(\[replica\][\s\S]*?endpoint_url = )"[^"]*"', rf'\1"{endpoint}"', text)


def test_replica_kept_by_add_and_checked_without_downloading(archive, media, s3):
    endpoint, client = s3
    client.create_bucket(Bucket="replique")
    set_replica(archive.folder, endpoint)
    slug = archive.clea("add", str(media.tone(2, freq=500)), "--series", "contes",
                        "--title", "Première", "--cleared")
    assert slug.exit_code == 0, slug.stderr
    archive.clea("add", str(media.tone(2, freq=520)), "--series", "contes", "--title", "Deux")
    shas = [i.original.sha256 for i in archive.catalogue.items()]
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="replique")["Contents"]}
    assert keys == {f"originaux/originals/{s[:2]}/{s}" for s in shas}
    ok = archive.clea("verify", "--replica")
    assert ok.exit_code == 0, ok.stderr
    assert "2 by the host's checksum, 0 read in full" in ok.stdout
    missing, altered = (f"originaux/originals/{s[:2]}/{s}" for s in shas)
    client.delete_object(Bucket="replique", Key=missing)
    body = client.get_object(Bucket="replique", Key=altered)["Body"].read()
    client.put_object(Bucket="replique", Key=altered, Body=body[:-4] + b"\x00\x01\x02\x03")
    bad = archive.clea("verify", "--replica")
    assert bad.exit_code == 1
    assert f"{missing}: missing from the replica" in bad.stderr
    assert f"{altered}: altered on the replica" in bad.stderr
    fixed = archive.clea("verify", "--replica", "--repair")
    assert fixed.exit_code == 1 and "2 originals sent again" in fixed.stdout
    assert archive.clea("verify", "--replica").exit_code == 0


def test_an_unreachable_replica_does_not_lose_an_add_and_backup_catches_up(
        archive, media, s3, tmp_path):
    endpoint, client = s3
    client.create_bucket(Bucket="replique")
    from tests.publish.servers import free_port

    set_replica(archive.folder, f"http://127.0.0.1:{free_port()}")
    result = archive.clea("add", str(media.tone(2, freq=540)), "--series", "contes",
                          "--title", "Hors ligne")
    assert result.exit_code == 0
    assert "warning: replica" in result.stderr and "cannot reach the S3 host" in result.stderr
    assert [i.slug for i in archive.catalogue.items()] == [result.stdout.strip()]
    toml = archive.folder / "clea.toml"
    toml.write_text(_replica_endpoint(toml.read_text("utf-8"), endpoint), "utf-8")
    backup = archive.clea("backup", str(tmp_path / "sauvegarde"))
    assert backup.exit_code == 0 and "1 original sent to the replica" in backup.stdout
    assert archive.clea("verify", "--replica").exit_code == 0
