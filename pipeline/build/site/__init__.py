"""The static site: pages, assets, QR codes, sitemap and search index of one build.

``write_site`` is the build's "pages" stage. It renders only the pages whose
fingerprint changed since the last run (or whose file is missing), writes
only the files whose bytes changed, and re-runs Pagefind only when an indexed
page changed; so a rebuild with nothing changed renders and writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from archive.atomic import write_many_if_changed
from pipeline.build.feeds import shared_inputs
from pipeline.build.fingerprint import combine, with_revisions
from pipeline.build.ondisk import OnDisk
from pipeline.build.public import SiteData
from pipeline.build.site import search, sitemap
from pipeline.build.site.context import Site
from pipeline.build.site.pages import Page, digest, plan
from pipeline.build.site.qr import qr_svgs
from pipeline.build.site.render import Renderer, make_renderer
from pipeline.build.site.state import Shard, State
from pipeline.build.stage import StageResult
from pipeline.build.stamp import Stamp
from pipeline.plumbing import urls

__all__ = ["write_site"]

def write_site(data: SiteData, out: Path, *, overrides: Path | None = None,
               log: Callable[[str], None] = lambda s: None) -> StageResult:
    """Write every page, asset, QR code, sitemap, robots.txt, 404 and the search index.

    ``files`` lists every site-relative path this stage owns (the Pagefind
    bundle included); ``written`` those it rewrote this run.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    renderer = make_renderer(overrides, out / ".clea-templates")  # a dotfile: never published
    inputs = _inputs(data, renderer)
    kept = Stamp.load(out, STAMP_NAME)
    if kept is not None and not data.settings.public_bilan and kept.holds(out, inputs):
        log(f"site: nothing changed ({len(kept.files)} file(s) checked by folder) in "
            f"{time.perf_counter() - started:.2f} s")
        return StageResult(files=set(kept.files))
    site = Site(data)
    before = State.load(out)
    after = State()
    result = StageResult()
    css = renderer.static["clea.css"].read_text(encoding="utf-8")
    # The feeds offered, not how many episodes each holds: a new episode must not
    # re-render every page.
    offered = [(f.title, f.path, f.medium, f.kind, f.page) for f in site.feeds]
    site_fp = digest(data.settings, data.urls.base, data.urls.media_base, offered,
                     renderer.fingerprint)
    pages = plan(site, site_fp, css)
    unmoved = kept.unmoved(out) if kept is not None else None
    present = OnDisk(out, unmoved)

    jobs: list[tuple[str, Callable[[], bytes]]] = []  # (site path, its bytes when asked)
    for name, src in renderer.static.items():
        jobs.append((urls.static(name), src.read_bytes))
    with _qr_workers(len(data.episodes)) as pool:
        codes: list[tuple[str, Callable[[], bytes]]] = []
        _qr_codes(site, present, before, after, codes, result, pool)
        rendered = _pages(present, pages, renderer, before, after, jobs, result)
        if data.settings.public_bilan:
            _bilan_charts(site, present, before, after, jobs, result)
        jobs += codes  # written last, so the workers draw them while pages render
        if _changed(urls.SITEMAP, _sitemap_fp(site_fp, pages), present, before, after, result):
            jobs.append((urls.SITEMAP, lambda: sitemap.sitemap(_sitemap_entries(site, pages))))
        jobs.append((urls.ROBOTS, lambda: sitemap.robots(data.urls.absolute(urls.SITEMAP))))
        for rel, _ in jobs:
            result.files.add(rel)
            after.files.setdefault(rel, "file")
        # Rendered one at a time as the writer asks, so memory stays flat however big
        # the site; the QR codes are drawn meanwhile by the worker processes.
        done = write_many_if_changed((out / rel, make()) for rel, make in jobs)
    result.written += [d.relative_to(out).as_posix() for d in done]
    # Pagefind reads the pages from disk: run it once every write has landed and
    # the pages of withdrawn items are gone.
    for rel in sorted(set(before.files) - set(after.files)):
        _remove(out, rel, result)
    index_seconds = _index(out, pages, before, after, result)
    if after != before:
        after.save(out)
    still = (kept.still(unmoved[1], [*result.written, *result.removed])
             if kept is not None and unmoved is not None else None)
    Stamp.take(out, STAMP_NAME, inputs, result.files, still)
    log(f"site: {len(pages)} page(s), {rendered} rendered, {len(result.written)} file(s) "
        f"written in {time.perf_counter() - started:.1f} s (search index {index_seconds:.1f} s)")
    return result


def _changed(rel: str, fp: str, present: OnDisk, before: State, after: State,
             result: StageResult) -> bool:
    """Record ``rel``'s fingerprint; whether it must be made (new fingerprint, or gone)."""
    after.files[rel] = fp
    if before.files.get(rel) == fp and present.has(rel):
        result.files.add(rel)
        return False
    return True


STAMP_NAME = ".clea-site-stamp"


def _inputs(data: SiteData, renderer: Renderer) -> str:
    """Everything the site is made of, as one fingerprint: what the feeds share (settings,
    addresses, series, residences, art, their code), the templates and this code, and
    every episode's revision in the site's order. (The public bilan's figures are not
    in it: with a public bilan there is no stamp.)"""
    return with_revisions(digest(shared_inputs(data), renderer.fingerprint), data.episodes)


def _pages(present: OnDisk, pages: list[Page], renderer: Renderer, before: State,
           after: State, jobs: list[tuple[str, Callable[[], bytes]]],
           result: StageResult) -> int:
    rendered = 0
    for page in pages:
        if _changed(page.file, page.fingerprint, present, before, after, result):
            jobs.append((page.file,
                         lambda page=page: renderer.render(page.template, page.context())))
            rendered += 1
    return rendered


def _bilan_charts(site: Site, present: OnDisk, before: State, after: State,
                  jobs: list[tuple[str, Callable[[], bytes]]], result: StageResult) -> None:
    """The public bilan's SVG charts, drawn only when their numbers changed."""
    from pipeline.build.site.bilan_context import chart_files, chart_fingerprint

    for rel, chart in chart_files(site):
        if _changed(rel, chart_fingerprint(chart), present, before, after, result):
            jobs.append((rel, lambda chart=chart: chart.svg))


QR_BATCH = 100
QR_POOL_FROM = 400  # fewer codes than this are drawn in-process: a pool would cost more


@contextlib.contextmanager
def _qr_workers(count: int) -> Iterator[Executor | None]:
    """Worker processes for a first build's thousands of QR codes (pure-Python
    encoding), so they are drawn on the other cores while pages render here."""
    workers = (os.cpu_count() or 1)
    if count < QR_POOL_FROM or workers < 2:
        yield None
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def _qr_codes(site: Site, present: OnDisk, before: State, after: State,
              jobs: list[tuple[str, Callable[[], bytes]]], result: StageResult,
              pool: Executor | None) -> None:
    """Queue the codes to (re)make: a permanent link never changes, so mostly none."""
    pending: list[tuple[str, str, str]] = []
    # A code shows the page's address and, in its title, the episode's title.
    base = combine(site.urls.base)[:8]
    for ep in site.data.episodes:
        rel = urls.item_qr(ep.slug)
        if _changed(rel, base + ep.revision, present, before, after, result):
            pending.append((rel, site.urls.absolute(ep.page), f"QR code de « {ep.title} »"))
    for start in range(0, len(pending), QR_BATCH):
        batch = pending[start:start + QR_BATCH]
        pairs = [(link, title) for _, link, title in batch]
        if pool is not None:
            future = pool.submit(qr_svgs, pairs)
            made = future.result
        else:
            made = _once(lambda pairs=pairs: qr_svgs(pairs))
        for i, (rel, _, _) in enumerate(batch):
            jobs.append((rel, lambda made=made, i=i: made()[i]))


def _once(make: Callable[[], list[bytes]]) -> Callable[[], list[bytes]]:
    """A batch drawn in-process when its first code is asked for, then remembered."""
    cache: list[list[bytes]] = []

    def get() -> list[bytes]:
        if not cache:
            cache.append(make())
        return cache[0]

    return get


def _sitemap_fp(site_fp: str, pages: list[Page]) -> str:
    """The sitemap lists every page with its episode's day: it changes with their
    fingerprints (not every fingerprint change moves it; then it is compared and kept)."""
    h = hashlib.blake2b(site_fp.encode(), digest_size=16)
    for page in pages:
        h.update(f"{page.path}\0{page.fingerprint}\0".encode())
    return h.hexdigest()


def _sitemap_entries(site: Site, pages: list[Page]):
    updated = {ep.page: ep.updated.date() for ep in site.data.episodes}
    pictures: dict[str, list[str]] = {}
    for ep in site.data.episodes:
        if ep.medium == "image":
            big = site.urls.media(ep.rendition.path)
            pictures.setdefault(ep.page, []).append(big)
            pictures.setdefault(urls.series_page(ep.series), []).append(big)
    skip = {urls.SEARCH_PAGE, urls.NOT_FOUND}
    for page in pages:
        if page.template != "embed.html" and page.path not in skip:
            yield (site.urls.absolute(page.path), updated.get(page.path),
                   tuple(pictures.get(page.path, ())))


def _index(out: Path, pages: list[Page], before: State, after: State,
           result: StageResult) -> float:
    """Re-run Pagefind on the shards whose pages changed; keep the others as they are."""
    indexed = {p.file: p for p in pages if p.indexed}
    groups = search.shards(indexed)
    started = time.perf_counter()
    present = OnDisk(out)
    stale = [k for k, members in groups.items()
             if not _fresh(present, before.shards.get(k),
                           _shard_fp(members, indexed, len(groups)))]
    whole = len(groups) == 1
    if stale and whole:
        # A single shard is indexed from the site itself: an episode page left by
        # an older build whose state was lost must not reach the index. (Shards of
        # a larger site are indexed from their own pages only; see build_shard.)
        for stray in out.glob(search.GLOB):
            if stray.relative_to(out).as_posix() not in indexed:
                _remove(out, stray.relative_to(out).as_posix(), result)

    def run(k: int) -> tuple[int, set[str], list[str]]:
        return (k, *search.build_shard(out, k, groups[k], whole))

    with ThreadPoolExecutor(max(1, min(len(stale), os.cpu_count() or 1))) as pool:
        made = {k: (files, written) for k, files, written in pool.map(run, stale)}
    for k, members in groups.items():
        fp = _shard_fp(members, indexed, len(groups))
        if k in made:
            files, written = made[k]
            after.shards[k] = Shard(fp, sorted(files))
            result.written += written
        else:
            after.shards[k] = before.shards[k]
        result.files.update(after.shards[k].bundle)
    for rel in sorted(before.bundle - after.bundle):
        _remove(out, rel, result)
    return time.perf_counter() - started if stale else 0.0


def _shard_fp(members: list[str], indexed: dict[str, Page], count: int) -> str:
    return digest(count, [indexed[f].fingerprint for f in members])


def _fresh(present: OnDisk, last: Shard | None, fp: str) -> bool:
    return bool(last and last.index == fp and last.bundle
                and all(present.has(r) for r in last.bundle))


def _remove(out: Path, rel: str, result: StageResult) -> None:
    """Remove a file this stage made before and no longer makes (a withdrawn item);
    ``result.removed`` lists it, so the build's summary counts what really left."""
    path = out / rel
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    else:
        result.removed.append(rel)
    parent = path.parent
    while parent != out and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
