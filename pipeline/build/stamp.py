"""A stage's stamp: when nothing it depends on changed and nobody touched its folders,
it has nothing to do, and says so without planning a single page.

Per-item fingerprints make an edit cheap, but a no-op still paid for planning
40,000 files and checking each one (some 2 s at 10,000 episodes, against a 0.3 s
goal). The stamp keeps, beside the stage's own state: the fingerprint of all
its inputs at the end of the last run, the files it owned, and the
modification time of every folder it wrote into. A file deleted, added or
renamed in a folder moves that folder's time, so one ``stat`` per folder (not
per file) tells that the output is still as the stage left it; files at the
top of the site, whose folder other stages and the states themselves write
into, are checked one by one. Anything else (a missing or odd stamp, another
fingerprint, one folder touched) sends the stage down its ordinary path,
which is correct on its own: the stamp only skips work, it never decides
what a file holds.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from archive.atomic import write_if_changed

MAGIC = "clea-stamp 1"


class Stamp:
    def __init__(self, fingerprint: str, files: list[str], folders: dict[str, int]) -> None:
        self.fingerprint, self.files, self.folders = fingerprint, files, folders

    @classmethod
    def load(cls, out: Path, name: str) -> Stamp | None:
        try:
            lines = (out / name).read_text(encoding="utf-8").split("\n")
            if lines[0] != MAGIC:
                return None
            cut = lines.index("", 2)
            folders = {}
            for line in lines[2:cut]:
                folder, _, ns = line.rpartition("\t")
                folders[folder] = int(ns)
            return cls(lines[1], [f for f in lines[cut + 1:] if f], folders)
        except (OSError, ValueError, IndexError):
            return None

    def holds(self, out: Path, fingerprint: str) -> bool:
        """Whether the stage's output is as the stamp says, for inputs of ``fingerprint``."""
        if fingerprint != self.fingerprint:
            return False
        root = os.fspath(out)
        return (self._unmoved_folders(root) == self.folders.keys()
                and all(os.path.isfile(f"{root}/{f}") for f in self.files if "/" not in f))

    def unmoved(self, out: Path) -> tuple[set[str], set[str]]:
        """(the files listed, the folders not touched since): one ``stat`` a folder
        tells an edit's build which files are still there (pipeline/build/ondisk.py)."""
        return set(self.files), self._unmoved_folders(os.fspath(out))

    def _unmoved_folders(self, root: str) -> set[str]:
        same = set()
        for folder, ns in self.folders.items():
            with contextlib.suppress(OSError):
                if os.stat(f"{root}/{folder}").st_mtime_ns == ns:
                    same.add(folder)
        return same

    def still(self, unmoved: set[str], touched: Iterable[str]) -> dict[str, int]:
        """The times of the ``unmoved`` folders this run wrote nothing into nor removed
        anything from: ``take`` need not ``stat`` them again."""
        changed = {f.rpartition("/")[0] for f in touched}
        return {f: self.folders[f] for f in unmoved - changed if f in self.folders}

    @staticmethod
    def take(out: Path, name: str, fingerprint: str, files: Iterable[str],
             still: dict[str, int] | None = None) -> None:
        """Record the stage's output as it is now; call it once every file has landed.
        ``still``: folders known not to have moved (``Stamp.still``), with their times."""
        owned = sorted(files)
        root = os.fspath(out)
        folders: dict[str, int] = {}
        known = still or {}
        for folder in {f.rpartition("/")[0] for f in owned} - {""}:
            if folder in known:
                folders[folder] = known[folder]
                continue
            with contextlib.suppress(OSError):
                folders[folder] = os.stat(f"{root}/{folder}").st_mtime_ns
        lines = [MAGIC, fingerprint, *(f"{k}\t{v}" for k, v in sorted(folders.items())), "",
                 *owned]
        write_if_changed(out / name, ("\n".join(lines) + "\n").encode("utf-8"))
