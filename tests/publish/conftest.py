"""Fixtures for the publish tests: moto's S3 server behind a recording proxy,
a synthetic built site, and one view over either kind of target."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from moto.server import ThreadedMotoServer

from pipeline.plumbing import config
from pipeline.publish import publish

from .servers import ErrorProxy, free_port
from .sitegen import SiteBuilder

FAKE_SECRET = "fake-secret-never-printed-4b1d"


@pytest.fixture(scope="session")
def moto_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield ("127.0.0.1", port)
    server.stop()


@pytest.fixture(scope="session")
def proxy(moto_server):
    p = ErrorProxy(moto_server)
    yield p
    p.close()


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    """Fake credentials the way a librarian sets real ones: environment variables."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAFAKEFORTESTS")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


_buckets = itertools.count()


@dataclass
class Dest:
    """One publish target and a way to look at what it really holds."""

    kind: str
    where: str
    endpoint: str | None
    folder: Path | None = None
    client: object | None = None
    bucket: str = ""
    prefix: str = ""
    proxy: ErrorProxy | None = None

    def keys(self) -> set[str]:
        if self.folder is not None:
            if not self.folder.exists():
                return set()
            return {p.relative_to(self.folder).as_posix()
                    for p in self.folder.rglob("*") if p.is_file()}
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix)
        return {o["Key"][len(self.prefix):] for page in pages for o in page.get("Contents", [])}

    def read(self, key: str) -> bytes:
        if self.folder is not None:
            return (self.folder / key).read_bytes()
        return self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"].read()

    def size(self, key: str) -> int:
        if self.folder is not None:
            return (self.folder / key).stat().st_size
        return self.head(key)["ContentLength"]

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)

    def remove(self, key: str) -> None:
        """Lose an object behind clea's back (a hand deletion on the host)."""
        if self.folder is not None:
            (self.folder / key).unlink()
        else:
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)

    def put_raw(self, key: str, data: bytes) -> None:
        if self.folder is not None:
            (self.folder / key).parent.mkdir(parents=True, exist_ok=True)
            (self.folder / key).write_bytes(data)
        else:
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data)


def make_s3_dest(moto_server, proxy, prefix: str = "") -> Dest:
    bucket = f"clea-test-{os.getpid()}-{next(_buckets)}"
    endpoint = f"http://{moto_server[0]}:{moto_server[1]}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          config=Config(s3={"addressing_style": "path"}))
    client.create_bucket(Bucket=bucket)
    proxy.reset()
    where = f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"
    return Dest("s3", where, proxy.url, client=client, bucket=bucket,
                prefix=prefix + "/" if prefix else "", proxy=proxy)


@pytest.fixture(params=["folder", "s3"])
def dest(request, tmp_path, aws_env) -> Dest:
    if request.param == "folder":
        folder = tmp_path / "www"
        return Dest("folder", str(folder), None, folder=folder)
    moto_server = request.getfixturevalue("moto_server")
    proxy = request.getfixturevalue("proxy")
    return make_s3_dest(moto_server, proxy, prefix="podcasts")


@pytest.fixture
def s3dest(aws_env, moto_server, proxy) -> Dest:
    return make_s3_dest(moto_server, proxy)


@pytest.fixture
def site(archive, media) -> SiteBuilder:
    """A built site with two audio tales and one video capsule."""
    builder = SiteBuilder(archive.folder / "site", media)
    builder.add("la-legende-du-bavay", "La légende du Bavay")
    builder.add("le-geant-de-maubeuge", "Le géant de Maubeuge")
    builder.add("pastille-lecture", "Pastille : lire à voix haute", "video")
    builder.write()
    return builder


@pytest.fixture
def run(archive):
    """Publish the archive's site to a Dest, the way the CLI would."""

    def _run(dest: Dest, **kwargs):
        settings = config.load(archive.folder)
        return publish(archive.catalogue, settings, archive.folder / "site", dest.where,
                       endpoint_url=dest.endpoint, progress=False, **kwargs)

    return _run
