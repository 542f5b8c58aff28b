"""Where backups and the replica live: a folder, or an S3-compatible bucket.

Both take whole files by key and say what they hold, with the few operations
a backup, a restore and a replica check need. Objects in a bucket carry their
SHA-256 twice: as S3's own ``ChecksumSHA256`` (the host computes and checks it
on receipt, and ``HeadObject`` returns it when asked), and as our metadata
header ``x-amz-meta-sha256`` for hosts that keep no checksum. Credentials come
only from boto3's usual chain, as for ``clea publish``; nothing here stores them.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from archive import ClearError
from archive.atomic import atomic_open
from archive.errors import N_

MB = 1024 * 1024
SINGLE_PUT = 64 * MB  # above this, a multipart upload (no whole-object S3 checksum)
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Held:
    """What a store says of one object: its size and, when it knows, its SHA-256."""

    size: int
    sha256: str | None
    how: str  # "s3-checksum" | "metadata" | "" (unknown: read it to know)


class Store(Protocol):
    label: str

    def keys(self) -> dict[str, int]:
        """Every key under the store, with its size."""

    def put_file(self, key: str, path: Path, sha256: str, progress: Progress | None) -> None:
        """Upload ``path`` (whose digest is ``sha256``) under ``key``."""

    def put_bytes(self, key: str, data: bytes) -> None: ...

    def get_bytes(self, key: str) -> bytes | None:
        """The object, or None when there is none."""

    def get_file(self, key: str, dest: Path, progress: Progress | None) -> str:
        """Download to ``dest`` (atomically) and return the bytes' SHA-256."""

    def head(self, key: str) -> Held | None:
        """Size and stored checksum without reading the object; None when missing."""

    def digest(self, key: str, progress: Progress | None) -> str | None:
        """Read the whole object and hash it; None when missing."""


def open_store(where: str, *, endpoint_url: str | None = None,
               region: str | None = None) -> Store:
    if where.startswith("s3://"):
        from pipeline.publish.target import parse_s3

        bucket, prefix = parse_s3(where)
        return S3Store(bucket, prefix, endpoint_url=endpoint_url or None, region=region or None)
    if "://" in where:
        raise ClearError(N_("write a folder or s3://BUCKET[/PREFIX]"), where,
                         code="store.address", field="dest")
    return FolderStore(Path(where).expanduser())


def _hash_copy(src, out, progress: Progress | None) -> str:
    digest = hashlib.sha256()
    while chunk := src.read(MB):
        digest.update(chunk)
        if out is not None:
            out.write(chunk)
        if progress:
            progress(len(chunk))
    return digest.hexdigest()


class FolderStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.label = str(root)

    def _path(self, key: str) -> Path:
        return self.root / key

    def keys(self) -> dict[str, int]:
        if not self.root.is_dir():
            return {}
        return {p.relative_to(self.root).as_posix(): p.stat().st_size
                for p in self.root.rglob("*")
                if p.is_file() and not p.name.startswith(".")}

    def put_file(self, key: str, path: Path, sha256: str, progress: Progress | None) -> None:
        with self._errors(key), open(path, "rb") as src, atomic_open(self._path(key)) as out:
            _hash_copy(src, out, progress)

    def put_bytes(self, key: str, data: bytes) -> None:
        with self._errors(key), atomic_open(self._path(key)) as out:
            out.write(data)

    def get_bytes(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def get_file(self, key: str, dest: Path, progress: Progress | None) -> str:
        with self._errors(key), open(self._path(key), "rb") as src, atomic_open(dest) as out:
            return _hash_copy(src, out, progress)

    def head(self, key: str) -> Held | None:
        try:
            return Held(self._path(key).stat().st_size, None, "")
        except FileNotFoundError:
            return None

    def digest(self, key: str, progress: Progress | None) -> str | None:
        try:
            with open(self._path(key), "rb") as src:
                return _hash_copy(src, None, progress)
        except FileNotFoundError:
            return None

    @contextlib.contextmanager
    def _errors(self, key: str) -> Iterator[None]:
        try:
            yield
        except FileNotFoundError as exc:
            raise ClearError(N_("missing from the copy"), self._path(key),
                             code="store.missing") from exc
        except OSError as exc:
            raise ClearError(N_("cannot write or read here ({reason})"), self._path(key),
                             code="store.io", reason=exc.strerror or str(exc)) from exc


class S3Store:
    def __init__(self, bucket: str, prefix: str, *, endpoint_url: str | None,
                 region: str | None) -> None:
        from pipeline.publish.s3 import S3Target

        # The publish target's client: same retries, addressing and checksum choices.
        self._target = S3Target(bucket, prefix, endpoint_url=endpoint_url, region=region)
        self.bucket = bucket
        self.prefix = prefix
        self.label = self._target.label

    @property
    def client(self):
        return self._target.client

    def _name(self, key: str) -> str:
        return f"s3://{self.bucket}/{self.prefix}{key}"

    def keys(self) -> dict[str, int]:
        return {k: r.size for k, r in self._target.listing().items()}

    def put_file(self, key: str, path: Path, sha256: str, progress: Progress | None) -> None:
        size = Path(path).stat().st_size
        meta = {"sha256": sha256}
        with self._target._errors(self._name(key)):
            if size <= SINGLE_PUT:
                checksum = base64.b64encode(bytes.fromhex(sha256)).decode("ascii")
                with open(path, "rb") as fh:
                    self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=fh,
                                           ChecksumSHA256=checksum, Metadata=meta)
                if progress:
                    progress(size)
            else:
                self.client.upload_file(str(path), self.bucket, self.prefix + key,
                                        ExtraArgs={"Metadata": meta},
                                        Config=self._target.transfer, Callback=progress)

    def put_bytes(self, key: str, data: bytes) -> None:
        digest = hashlib.sha256(data)
        with self._target._errors(self._name(key)):
            self.client.put_object(
                Bucket=self.bucket, Key=self.prefix + key, Body=data,
                ChecksumSHA256=base64.b64encode(digest.digest()).decode("ascii"),
                Metadata={"sha256": digest.hexdigest()})

    def get_bytes(self, key: str) -> bytes | None:
        if self.head(key) is None:
            return None
        with self._target._errors(self._name(key)):
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"].read()

    def get_file(self, key: str, dest: Path, progress: Progress | None) -> str:
        with self._target._errors(self._name(key)), atomic_open(dest) as out:
            body = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"]
            return _hash_copy(body, out, progress)

    def head(self, key: str) -> Held | None:
        from botocore.exceptions import ClientError

        try:
            reply = self.client.head_object(Bucket=self.bucket, Key=self.prefix + key,
                                            ChecksumMode="ENABLED")
        except ClientError as exc:
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status == 404 or exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                return None
            with self._target._errors(self._name(key)):
                raise
            raise  # pragma: no cover - _errors always raises
        size = reply["ContentLength"]
        checksum = reply.get("ChecksumSHA256") or ""
        # "…-3" is a checksum of part checksums (multipart), not of the object.
        if checksum and "-" not in checksum and reply.get("ChecksumType", "FULL_OBJECT") != "COMPOSITE":
            with contextlib.suppress(ValueError):
                return Held(size, base64.b64decode(checksum).hex(), "s3-checksum")
        stated = (reply.get("Metadata") or {}).get("sha256", "")
        if len(stated) == 64:
            return Held(size, stated.lower(), "metadata")
        return Held(size, None, "")

    def digest(self, key: str, progress: Progress | None) -> str | None:
        if self.head(key) is None:
            return None
        with self._target._errors(self._name(key)):
            body = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"]
            return _hash_copy(body, None, progress)


def local_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return _hash_copy(fh, None, None)

