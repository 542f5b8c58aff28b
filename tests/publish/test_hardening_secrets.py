"""Keys typed into addresses never reach a terminal, a job log or the catalogue."""

from __future__ import annotations

import pytest

from archive import jobs as queue
from pipeline.plumbing.credentials import hide
from pipeline.plumbing.i18n import translator
from pipeline.services.jobs import run_job

SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYzz"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"


@pytest.mark.parametrize("text", [
    f"https://{KEY_ID}:{SECRET}@s3.fr-par.scw.cloud",
    f"Could not connect to the endpoint URL: \"http://{KEY_ID}:{SECRET}@127.0.0.1:9/b\"",
    f"https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4&X-Amz-Credential={KEY_ID}%2F2025"
    f"&X-Amz-Signature={SECRET}&X-Amz-Security-Token={SECRET}",
    f"http://127.0.0.1:9/x/y?AWSAccessKeyId={KEY_ID}&Signature={SECRET}&Expires=1",
    f"s3://{KEY_ID}:{SECRET}@bucket/prefix",
])
def test_hide_masks_every_form_of_key_in_an_address(text):
    shown = hide(text)
    assert SECRET not in shown and KEY_ID not in shown and "***" in shown


def test_hide_masks_the_secret_this_process_holds(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    assert SECRET not in hide(f"the host said: bad signature for {SECRET}")
    assert hide("/var/www/podcasts") == "/var/www/podcasts"


def all_output(result) -> str:
    return result.stdout + result.stderr


def test_cli_errors_never_echo_a_key_in_the_endpoint(site, archive, s3dest):
    endpoint = s3dest.endpoint.replace("http://", f"http://{KEY_ID}:{SECRET}@")
    result = archive.clea("publish", "--to", s3dest.where, "--endpoint-url", endpoint)
    assert result.exit_code == 1
    assert SECRET not in all_output(result) and KEY_ID not in all_output(result)
    assert "holds a user name or key" in result.stderr and "***@" in result.stderr
    bad = archive.clea("publish", "--to", f"s3://{KEY_ID}:{SECRET}@bucket/podcasts")
    assert bad.exit_code == 1 and SECRET not in all_output(bad)
    for path in archive.folder.glob("catalogue.sqlite*"):
        assert SECRET.encode() not in path.read_bytes()


def test_a_key_in_the_settings_stays_out_of_job_logs(site, archive):
    toml = archive.folder / "clea.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'publish_to = ""', 'publish_to = "s3://espace/podcasts"').replace(
        'endpoint_url = ""', f'endpoint_url = "https://{KEY_ID}:{SECRET}@s3.gra.example"'),
        encoding="utf-8")
    conn = archive.catalogue.conn
    queue.enqueue(conn, "publish", {"target": "defaut"}, "alice")
    job = run_job(archive.catalogue, queue.claim_next(conn))
    assert job.state == queue.FAILED
    assert SECRET not in job.log and KEY_ID not in job.log and "***@" in job.log
    result = archive.clea("publish")
    assert result.exit_code == 1 and SECRET not in all_output(result)


def test_boto_messages_with_signed_addresses_are_masked(site, s3dest, archive, monkeypatch):
    """A host that echoes the signed request (as boto does for a refused presigned
    address) must not put the signature in front of the librarian."""
    from botocore.exceptions import ClientError

    from pipeline.publish.s3 import _translate

    error = ClientError({"Error": {"Code": "AccessDenied", "Message":
                                   f"denied for https://h/b/k?X-Amz-Signature={SECRET}"
                                   f"&X-Amz-Credential={KEY_ID}"}}, "PutObject")
    refused = _translate(error, f"https://{KEY_ID}:{SECRET}@h", f"s3://{KEY_ID}@b/k")
    assert refused.code == "publish.s3-refused.endpoint"
    for line in (refused.line(), refused.line(translator("fr"))):
        assert SECRET not in line and KEY_ID not in line and "AccessDenied" in line
