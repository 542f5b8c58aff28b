"""A folder target: a web server's document root, a mounted share, a USB key.

Each file is copied to a temporary name beside its destination and renamed
into place (``archive.atomic``), so a web server never serves half a file and
a killed publish leaves every file either old or new (and hidden ``.part``
files, which the next run removes and ``--check`` reports). The "ETag" kept
in the manifest is the destination's modification time, which ``--check``
compares.

The folder is often a shared web root: clea writes only under names its
manifest owns (``publish`` refuses the others) and never follows a link out
of the folder. It refuses the archive itself, a folder inside it (its
``originals/``, say) and a folder that contains it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from archive import N_, ClearError, PublishError
from archive.atomic import atomic_path, temporary_of
from archive.errors import disk_full
from archive.manifest import Entry
from pipeline.publish.check import ALTERED, MISSING
from pipeline.publish.headers import Headers
from pipeline.publish.plan import PRIVATE, LocalFile, sha256_of, skipped
from pipeline.publish.target import Landed, Remote

CHUNK = 1 << 20


class FolderTarget:
    workers = 4  # local disks gain little from more

    def __init__(self, folder: Path, *, site: Path, archive: Path | None = None) -> None:
        root = Path(os.path.abspath(folder))
        site_root = Path(site).resolve()
        resolved = root.resolve()  # symbolic links followed: where the files would land
        if resolved == site_root or resolved.is_relative_to(site_root):
            raise ClearError(N_("the target folder is inside the site folder it would publish"),
                             folder, code="publish.target-inside-site", field="target")
        if site_root.is_relative_to(resolved):
            raise ClearError(N_("the target folder contains the site folder; choose another one"),
                             folder, code="publish.target-contains-site", field="target")
        if archive is not None:
            home = Path(archive).resolve()
            if resolved == home or resolved.is_relative_to(home):
                raise ClearError(N_("the target folder is the archive or lies inside it; "
                                    "publish to the web server's folder"), folder,
                                 code="publish.target-in-archive", field="target")
            if home.is_relative_to(resolved):
                raise ClearError(N_("the target folder contains the archive; choose another "
                                    "one"), folder, code="publish.target-contains-archive",
                                 field="target")
        if root.exists() and not root.is_dir():
            raise ClearError(N_("is a file, not a folder"), folder, code="path.not-a-folder",
                             field="target")
        for name in PRIVATE:
            if (resolved / name).exists():
                raise ClearError(N_("this folder holds {name}: it is an archive, not a place "
                                    "to publish to"), folder, code="publish.target-is-archive",
                                 field="target", name=name)
        self.root = resolved
        self.id = f"folder:{resolved}"
        self.label = str(resolved)

    def prepare(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(N_("cannot create the folder ({error})"), self.root,
                               code="publish.folder-create-failed", error=exc.strerror) from exc

    def _dest(self, key: str) -> Path:
        dest = self.root.joinpath(*key.split("/"))
        if not Path(os.path.abspath(dest)).is_relative_to(self.root):
            raise PublishError(N_("refusing a key outside the target folder"), key,
                               code="publish.key-outside-target")
        # A link planted in the folder (episodes -> another site) must not carry
        # our writes or deletions elsewhere.
        if not Path(os.path.realpath(dest.parent)).is_relative_to(self.root) or (
                dest.is_symlink() and not Path(os.path.realpath(dest)).is_relative_to(self.root)):
            raise PublishError(N_("a symbolic link in the target folder leads outside it; "
                                  "clea will not write through it"), dest,
                               code="publish.symlink-outside-target")
        return dest

    def put(self, file: LocalFile, headers: Headers, on_bytes: Callable[[int], None]) -> Landed:
        dest = self._dest(file.key)
        digest = hashlib.sha256()
        try:
            with atomic_path(dest) as tmp, open(file.path, "rb") as src, open(tmp, "wb") as out:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    on_bytes(len(chunk))
            mtime = dest.stat().st_mtime_ns
        except OSError as exc:
            full = disk_full(exc)
            if full is not None:
                raise full from exc
            raise PublishError(N_("cannot write {key} ({error})"), self.root,
                               code="publish.write-failed", key=file.key,
                               error=exc.strerror) from exc
        return Landed(digest.hexdigest(), str(mtime))

    def delete(self, key: str) -> None:
        dest = self._dest(key)
        try:
            dest.unlink(missing_ok=True)
        except OSError as exc:
            raise PublishError(N_("cannot delete {key} ({error})"), self.root,
                               code="publish.delete-failed", key=key, error=exc.strerror) from exc
        # A withdrawn episode leaves no empty folder behind (a server could list it).
        parent = dest.parent
        while parent != self.root and parent.is_relative_to(self.root):
            with contextlib.suppress(OSError):
                parent.rmdir()
            if parent.exists():
                break
            parent = parent.parent

    def lost(self, published: dict[str, Entry]) -> dict[str, str]:
        """A deleted or emptied folder is noticed at once: one stat per file."""
        gone = {}
        for key, entry in published.items():
            try:
                st = os.stat(self._dest(key))
            except OSError:
                gone[key] = MISSING
                continue
            if st.st_size != entry.size:
                gone[key] = ALTERED
        return gone

    def existing(self, keys: list[str]) -> set[str]:
        return {key for key in keys if os.path.lexists(self.root.joinpath(*key.split("/")))}

    def holds_same(self, file: LocalFile) -> bool:
        there = self.root.joinpath(*file.key.split("/"))
        if there.is_symlink() or not there.is_file() or there.stat().st_size != file.size:
            return False
        return sha256_of(there) == sha256_of(file.path)

    def leftovers(self, keys: set[str]) -> list[str]:
        """Our ``.NAME.XXXXXXXX.part`` files beside the files of ``keys``.

        Only the folders that hold (or would hold) those files are read, never
        the rest of a shared web root, and only temporary files of those names
        count: another program's ``.part`` files are not ours to remove.
        """
        folders: dict[str, set[str]] = {}
        for key in keys:
            parent, _, name = key.rpartition("/")
            folders.setdefault(parent, set()).add(name)
        found = []
        for parent, names in folders.items():
            folder = self.root.joinpath(*parent.split("/")) if parent else self.root
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if temporary_of(entry.name) in names and entry.is_file(follow_symlinks=False):
                    found.append(f"{parent}/{entry.name}" if parent else entry.name)
        return sorted(found)

    def remove_leftover(self, name: str) -> None:
        try:
            self._dest(name).unlink(missing_ok=True)
        except OSError as exc:
            raise PublishError(N_("cannot remove {key} ({error})"), self.root,
                               code="publish.leftover-remove-failed", key=name,
                               error=exc.strerror) from exc

    def listing(self) -> dict[str, Remote]:
        found: dict[str, Remote] = {}
        if not self.root.is_dir():
            return found
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = [d for d in dirs if not skipped(d)]
            rel = Path(folder).relative_to(self.root).as_posix()
            prefix = "" if rel == "." else rel + "/"
            for name in files:
                if skipped(name):
                    continue
                st = os.stat(os.path.join(folder, name))
                found[prefix + name] = Remote(st.st_size, str(st.st_mtime_ns))
        return found
