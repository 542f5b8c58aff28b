"""The S3 target: the one place clea talks to boto3, and turns its errors into ours.

Credentials come only from boto3's usual chain (environment variables,
``AWS_PROFILE`` and ``~/.aws`` files, instance roles): clea never reads,
stores or prints them.

Choices for S3-compatible hosts (OVHcloud, Scaleway, MinIO, Garage…):
path-style addressing when an endpoint is given (every such host accepts it;
some accept nothing else), and checksums only where the S3 API requires them,
since newer botocore's default CRC trailers are refused by several of them. We
send Content-MD5 ourselves on single-part uploads, so the host still checks the
bytes it received. Retries use botocore's "standard" mode: exponential backoff
with jitter on throttling and on 500/502/503/504; a publish that still fails
stops, and running it again resumes from the manifest.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable, Iterator

from archive import N_, PublishError
from archive.manifest import Entry
from pipeline.plumbing.credentials import hide
from pipeline.publish.headers import Headers
from pipeline.publish.plan import LocalFile
from pipeline.publish.target import Landed, Remote

MB = 1024 * 1024
# Above this size a file goes up in parts, several at once (boto3's transfer manager).
MULTIPART_THRESHOLD = 16 * MB
PART_SIZE = 8 * MB
RETRIES = 8


class S3Target:
    workers = 16  # small objects in parallel; large ones add their own part threads

    def __init__(self, bucket: str, prefix: str, *, endpoint_url: str | None,
                 region: str | None) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None
        self.label = f"s3://{bucket}/{prefix}"
        self.id = self.label + (f" at {hide(self.endpoint_url)}" if self.endpoint_url else "")
        self.region = region
        self._client = None
        self.transfer = None
        self._unfinished: dict[str, list[str]] = {}  # key -> multipart upload ids
        self._listed: dict[str, Remote] | None = None  # the last listing existing() read

    @contextlib.contextmanager
    def _errors(self, subject: str) -> Iterator[None]:
        """Turn boto3's exceptions into one readable line naming the object."""
        try:
            yield
        except Exception as exc:
            error = _translate(exc, self.endpoint_url, subject)
            if error is None:
                raise
            raise error from exc

    @property
    def client(self):
        """The boto3 client, made on first use: a publish with nothing to do needs none."""
        if self._client is None:
            # boto3 is imported here, not at the top: a publish with nothing to
            # send never pays for it.
            import boto3
            from boto3.s3.transfer import TransferConfig
            from botocore.config import Config

            config = Config(
                retries={"mode": "standard", "max_attempts": RETRIES},
                max_pool_connections=self.workers + 8,
                connect_timeout=10,
                read_timeout=120,
                s3={"addressing_style": "path"} if self.endpoint_url else None,
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            )
            with self._errors(self.label):
                self._client = boto3.session.Session().client(
                    "s3", endpoint_url=self.endpoint_url, region_name=self.region, config=config
                )
            self.transfer = TransferConfig(
                multipart_threshold=MULTIPART_THRESHOLD, multipart_chunksize=PART_SIZE,
                max_concurrency=8, use_threads=True,
            )
        return self._client

    def _key(self, key: str) -> str:
        return self.prefix + key

    def prepare(self) -> None:
        """Make the client here, in one thread, and check the bucket answers."""
        with self._errors(self.label):
            self.client.head_bucket(Bucket=self.bucket)

    def put(self, file: LocalFile, headers: Headers, on_bytes: Callable[[int], None]) -> Landed:
        extra = {"ContentType": headers.content_type, "CacheControl": headers.cache_control}
        if headers.disposition:
            extra["ContentDisposition"] = headers.disposition
        name = f"s3://{self.bucket}/{self._key(file.key)}"
        with self._errors(name):
            if file.size < MULTIPART_THRESHOLD:
                return self._put_small(file, extra, on_bytes)
            return self._put_large(file, extra, on_bytes, name)

    def _put_small(self, file: LocalFile, extra: dict[str, str],
                   on_bytes: Callable[[int], None]) -> Landed:
        with open(file.path, "rb") as fh:
            data = fh.read()
        md5 = base64.b64encode(hashlib.md5(data).digest()).decode("ascii")
        reply = self.client.put_object(Bucket=self.bucket, Key=self._key(file.key), Body=data,
                                       ContentMD5=md5, **extra)
        on_bytes(len(data))
        return Landed(hashlib.sha256(data).hexdigest(), reply["ETag"].strip('"'))

    def _put_large(self, file: LocalFile, extra: dict[str, str],
                   on_bytes: Callable[[int], None], name: str) -> Landed:
        digest = hashlib.sha256()
        with open(file.path, "rb") as fh:
            while chunk := fh.read(MB):
                digest.update(chunk)
        self.client.upload_file(file.path, self.bucket, self._key(file.key),
                                ExtraArgs=extra, Config=self.transfer, Callback=on_bytes)
        head = self.client.head_object(Bucket=self.bucket, Key=self._key(file.key))
        if head["ContentLength"] != file.size:
            raise PublishError(
                N_("the host holds {held} bytes, {sent} were sent"), name,
                code="publish.s3-size-mismatch", held=head["ContentLength"], sent=file.size)
        return Landed(digest.hexdigest(), head["ETag"].strip('"'))

    def delete(self, key: str) -> None:
        with self._errors(f"s3://{self.bucket}/{self._key(key)}"):
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def lost(self, published: dict[str, Entry]) -> dict[str, str]:
        return {}  # finding out means listing the bucket: that is --check's job

    def existing(self, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        self._listed = self.listing()  # holds_same() reads it next, for these keys
        return set(self._listed) & set(keys)

    def holds_same(self, file: LocalFile) -> bool:
        """Same size and an ETag that is the MD5 of the local bytes (a single-part
        object); a multipart ETag cannot be compared, so it counts as different."""
        listed = (self._listed if self._listed is not None else self.listing()).get(file.key)
        if listed is None or listed.size != file.size or "-" in listed.etag:
            return False
        digest = hashlib.md5(usedforsecurity=False)
        with open(file.path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        return listed.etag.strip('"') == digest.hexdigest()

    def leftovers(self, keys: set[str]) -> list[str]:
        """Unfinished multipart uploads of ``keys`` (a killed publish of a large file):
        the host keeps their parts, and bills them, until they are aborted."""
        self._unfinished = {}
        with self._errors(self.label):
            pages = self.client.get_paginator("list_multipart_uploads").paginate(
                Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for upload in page.get("Uploads", []):
                    key = upload["Key"][len(self.prefix):]
                    if key in keys:
                        self._unfinished.setdefault(key, []).append(upload["UploadId"])
        return sorted(self._unfinished)

    def remove_leftover(self, name: str) -> None:
        with self._errors(f"s3://{self.bucket}/{self._key(name)}"):
            for upload_id in self._unfinished.pop(name, []):
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=self._key(name),
                                                   UploadId=upload_id)

    def listing(self) -> dict[str, Remote]:
        found: dict[str, Remote] = {}
        with self._errors(self.label):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for obj in page.get("Contents", []):
                    key = obj["Key"][len(self.prefix):]
                    if key and not key.endswith("/"):
                        found[key] = Remote(obj["Size"], obj["ETag"].strip('"'))
        return found


def _translate(exc: Exception, endpoint_url: str | None, subject: str) -> PublishError | None:
    """The error a librarian sees for a boto3 error; None for anything else.

    Each message has a twin naming the endpoint, for a host other than AWS.
    """
    from boto3.exceptions import S3UploadFailedError
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        PartialCredentialsError,
    )

    at = hide(endpoint_url) if endpoint_url else None
    subject = hide(subject)
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return PublishError(
            N_("no usable S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
               "or AWS_PROFILE (README, \"Publishing to a bucket\")"), subject,
            code="publish.s3-credentials")
    if isinstance(exc, EndpointConnectionError):
        if at:
            return PublishError(N_("cannot reach the S3 host (endpoint {endpoint})"), subject,
                                code="publish.s3-unreachable.endpoint", endpoint=at)
        return PublishError(N_("cannot reach the S3 host"), subject,
                            code="publish.s3-unreachable")
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        status = error.get("Code") or exc.response.get("ResponseMetadata", {}).get(
            "HTTPStatusCode", "error")
        refusal = hide(f"{status} {error.get('Message') or ''}".rstrip())
        if at:
            return PublishError(N_("the S3 host refused: {refusal} (endpoint {endpoint})"),
                                subject, code="publish.s3-refused.endpoint", refusal=refusal,
                                endpoint=at)
        return PublishError(N_("the S3 host refused: {refusal}"), subject,
                            code="publish.s3-refused", refusal=refusal)
    if isinstance(exc, S3UploadFailedError):
        if at:
            return PublishError(N_("upload failed: {error} (endpoint {endpoint})"), subject,
                                code="publish.s3-upload-failed.endpoint", error=hide(str(exc)),
                                endpoint=at)
        return PublishError(N_("upload failed: {error}"), subject,
                            code="publish.s3-upload-failed", error=hide(str(exc)))
    if isinstance(exc, BotoCoreError):
        if at:
            return PublishError(N_("S3 error: {error} (endpoint {endpoint})"), subject,
                                code="publish.s3-error.endpoint", error=hide(str(exc)), endpoint=at)
        return PublishError(N_("S3 error: {error}"), subject, code="publish.s3-error",
                            error=hide(str(exc)))
    return None
