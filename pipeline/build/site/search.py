"""The search index, made by Pagefind over the built episode pages, in shards.

Pagefind rewrites a whole bundle each run, and indexing 10,000 pages takes
about ten seconds: too long for one edited title. So the episode pages are
split into shards of at most ``SHARD_PAGES`` by a stable hash of their path,
each its own bundle (shard 0 at ``pagefind/``, shard k at ``pagefind/s<k>/``),
and an edit re-indexes only its shard. The search page loads shard 0 and
merges the others in the browser (Pagefind's ``mergeIndex``). An archive of a
few hundred episodes, the usual size, has one shard: one ordinary bundle.

Each shard is written into a temporary folder and only files whose bytes
changed are copied into the site: fragment and index files are named by
content hash, so an edit touches a handful of files and the rest keep their
mtime (and are not uploaded again by ``clea publish``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from archive import N_, ClearError
from archive.atomic import write_many_if_changed
from pipeline.plumbing import urls

# Only episode pages are indexed; their <main data-pagefind-body> is what is searched.
GLOB = "episodes/*/index.html"
SHARD_PAGES = 500


def shard_count(pages: int) -> int:
    """How many shards for ``pages`` indexed pages: a power of two, 1 up to SHARD_PAGES.

    Doubling (not +1) keeps most pages in their shard's reach when the archive grows.
    """
    n = 1
    while pages > n * SHARD_PAGES:
        n *= 2
    return n


def shard_of(page_file: str, n: int) -> int:
    if n == 1:
        return 0
    return zlib.crc32(page_file.encode()) % n  # stable across runs and machines, and quick


def shards(page_files: Iterable[str]) -> dict[int, list[str]]:
    """The non-empty shards of these page files, in shard order."""
    files = sorted(page_files)
    n = shard_count(len(files))
    groups: dict[int, list[str]] = {}
    for f in files:
        groups.setdefault(shard_of(f, n), []).append(f)
    return dict(sorted(groups.items()))


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # the [bin] extra ships it
        raise ClearError(N_("the search index needs Pagefind: pip install 'pagefind[bin]'"),
                         code="site.pagefind-missing") from exc
    return get_executable()


def run_pagefind(site: Path, dest: Path, glob: str = GLOB) -> None:
    cmd = [str(pagefind_binary()), "--site", str(site), "--glob", glob,
           "--output-path", str(dest), "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise ClearError(N_("Pagefind could not index the site: {error}"), site,
                         code="site.pagefind-failed", error=" / ".join(tail))


def build_shard(out: Path, k: int, page_files: list[str], whole: bool) -> tuple[set[str], list[str]]:
    """Index one shard into ``out``'s bundle ``k``; return (files, written), site-relative.

    A shard's pages are hard-linked into a scratch folder inside ``out`` and
    Pagefind reads that folder alone: given the whole site and a glob naming
    300 pages, it walked all 40,000 files of a 10,000-episode site first, which
    cost more than indexing them. Files the shard no longer makes are left for
    the caller, which knows every shard's files and so never removes one that
    another shard now owns.
    """
    folder = urls.search_shard(k)
    with tempfile.TemporaryDirectory(prefix=".clea-pagefind-", dir=out) as tmp:
        bundle = Path(tmp) / "pagefind"
        if whole:
            run_pagefind(out, bundle)
        else:
            pages = Path(tmp) / "site"
            for rel in page_files:
                _link(out / rel, pages / rel)
            run_pagefind(pages, bundle)
        made = sorted(p for p in bundle.rglob("*") if p.is_file())
        files = {folder + p.relative_to(bundle).as_posix() for p in made}
        done = write_many_if_changed(
            (out / folder / p.relative_to(bundle), p.read_bytes()) for p in made)
    written = sorted(d.relative_to(out).as_posix() for d in done)
    return files, written


def _link(src: Path, dest: Path) -> None:
    """``dest`` as a second name of ``src`` (a copy where links are refused)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
