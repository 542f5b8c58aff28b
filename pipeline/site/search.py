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
from archive.atomic import write_many_if_changed

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
    with tempfile.TemporaryDirectory(prefix="clea-pagefind-") as tmp:
        bundle = Path(tmp) / "pagefind"
        run_pagefind(out, bundle)
        made = sorted(p for p in bundle.rglob("*") if p.is_file())
        files = {urls.PAGEFIND + p.relative_to(bundle).as_posix() for p in made}
        done = write_many_if_changed(
            (out / urls.PAGEFIND / p.relative_to(bundle), p.read_bytes()) for p in made)
    written = sorted(d.relative_to(out).as_posix() for d in done)
    for rel in previous - files:
        (out / rel).unlink(missing_ok=True)
    return files, written
