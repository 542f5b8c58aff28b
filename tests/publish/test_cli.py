"""`clea publish` end to end: the summary, the settings, the errors a librarian meets."""

from __future__ import annotations

import dataclasses

from archive import CLEARED, PUBLISHED
from pipeline.plumbing import config
from pipeline.plumbing.config import CONFIG_NAME, render

from .conftest import FAKE_SECRET


def test_cli_publishes_and_prints_one_summary_without_the_secret(site, s3dest, archive):
    result = archive.clea("publish", "--to", s3dest.where, "--endpoint-url", s3dest.endpoint)
    assert result.exit_code == 0, result.stderr
    n = len(site.files())
    assert result.stdout.strip().splitlines()[-1].startswith(
        f"published to {s3dest.where}/: uploaded {n}, unchanged 0, deleted 0,")
    assert s3dest.keys() == set(site.files())
    again = archive.clea("publish", "--to", s3dest.where, "--endpoint-url", s3dest.endpoint)
    assert f"uploaded 0, unchanged {n}, deleted 0, 0 B" in again.stdout
    for output in (result.stdout, result.stderr, again.stdout, again.stderr):
        assert FAKE_SECRET not in output
    for path in archive.folder.glob("catalogue.sqlite*"):
        assert FAKE_SECRET.encode() not in path.read_bytes()


def test_target_and_endpoint_come_from_the_settings(site, s3dest, archive):
    settings = dataclasses.replace(config.load(archive.folder), publish_to=s3dest.where,
                                   endpoint_url=s3dest.endpoint, region="us-east-1")
    (archive.folder / CONFIG_NAME).write_text(render(settings), encoding="utf-8")
    result = archive.clea("publish")
    assert result.exit_code == 0, result.stderr
    assert s3dest.keys() == set(site.files())


def test_check_exits_1_when_the_target_lost_a_file(site, dest, archive):
    args = ["publish", "--to", dest.where] + (["--endpoint-url", dest.endpoint]
                                              if dest.endpoint else [])
    assert archive.clea(*args).exit_code == 0
    clean = archive.clea(*args, "--check")
    assert clean.exit_code == 0 and "no difference" in clean.stdout
    dest.remove("feeds/all.xml")
    lost = archive.clea(*args, "--check")
    assert lost.exit_code == 1
    assert "missing on target: feeds/all.xml" in lost.stdout


def test_publish_turns_cleared_items_into_published_ones(site, dest, archive, media):
    tone = media.copy(media.tone(2), archive.folder.parent)
    slug = archive.clea("add", str(tone), "--series", "contes", "--title", "Le conte du jour",
                        "--cleared").stdout.strip()
    held = archive.clea("add", str(media.copy(media.tone(2, freq=300), archive.folder.parent)),
                        "--series", "contes", "--title", "Pas encore publié",
                        "--cleared").stdout.strip()
    site.add(slug, "Le conte du jour")
    site.write()
    args = ["publish", "--to", dest.where] + (["--endpoint-url", dest.endpoint]
                                              if dest.endpoint else [])
    assert archive.clea(*args, "--dry-run").exit_code == 0
    assert archive.catalogue.item(slug).status == CLEARED
    assert archive.clea(*args).exit_code == 0
    assert archive.catalogue.item(slug).status == PUBLISHED
    assert archive.catalogue.item(held).status == CLEARED  # its page did not go out


def test_no_credentials_is_one_clear_line(site, s3dest, archive, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = archive.clea("publish", "--to", s3dest.where, "--endpoint-url", s3dest.endpoint)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no usable S3 credentials" in lines[0]
    assert s3dest.where in lines[0]
    assert "Traceback" not in result.output


def test_missing_target_and_bad_targets_are_one_line_each(site, archive):
    for args, reason in (
        ([], "say where to publish"),
        (["--to", "ftp://example.org/x"], "publish to a folder or to s3://"),
        (["--to", "s3:///nobucket"], "write the bucket as s3://BUCKET"),
        (["--to", str(archive.folder / "site" / "copie")], "inside the site folder"),
        (["--to", str(archive.folder)], "contains the site folder"),
        (["--site", str(archive.folder / "nulle-part"), "--to", "x"], "no built site here"),
    ):
        result = archive.clea("publish", *args)
        assert result.exit_code == 1, args
        assert len(result.stderr.strip().splitlines()) == 1
        assert reason in result.stderr, (args, result.stderr)


def test_help_speaks_plainly():
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.cli.commands import register

    register(cli)
    out = CliRunner().invoke(cli, ["publish", "--help"]).output
    for words in ("--to", "--endpoint-url", "--dry-run", "--check", "--site",
                  "AWS_ACCESS_KEY_ID", "never stores or prints", "run it again"):
        assert words in out
