"""What a publish will do: which files go out, in which order, and what leaves.

Reading only: the site folder and the manifest. Nothing here touches a target.

Order (docs/design.md, invariant 5): a feed must never name an object that is not
yet at its URL, and a page should not link to one. So files go out in phases,
each finished before the next starts:

1. content: media, covers, assets, pagefind's index fragments, anything else;
2. pages: HTML, sitemap, robots.txt, and pagefind's entry files (they name
   the fragments uploaded in phase 1);
3. feeds: ``feeds/**``;
4. the OPML directory, which names the feeds.

Deletions come after all four, in the reverse order (OPML, feeds, pages,
content), so at no moment does a published feed or page name a deleted object.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from archive import N_, ClearError
from archive.manifest import Entry
from pipeline.publish.headers import Headers, extension, headers_for, is_feed

CONTENT, PAGES, FEEDS, OPML = 0, 1, 2, 3
PHASES = (CONTENT, PAGES, FEEDS, OPML)
PHASE_NAMES = {CONTENT: "media and assets", PAGES: "pages", FEEDS: "feeds",
               OPML: "OPML directory"}

# Files that mark a folder as an archive (or its settings), never a built site.
PRIVATE = ("catalogue.sqlite", "clea.toml")
PAGEFIND_CONTENT = {".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind"}


@dataclass(frozen=True)
class LocalFile:
    """A file of the built site, as stat saw it when the plan was made."""

    key: str  # site-relative, "/"-separated
    path: str  # absolute; a plain string because a site has thousands of them
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Upload:
    file: LocalFile
    headers: Headers
    phase: int
    reason: str  # "new" or "changed"


@dataclass
class Plan:
    uploads: list[Upload] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Same bytes under a new time stamp: only the manifest learns the new stat.
    touched: list[Entry] = field(default_factory=list)

    @property
    def upload_bytes(self) -> int:
        return sum(u.file.size for u in self.uploads)

    def uploads_in(self, phase: int) -> list[Upload]:
        return [u for u in self.uploads if u.phase == phase]

    def deletions_in(self, phase: int) -> list[str]:
        return [k for k in self.deletions if phase_of(k) == phase]


def phase_of(key: str) -> int:
    if key == "feeds.opml":
        return OPML
    if is_feed(key):
        return FEEDS
    ext = extension(key)
    if key.startswith("pagefind/"):
        return CONTENT if ext in PAGEFIND_CONTENT else PAGES
    if ext == ".html" or key in ("sitemap.xml", "robots.txt") or (
        "/" not in key and ext in (".xml", ".txt")
    ):
        return PAGES
    return CONTENT


def check_site(site: Path) -> Path:
    """Refuse anything that is not a built site, before a byte goes out."""
    site = Path(site)
    if not site.is_dir():
        raise ClearError(N_("no built site here (run `clea build` first, or give --site DIR)"),
                         site, code="publish.no-site")
    for name in PRIVATE:
        if (site / name).exists():
            raise ClearError(
                N_("this folder holds {name}: it is an archive, not a built site; "
                   "publish the folder `clea build` wrote (by default DIR/site)"), site,
                code="publish.site-is-archive", name=name,
            )
    if not (site / "index.html").is_file():
        raise ClearError(
            N_("no index.html here: is this a folder written by `clea build`?"), site,
            code="publish.no-index",
        )
    return site


def skipped(name: str) -> bool:
    """Dotfiles and dot-folders (.git, .DS_Store…) and half-written temp files."""
    return name.startswith(".") or name.endswith(".part") or name.endswith("~")


def scan(site: Path) -> list[LocalFile]:
    """Every file of the site that may go out, sorted by key.

    Symbolic links are followed only when they stay inside the site, so a
    stray link can never publish a file from elsewhere.
    """
    root = check_site(site).resolve()
    found: list[LocalFile] = []
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if skipped(entry.name):
                    continue
                if entry.is_symlink() and not _inside(Path(entry.path), root):
                    continue
                key = prefix + entry.name
                if entry.is_dir():
                    stack.append((entry.path, key + "/"))
                elif entry.is_file():
                    st = entry.stat()
                    found.append(LocalFile(key, entry.path, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.key)
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except OSError:
        return False


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def make_plan(files: list[LocalFile], published: dict[str, Entry]) -> Plan:
    """Compare the site with the manifest.

    A file whose size and time stamp match its manifest row is unchanged
    without being read: that is what makes a no-op publish fast. A file
    whose stat differs but whose size matches is hashed, and goes out only
    if its bytes (or the headers we would give it) differ.
    """
    plan = Plan()
    for f in files:
        headers = headers_for(f.key)
        old = published.get(f.key)
        if old is None:
            plan.uploads.append(Upload(f, headers, phase_of(f.key), "new"))
            continue
        same_headers = old.headers == headers.fingerprint()
        if old.size == f.size and old.mtime_ns == f.mtime_ns and same_headers:
            plan.unchanged += 1
            continue
        if old.size == f.size and same_headers and sha256_of(f.path) == old.sha256:
            plan.unchanged += 1
            plan.touched.append(Entry(f.key, f.size, f.mtime_ns, old.sha256, old.etag,
                                      old.headers))
            continue
        plan.uploads.append(Upload(f, headers, phase_of(f.key), "changed"))
    keys = {f.key for f in files}
    plan.deletions = sorted(k for k in published if k not in keys)
    return plan
