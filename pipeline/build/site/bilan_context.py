"""The public « Bilan » page (only when ``[site] public_bilan`` is on).

Made from the build's public data alone: the residences the site shows and
their public episodes, never the catalogue. So a draft, a withdrawn
recording or a residence with nothing public adds nothing, and there is no
name to leak: residence figures are counts, and the productions are counted,
not listed. Charts are SVG files beside the page (``bilan/<key>.svg``), drawn
again only when their numbers change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.build.site import labels
from pipeline.build.site.context import Frame, Link, Site, frame
from pipeline.plumbing import urls
from pipeline.services.bilan import Bilan, Part, Production, compute, people_phrase
from pipeline.services.bilan import charts as chart_module
from pipeline.services.bilan.charts import Chart, charts
from pipeline.services.bilan.export import number, sections

_CHARTS_CODE = Path(chart_module.__file__).read_bytes()


@dataclass(frozen=True)
class PublicChart:
    chart: Chart
    src: str  # relative link to its SVG file


@dataclass(frozen=True)
class PublicPart:
    part: Part
    link: Link | None  # the residence's own page
    dates: str
    lines: tuple[tuple[str, str, tuple], ...]  # (code, heading, counts) to show


@dataclass(frozen=True)
class BilanContext:
    frame: Frame
    phrase: str
    total: Part
    parts: tuple[PublicPart, ...]
    total_lines: tuple[tuple[str, str, tuple], ...]
    charts: tuple[PublicChart, ...]
    number: Callable[[int], str]


def public_bilan(site: Site) -> Bilan:
    productions = [Production(ep.residence, ep.series, ep.kind, ep.medium, ep.duration,
                              ep.audiences, ep.place.strip(), ep.themes, ep.year)
                   for ep in site.data.episodes]
    return compute(site.data.residences, site.data.series, productions, public=True)


def fingerprint_parts(site: Site) -> tuple:
    """What the page and its charts are made of, for their fingerprints."""
    b = public_bilan(site)
    return (b, _CHARTS_CODE)


def chart_fingerprint(chart: Chart) -> str:
    """Its numbers and the code that draws it: the same fingerprint, the same bytes."""
    from pipeline.build.site.pages import digest

    return digest(chart.key, chart.title, chart.rows, chart.columns, chart.values, _CHARTS_CODE)


def chart_files(site: Site) -> list[tuple[str, Chart]]:
    return [(urls.bilan_chart(c.key), c) for c in charts(public_bilan(site))]


def _lines(part: Part) -> tuple[tuple[str, str, tuple], ...]:
    # Places and themes are the residences' public ones; years and audiences too.
    return tuple((code, heading, lines) for code, heading, lines in sections(part, False)
                 if lines and code not in ("people", "productions"))


def bilan_context(site: Site) -> BilanContext:
    page = urls.BILAN_PAGE
    bilan = public_bilan(site)
    fr = frame(site, page, "Bilan des résidences",
               f"{people_phrase(bilan.total.people)} dans les résidences de l'archive.",
               current="bilan")
    parts = []
    for part in bilan.parts:
        res = site.residences.get(part.slug)
        link = Link(urls.relative(page, urls.residence_page(part.slug)), part.title) if res \
            else None
        parts.append(PublicPart(part, link, labels.date_range(part.start, part.end),
                                _lines(part)))
    drawn = tuple(PublicChart(c, urls.relative(page, urls.bilan_chart(c.key)))
                  for c in charts(bilan))
    return BilanContext(fr, people_phrase(bilan.total.people), bilan.total, tuple(parts),
                        _lines(bilan.total), drawn, number)
