"""Reading the listening figures: totals per series, figures by a dimension, charts.

Plain functions over a Catalogue returning records, for ``clea stats``, the
*Écoutes* page and the bilan alike. Days are UTC days, as counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from archive import Catalogue, ClearError, listening
from archive.errors import N_

DIMENSIONS = ("episode", "series", "residence", "month", "app")
NO_RESIDENCE = "Sans résidence"

_SELECT = (
    "SELECT {key} AS key, {label} AS label, SUM(l.downloads) AS downloads"
    " FROM listening_daily l JOIN items i ON i.id = l.item_id"
    " JOIN series s ON s.id = i.series_id LEFT JOIN residences r ON r.id = s.residence_id"
)
_BY = {
    "episode": ("i.slug", "i.title"),
    "series": ("s.slug", "s.title"),
    "residence": ("COALESCE(r.slug, '')", f"COALESCE(r.title, '{NO_RESIDENCE}')"),
    "month": ("substr(l.day, 1, 7)", "substr(l.day, 1, 7)"),
    "app": ("l.app", "l.app"),
}


@dataclass(frozen=True)
class FigureRow:
    key: str  # slug, YYYY-MM or app name
    label: str  # title, YYYY-MM or app name
    downloads: int


@dataclass(frozen=True)
class Figures:
    by: str
    start: date | None
    end: date | None
    rows: tuple[FigureRow, ...]

    @property
    def total(self) -> int:
        return sum(r.downloads for r in self.rows)


@dataclass(frozen=True)
class SeriesChart:
    """One series' downloads per month, every month of the period (zeros included)."""

    slug: str
    title: str
    months: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.months)


def _where(start: date | None, end: date | None) -> tuple[str, list]:
    if start and end and end < start:
        raise ClearError(N_("the period ends ({end}) before it starts ({start})"),
                         code="stats.bad-period", field="to", start=start.isoformat(),
                         end=end.isoformat())
    clauses, params = [], []
    if start:
        clauses.append("l.day >= ?")
        params.append(start.isoformat())
    if end:
        clauses.append("l.day <= ?")
        params.append(end.isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def figures(cat: Catalogue, *, by: str = "episode", start: date | None = None,
            end: date | None = None) -> Figures:
    """Downloads grouped ``by`` one of DIMENSIONS, between ``start`` and ``end`` included."""
    if by not in _BY:
        raise ClearError(N_("cannot group by {by}: choose one of {choices}"),
                         code="stats.bad-dimension", field="by", by=by,
                         choices=", ".join(DIMENSIONS))
    key, label = _BY[by]
    where, params = _where(start, end)
    order = "key" if by == "month" else "downloads DESC, label"
    rows = cat.conn.execute(_SELECT.format(key=key, label=label) + where
                            + f" GROUP BY key ORDER BY {order}", params).fetchall()
    return Figures(by, start, end, tuple(FigureRow(r["key"], r["label"], r["downloads"])
                                         for r in rows))


def totals(cat: Catalogue, *, year: int | None = None,
           residence: str | None = None) -> dict[str, int]:
    """Downloads per series slug (for the bilan), in ``year`` and of ``residence`` if given."""
    clauses, params = [], []
    if year is not None:
        clauses.append("substr(l.day, 1, 4) = ?")
        params.append(f"{int(year):04d}")
    if residence is not None:
        cat.residence(residence)  # refuses an unknown slug
        clauses.append("r.slug = ?")
        params.append(residence)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = cat.conn.execute(_SELECT.format(key="s.slug", label="s.title") + where
                            + " GROUP BY key ORDER BY key", params)
    return {r["key"]: r["downloads"] for r in rows}


def imported_any(cat: Catalogue) -> bool:
    """Whether access logs were ever imported (``clea stats import``)."""
    return listening.any_imported(cat.conn)


def series_charts(cat: Catalogue, *, start: date | None = None,
                  end: date | None = None) -> list[SeriesChart]:
    """Per series with downloads in the period, its downloads month by month."""
    where, params = _where(start, end)
    rows = cat.conn.execute(
        "SELECT s.slug, s.title, substr(l.day, 1, 7) AS month, SUM(l.downloads) AS n"
        " FROM listening_daily l JOIN items i ON i.id = l.item_id"
        " JOIN series s ON s.id = i.series_id" + where
        + " GROUP BY s.slug, month ORDER BY s.title, month", params).fetchall()
    if not rows:
        return []
    months = _months(min(r["month"] for r in rows), max(r["month"] for r in rows))
    by_series: dict[str, tuple[str, dict[str, int]]] = {}
    for r in rows:
        by_series.setdefault(r["slug"], (r["title"], {}))[1][r["month"]] = r["n"]
    return [SeriesChart(slug, title, tuple((m, counts.get(m, 0)) for m in months))
            for slug, (title, counts) in by_series.items()]


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
