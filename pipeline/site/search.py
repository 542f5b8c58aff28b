"""The search index, made by Pagefind over the built episode pages.

Pagefind rewrites its whole bundle each run, so it writes into a temporary
folder and only files whose bytes changed are copied into the site: its
fragment and index files are named by content hash, so an edit to one
episode touches a handful of files and the rest keep their mtime (and are
not uploaded again by ``clea publish``).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from archive import ClearError
from archive.atomic import write_if_changed

from .. import urls

# Only episode pages are indexed; their <main data-pagefind-body> is what is searched.
GLOB = "episodes/*/index.html"


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # the [bin] extra ships it
        raise ClearError("the search index needs Pagefind: pip install 'pagefind[bin]'") from exc
    return get_executable()


def run_pagefind(site: Path, dest: Path) -> None:
    cmd = [str(pagefind_binary()), "--site", str(site), "--glob", GLOB,
           "--output-path", str(dest), "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise ClearError("Pagefind could not index the site: " + " / ".join(tail), site)


def build_index(out: Path, previous: set[str]) -> tuple[set[str], list[str]]:
    """Index ``out`` and sync ``out/pagefind/``; return (files, written), site-relative.

    ``previous`` are the bundle's files from the last run: those Pagefind no
    longer makes are removed here, so the bundle never holds stale fragments.
    """
    files: set[str] = set()
    written: list[str] = []
    with tempfile.TemporaryDirectory(prefix="clea-pagefind-") as tmp:
        bundle = Path(tmp) / "pagefind"
        run_pagefind(out, bundle)
        for path in sorted(bundle.rglob("*")):
            if not path.is_file():
                continue
            rel = urls.PAGEFIND + path.relative_to(bundle).as_posix()
            files.add(rel)
            if write_if_changed(out / rel, path.read_bytes()):
                written.append(rel)
    for rel in previous - files:
        (out / rel).unlink(missing_ok=True)
    return files, written
