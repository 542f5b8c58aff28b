"""``clea backup DEST`` and ``clea restore SOURCE FOLDER``.

A backup holds what cannot be made again: the catalogue, the originals and
their side files, the settings and the site's template overrides. The site,
the media cache and the uploads in progress are rebuilt from those; the
session and OAI secrets are never copied (a restored archive makes new ones:
librarians log in again, nothing else changes).

- The catalogue is copied with SQLite's online backup API into a temporary
  file, never by copying a file that may be half-written by a running
  ``clea web``; the copy is then sent whole.
- Originals are named by their SHA-256, so a backup sends only those the
  destination does not hold yet: a second backup with nothing new sends
  nothing at all (not even the manifest).
- ``backup.json`` lists every file with its SHA-256; ``clea restore`` checks
  each one as it arrives and refuses a copy that does not match.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from archive import Catalogue, ClearError
from archive.catalogue import DB_NAME, STORE_NAME
from archive.errors import N_
from pipeline.plumbing import config
from pipeline.plumbing.config import Settings
from pipeline.preserve import replica
from pipeline.preserve.stores import Store, local_sha256, open_store

MANIFEST = "backup.json"
FORMAT = "clea-backup/1"
TEMPLATES = "templates"
Progress = Callable[[int], None]


@dataclass
class BackupReport:
    where: str
    files: int = 0  # files the backup holds
    sent: list[str] = field(default_factory=list)  # keys sent this time
    bytes_sent: int = 0
    replica_sent: list[str] = field(default_factory=list)
    replica_warning: str = ""


@dataclass
class RestoreReport:
    folder: Path
    files: int = 0
    bytes: int = 0
    items: int = 0


def catalogue_snapshot(cat: Catalogue, dest: Path) -> None:
    """A consistent copy of the catalogue at ``dest``, through SQLite's backup API."""
    target = sqlite3.connect(dest)
    try:
        cat.conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def public_settings(settings: Settings) -> bytes:
    """clea.toml as it goes into a backup: known settings only, no password in an address."""
    clean = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, str) and "://" in value:
            parts = urlparse(value)
            if parts.username or parts.password:
                value = urlunparse(parts._replace(netloc=parts.hostname or ""))
        clean[f.name] = value
    return config.render(Settings(**clean)).encode("utf-8")


def backup(cat: Catalogue, settings: Settings, dest: str, *, endpoint_url: str | None = None,
           region: str | None = None, progress: Progress | None = None) -> BackupReport:
    store = open_store(dest, endpoint_url=endpoint_url, region=region)
    _refuse_inside(cat, dest)
    report = BackupReport(store.label)
    previous = _read_manifest(store) or {}
    before = previous.get("files", {})
    held = store.keys()
    files: dict[str, dict] = {}

    def send(key: str, path: Path, sha: str, size: int) -> None:
        files[key] = {"sha256": sha, "size": size}
        if held.get(key) == size and before.get(key, {}).get("sha256") == sha:
            return
        store.put_file(key, path, sha, progress)
        report.sent.append(key)
        report.bytes_sent += size

    with tempfile.TemporaryDirectory(prefix=".clea-backup-", dir=cat.folder) as tmp:
        snap = Path(tmp) / DB_NAME
        catalogue_snapshot(cat, snap)
        send(DB_NAME, snap, local_sha256(snap), snap.stat().st_size)
        toml = Path(tmp) / config.CONFIG_NAME
        toml.write_bytes(public_settings(settings))
        send(config.CONFIG_NAME, toml, local_sha256(toml), toml.stat().st_size)
        templates = cat.folder / TEMPLATES
        if templates.is_dir():
            for path in sorted(p for p in templates.rglob("*") if p.is_file()):
                key = path.relative_to(cat.folder).as_posix()
                send(key, path, local_sha256(path), path.stat().st_size)
        for sha, size, _name in cat.originals():
            key = replica.key_of(sha)  # the same layout as the store: originals/ab/<sha>
            files[key] = {"sha256": sha, "size": size}
            if held.get(key) == size:
                continue  # named by its checksum: same name and size, same bytes
            cat.store.verify_one(sha)
            store.put_file(key, cat.original_path(sha), sha, progress)
            report.sent.append(key)
            report.bytes_sent += size
    report.files = len(files)
    if report.sent or files != before or MANIFEST not in held:
        doc = {"format": FORMAT, "made_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
               "archive": settings.title, "files": files}
        store.put_bytes(MANIFEST, (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode())
    mirror = replica.replica_store(settings)
    if mirror is not None:
        try:
            report.replica_sent = replica.catch_up(cat, mirror, progress)
        except ClearError as exc:
            report.replica_warning = exc.line()
    return report


def _refuse_inside(cat: Catalogue, dest: str) -> None:
    if dest.startswith("s3://"):
        return
    target = Path(dest).expanduser().resolve()
    archive = cat.folder.resolve()
    if target == archive or target.is_relative_to(archive) or archive.is_relative_to(target):
        raise ClearError(N_("a backup goes outside the archive folder (another disk, "
                            "another machine or a bucket)"), dest, code="backup.inside",
                         field="dest")


def _read_manifest(store: Store) -> dict | None:
    data = store.get_bytes(MANIFEST)
    if data is None:
        return None
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ClearError(N_("the backup's manifest is damaged ({reason})"),
                         f"{store.label}{MANIFEST}", code="backup.manifest-damaged",
                         reason=str(exc)) from exc
    if doc.get("format") != FORMAT or not isinstance(doc.get("files"), dict):
        raise ClearError(N_("this is not a clea backup (unknown manifest format)"),
                         f"{store.label}{MANIFEST}", code="backup.not-clea")
    return doc


def total_size(source: str, *, endpoint_url: str | None = None,
               region: str | None = None) -> int:
    doc = _read_manifest(open_store(source, endpoint_url=endpoint_url, region=region)) or {}
    return sum(f["size"] for f in doc.get("files", {}).values())


def restore(source: str, folder: Path, *, endpoint_url: str | None = None,
            region: str | None = None, progress: Progress | None = None) -> RestoreReport:
    """Rebuild a working archive in the new (or empty) ``folder`` from the backup at ``source``."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ClearError(N_("restore into a new or empty folder"), folder,
                         code="restore.not-empty", field="folder")
    store = open_store(source, endpoint_url=endpoint_url, region=region)
    doc = _read_manifest(store)
    if doc is None:
        raise ClearError(N_("no clea backup here (no {manifest})"), store.label,
                         code="restore.no-backup", manifest=MANIFEST)
    report = RestoreReport(folder)
    made = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for key, meta in sorted(doc["files"].items()):
            dest = _inside(folder, key)
            got = store.get_file(key, dest, progress)
            if got != meta["sha256"]:
                raise ClearError(N_("the backup's copy does not match its checksum"),
                                 f"{store.label}{key}", code="restore.checksum")
            if key.startswith(STORE_NAME + "/"):
                os.chmod(dest, 0o444)
            report.files += 1
            report.bytes += meta["size"]
        (folder / STORE_NAME).mkdir(exist_ok=True)
        with Catalogue.open(folder) as cat:
            lacking = [sha for sha, _, _ in cat.originals() if not cat.store.has(sha)]
            if lacking:
                raise ClearError(N_("the backup lacks {count} original(s) the catalogue lists"),
                                 store.label, code="restore.incomplete", count=len(lacking))
            report.items = cat.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    except BaseException:
        if made:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for child in folder.iterdir():
                with contextlib.suppress(OSError):
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return report


def _inside(folder: Path, key: str) -> Path:
    """Where ``key`` goes in the new archive; a key that climbs out is refused."""
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ClearError(N_("the backup names a file outside the archive: {key}"), folder,
                         code="restore.bad-key", key=key[:200])
    allowed = parts[0] in (DB_NAME, config.CONFIG_NAME, TEMPLATES, STORE_NAME)
    if not allowed:
        raise ClearError(N_("the backup names a file outside the archive: {key}"), folder,
                         code="restore.bad-key", key=key[:200])
    return folder.joinpath(*parts)
