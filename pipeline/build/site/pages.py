"""Every page of the site, what it depends on, and how to build its context.

A page's fingerprint is a digest of the data its context is built from (plus
the site-wide settings, feeds and templates), so comparing it with the last
build's tells whether the page must be rendered at all. Episodes enter it by
their ``revision`` (pipeline/build/fingerprint.py), never field by field: a
10,000-episode plan costs a digest per page, and a page that lists an
episode is rendered again when anything of that episode changed. Building
the context is deferred: an unchanged page costs a digest, not a render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archive import DOCUMENT, IMAGE
from pipeline.build.fingerprint import combine, digest, with_revisions
from pipeline.build.site import item_context as item
from pipeline.build.site import list_context as lists
from pipeline.build.site import production_context as productions
from pipeline.build.site.context import FACETS, LATEST, Site
from pipeline.plumbing import urls


@dataclass(frozen=True)
class Page:
    path: str  # site path, "episodes/x/" or "404.html"
    template: str
    fingerprint: str
    context: Callable[[], object]
    indexed: bool = False  # part of the search index

    @property
    def file(self) -> str:
        return urls.file_of(self.path)


__all__ = ["Page", "digest", "plan"]


def plan(site: Site, site_fp: str, css: str) -> list[Page]:
    """All pages, item pages first (they are most of the work and all of the index)."""
    data = site.data
    art = {k: repr(v) for k, v in data.series_art.items()}
    series_fp = {s.slug: digest(s, art.get(s.slug)) for s in data.series}
    residence_fp = {r.slug: digest(r) for r in data.residences}
    series_of_res = {r.slug: [s.slug for s in data.series if s.residence == r.slug]
                     for r in data.residences}
    pages: list[Page] = []
    for ep in data.episodes:
        fp = combine(site_fp, ep.revision, series_fp.get(ep.series, ""),
                     residence_fp.get(ep.residence or "", ""))
        if ep.medium == IMAGE:  # a photo's page names its neighbours in the gallery
            fp = digest(fp, [(e.slug, e.title) for e in site.by_series[ep.series]])
            pages.append(Page(ep.page, "photo.html", fp,
                              lambda ep=ep: productions.photo_context(site, ep), indexed=True))
            continue
        if ep.medium == DOCUMENT:
            pages.append(Page(ep.page, "document.html", fp,
                              lambda ep=ep: productions.document_context(site, ep),
                              indexed=True))
            continue
        pages.append(Page(ep.page, "item.html", fp,
                          lambda ep=ep: item.item_context(site, ep), indexed=True))
        pages.append(Page(urls.item_embed(ep.slug), "embed.html", fp,
                          lambda ep=ep: item.embed_context(site, ep)))
    sizes = ({k: len(v) for k, v in site.by_series.items()},
             {k: len(v) for k, v in site.by_residence.items()}, len(data.episodes))
    lists_base = digest(site_fp, sorted(series_fp.items()), sorted(residence_fp.items()), sizes)
    pages.append(Page(urls.HOME, "home.html",
                      with_revisions(lists_base, data.episodes[:LATEST]),
                      lambda: lists.home_context(site)))
    for r in data.residences:
        own = digest(site_fp, residence_fp[r.slug], [series_fp[s] for s in series_of_res[r.slug]],
                     sizes[0], sizes[1].get(r.slug))
        fp = with_revisions(own, site.by_residence[r.slug])  # all of it, by kind
        pages.append(Page(urls.residence_page(r.slug), "residence.html", fp,
                          lambda slug=r.slug: lists.residence_context(site, slug)))
    for s in data.series:
        fp = with_revisions(digest(site_fp, series_fp[s.slug], residence_fp.get(s.residence or "")),
                          site.by_series[s.slug])
        if s.medium == IMAGE:
            fp = digest(fp, [(e.slug, e.alt, e.rendition.pictures) for e in site.by_series[s.slug]])
            pages.append(Page(urls.series_page(s.slug), "gallery.html", fp,
                              lambda slug=s.slug: productions.gallery_context(site, slug)))
            continue
        pages.append(Page(urls.series_page(s.slug), "series.html", fp,
                          lambda slug=s.slug: lists.series_context(site, slug)))
    counts = digest(lists_base, {f: sorted((v, e[0], len(e[1])) for v, e in site.facets[f].items())
                                 for f in FACETS})
    pages.append(Page(urls.BROWSE, "browse_index.html", counts,
                      lambda: lists.browse_index_context(site)))
    for facet in FACETS:
        if not site.facets[facet]:
            continue
        pages.append(Page(urls.browse_page(facet), "facet.html", counts,
                          lambda f=facet: lists.facet_context(site, f)))
        if facet == "residences":
            continue  # each residence has its own page
        for value, (_label, episodes) in site.facets[facet].items():
            # One page per BROWSE_PAGE_SIZE episodes: an edit redraws the page that
            # shows it; a new episode moves every page of its lists along.
            own = digest(lists_base, facet, value, _label, len(episodes))
            size = lists.BROWSE_PAGE_SIZE
            for n in range(1, lists.browse_pages(len(episodes)) + 1):
                fp = with_revisions(combine(own, str(n)), episodes[(n - 1) * size:n * size])
                pages.append(Page(urls.browse_page(facet, value, n), "browse.html", fp,
                                  lambda f=facet, v=value, n=n:
                                  lists.browse_context(site, f, v, n)))
    if data.settings.public_bilan:
        from pipeline.build.site.bilan_context import bilan_context, fingerprint_parts

        pages.append(Page(urls.BILAN_PAGE, "bilan.html",
                          digest(site_fp, "bilan", fingerprint_parts(site)),
                          lambda: bilan_context(site)))
    pages.append(Page(urls.SEARCH_PAGE, "search.html",
                      digest(site_fp, "search", lists.search_shards(site)),
                      lambda: lists.search_context(site)))
    pages.append(Page(urls.NOT_FOUND, "404.html", digest(site_fp, css),
                      lambda: lists.not_found_context(site, css)))
    return pages
