"""Which files a build's output folder still holds, one directory listing per folder.

A rebuild trusts its state file for what each file holds, but must still see
that a file is there: a page deleted by hand is written again. One ``stat``
per file is what that used to cost, some 40,000 of them for a 10,000-episode
site, more than the whole no-op build may take; listing each folder once,
with ``os.scandir``, answers for every file in it.
"""

from __future__ import annotations

import os
from pathlib import Path


class OnDisk:
    """Answers "is ``rel`` there?" for paths relative to ``root``, as of the first question
    about each folder: ask before writing into it, not after."""

    def __init__(self, root: Path, known: tuple[set[str], set[str]] | None = None) -> None:
        """``known``: (files, folders) a stamp vouches for: in those folders, untouched
        since the stamp was taken, the files are as it lists them (Stamp.unmoved)."""
        self.root = os.fspath(root)
        self._names: dict[str, frozenset[str]] = {}
        self._files, self._folders = known or (set(), set())

    def has(self, rel: str) -> bool:
        folder, _, name = rel.rpartition("/")
        if folder in self._folders:
            return rel in self._files
        names = self._names.get(folder)
        if names is None:
            names = self._names[folder] = self._list(folder)
        return name in names

    def _list(self, folder: str) -> frozenset[str]:
        # Names of folders too: a folder where a file should be is a fault the write
        # will report; telling them apart here cost a call per entry.
        try:
            return frozenset(os.listdir(f"{self.root}/{folder}" if folder else self.root))
        except (FileNotFoundError, NotADirectoryError):
            return frozenset()
