"""A replica of the originals on S3-compatible storage, kept current and checked.

The replica holds each original under ``originals/<ab>/<sha256>``, the same
name as in the archive's store. ``clea add`` sends the new original once the
catalogue has committed it (a replica that cannot be reached is a warning:
the recording is safely in the archive); ``clea backup`` sends whatever the
replica lacks; ``clea verify --replica`` checks every original there against
the catalogue's SHA-256, from the host's stored checksum when it keeps one
and by reading the object otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from archive import Catalogue, ClearError, FixityError
from pipeline.plumbing.config import Settings
from pipeline.preserve.stores import Store, open_store

Progress = Callable[[int], None]


@dataclass
class ReplicaReport:
    checked: int = 0
    by_checksum: int = 0  # answered by the host's stored checksum, nothing downloaded
    streamed: int = 0  # read in full because the host keeps no checksum
    missing: list[str] = field(default_factory=list)  # lines naming each
    altered: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # sha256 of originals (re)sent

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


def key_of(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256}"


def replica_store(settings: Settings) -> Store | None:
    """The replica named in ``[replica]`` of clea.toml, or None when there is none."""
    if not settings.replica_url:
        return None
    return open_store(settings.replica_url, endpoint_url=settings.replica_endpoint_url,
                      region=settings.replica_region)


def send(cat: Catalogue, store: Store, sha256: str, progress: Progress | None = None) -> None:
    """Send one original, after checking the local copy is still intact."""
    cat.store.verify_one(sha256)
    store.put_file(key_of(sha256), cat.original_path(sha256), sha256, progress)


def send_new(cat: Catalogue, settings: Settings, sha256s: list[str]) -> list[str]:
    """After an add: send its files; return warnings instead of failing the add."""
    store = replica_store(settings)
    if store is None:
        return []
    warnings = []
    for sha in sha256s:
        try:
            send(cat, store, sha)
        except ClearError as exc:
            warnings.append(f"{exc.line()} (the recording is in the archive; `clea backup` "
                            "or `clea verify --replica --repair` will send it)")
    return warnings


def catch_up(cat: Catalogue, store: Store, progress: Progress | None = None) -> list[str]:
    """Send every original the replica lacks (or holds at another size); return their sha256."""
    held = store.keys()
    sent = []
    for sha, size, _name in cat.originals():
        if held.get(key_of(sha)) != size:
            send(cat, store, sha, progress)
            sent.append(sha)
    return sent


def verify_replica(cat: Catalogue, store: Store, *, repair: bool = False,
                   progress: Progress | None = None) -> ReplicaReport:
    """Check every original on the replica against the catalogue's SHA-256."""
    report = ReplicaReport()
    for sha, size, name in cat.originals():
        key = key_of(sha)
        where = f"{store.label}{key}"
        held = store.head(key)
        report.checked += 1
        if held is None:
            report.missing.append(f"{where}: missing from the replica (added as {name})")
        else:
            actual = held.sha256
            if held.size != size:
                actual = "size"
            elif actual is not None:
                report.by_checksum += 1
            else:
                actual = store.digest(key, progress)
                report.streamed += 1
            if actual != sha:
                found = f"{held.size} bytes" if actual == "size" else f"now {str(actual)[:16]}…"
                report.altered.append(f"{where}: altered on the replica ({found}; added as {name})")
            else:
                continue
        if repair:
            try:
                send(cat, store, sha, progress)
                report.sent.append(sha)
            except FixityError as exc:
                report.altered.append(f"{exc.line()}: the local original is damaged too; "
                                      "not sent")
    return report
