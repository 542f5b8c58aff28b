"""Where a publish goes: a folder or an S3-compatible bucket, behind one interface.

``open_target`` reads what the user typed after ``--to``; the two kinds share
the few operations a publish needs, so ordering, the manifest and progress are
written once, in ``transfer.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

from archive import N_, ClearError
from archive.manifest import Entry
from pipeline.plumbing.config import check_endpoint
from pipeline.plumbing.credentials import hide
from pipeline.publish.headers import Headers
from pipeline.publish.plan import LocalFile


@dataclass(frozen=True)
class Landed:
    """What the target holds after an upload: the bytes' sha256 and its ETag."""

    sha256: str
    etag: str


@dataclass(frozen=True)
class Remote:
    """One object as the target lists it (for ``--check``)."""

    size: int
    etag: str


class Target(Protocol):
    id: str  # the manifest's name for this target
    label: str  # how messages name it
    workers: int  # parallel transfers for small files

    def prepare(self) -> None:
        """Check the target can be written, before the first upload."""

    def put(self, file: LocalFile, headers: Headers, on_bytes: Callable[[int], None]) -> Landed:
        """Upload one file, replacing any object under its key (thread-safe)."""

    def delete(self, key: str) -> None:
        """Remove one object; a missing object is not an error (thread-safe)."""

    def listing(self) -> dict[str, Remote]:
        """Every object under the target, keyed like the site's files."""

    def lost(self, published: dict[str, Entry]) -> dict[str, str]:
        """Keys the manifest lists that are gone from the target or altered there
        (key → ``check.MISSING`` or ``check.ALTERED``), where finding out costs
        next to nothing (a local folder); a bucket answers {} and leaves it to
        ``--check``, which must list it."""

    def existing(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` the target already holds (before clea writes them)."""

    def holds_same(self, file: LocalFile) -> bool:
        """Whether the target already holds exactly ``file``'s bytes under its key
        (a publish killed after a file landed and before the manifest said so)."""

    def leftovers(self, keys: set[str]) -> list[str]:
        """What an interrupted publish of ``keys`` left behind: a folder's hidden
        ``.part`` files, a bucket's unfinished multipart uploads."""

    def remove_leftover(self, name: str) -> None:
        """Remove one of ``leftovers()``."""


def parse_s3(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` → (``bucket``, ``some/prefix/``)."""
    parsed = urlparse(url)
    bucket = parsed.netloc
    if not bucket or parsed.query or parsed.fragment or "@" in bucket or ":" in bucket:
        raise ClearError(N_("write the bucket as s3://BUCKET or s3://BUCKET/PREFIX (the key "
                            "goes in AWS_ACCESS_KEY_ID, never in the address)"), hide(url),
                         code="publish.bad-bucket", field="target")
    prefix = parsed.path.strip("/")
    if prefix and any(part in ("", ".", "..") for part in prefix.split("/")):
        raise ClearError(N_("the prefix after the bucket name has an empty or dot part"),
                         hide(url), code="publish.bad-prefix", field="target")
    return bucket, prefix + "/" if prefix else ""


def open_target(where: str, *, site: Path, endpoint_url: str | None,
                region: str | None, archive: Path | None = None) -> Target:
    """The target named by ``where`` (``s3://…`` or a folder path).

    ``archive`` is the archive's folder: a folder target may neither be it,
    lie inside it, nor contain it.
    """
    if where.startswith("s3://"):
        from pipeline.publish.s3 import S3Target

        bucket, prefix = parse_s3(where)
        if endpoint_url:
            check_endpoint(endpoint_url, "--endpoint-url")
        return S3Target(bucket, prefix, endpoint_url=endpoint_url or None,
                        region=region or None)
    if "://" in where:
        raise ClearError(N_("publish to a folder or to s3://BUCKET[/PREFIX]"), hide(where),
                         code="publish.bad-target", field="target")
    from pipeline.publish.folder import FolderTarget

    return FolderTarget(Path(where).expanduser(), site=site, archive=archive)
