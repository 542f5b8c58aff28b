"""The bilan's charts: SVG drawn here by matplotlib, each with its figures as a table.

A chart is only a picture of numbers a screen reader cannot read, so each
``Chart`` carries the same numbers as rows and columns, and every page shows
that table beside the picture. The SVG is the same bytes for the same
numbers (no date, fixed ids), so a site rebuild rewrites nothing that did not
change. matplotlib is used without pyplot: no global figure state, safe in
the web server's threads.
"""

from __future__ import annotations

import functools
import io
import textwrap
from dataclasses import dataclass

from pipeline.services.bilan.export import number
from pipeline.services.bilan.model import Bilan, Part

# Okabe–Ito: told apart by colour-blind readers, dark enough on white.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "clea-bilan", "font.family": "DejaVu Sans",
          "font.size": 10, "axes.edgecolor": "#444444", "text.color": "#1a1a1a",
          "xtick.color": "#1a1a1a", "ytick.color": "#1a1a1a"}


@dataclass(frozen=True)
class Chart:
    key: str  # stable name: file stem on the public site, id on pages
    title: str  # French, the chart's heading
    rows: tuple[str, ...]  # what the bars are (residences, series)
    columns: tuple[str, ...]  # what is stacked in each bar
    values: tuple[tuple[int, ...], ...]  # values[row][column]

    @functools.cached_property
    def svg(self) -> bytes:
        """Drawn when first asked: a site rebuild that keeps the last drawing never draws."""
        return draw(list(self.rows), list(self.columns), [list(v) for v in self.values])

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.values)

    @property
    def alt(self) -> str:
        return f"Graphique en barres : {self.title.lower()}. Les chiffres sont dans le tableau."


def charts(bilan: Bilan) -> list[Chart]:
    """People involved and productions per residence; downloads per series when known."""
    parts = list(bilan.parts)
    out: list[Chart] = []
    if any(p.people for p in parts):
        people = [c for c in ("eleves", "habitants", "professionnels", "benevoles")
                  if any(p.figure(c) for p in parts)]
        labels = {c.code: c.label for p in parts for c in p.figures}
        out.append(_chart("personnes", "Personnes impliquées par résidence",
                          [p.title for p in parts], [labels[c] for c in people],
                          [[p.figure(c) or 0 for c in people] for p in parts]))
    if any(p.productions for p in parts):
        out.append(_chart("productions", "Productions par résidence",
                          [p.title for p in parts], ["Audio", "Vidéo"],
                          [[_medium(p, "audio"), _medium(p, "video")] for p in parts]))
    if bilan.listening and bilan.total.by_series_downloads:
        rows = bilan.total.by_series_downloads
        out.append(_chart("ecoutes", "Téléchargements par série", [c.label for c in rows],
                          ["Téléchargements"], [[c.value] for c in rows]))
    return out


def _medium(part: Part, medium: str) -> int:
    return next((c.value for c in part.by_medium if c.code == medium), 0)


def _chart(key: str, title: str, rows: list[str], columns: list[str],
           values: list[list[int]]) -> Chart:
    return Chart(key, title, tuple(rows), tuple(columns), tuple(tuple(v) for v in values))


def draw(rows: list[str], columns: list[str], values: list[list[int]]) -> bytes:
    """Horizontal stacked bars, the first row on top, each bar's total at its end."""
    # matplotlib is imported at the first chart, not with the module: the web
    # server imports this module at start and would hold some 40 MB for a page
    # few people open (its memory goal is 150 MB while receiving an upload).
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(_STYLE):
        height = 0.9 + 0.55 * len(rows) + (0.35 if len(columns) > 1 else 0)
        fig = Figure(figsize=(7.2, height), layout="constrained")
        ax = fig.add_subplot()
        positions = list(range(len(rows)))[::-1]
        left = [0] * len(rows)
        for n, name in enumerate(columns):
            widths = [row[n] for row in values]
            ax.barh(positions, widths, left=left, color=COLOURS[n % len(COLOURS)],
                    label=_plain(name), height=0.62)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        biggest = max(left) if left and max(left) > 0 else 1
        for y, total in zip(positions, left, strict=True):
            ax.text(total + biggest * 0.01, y, number(total).replace("\u00a0", " "),
                    va="center", fontsize=9)
        ax.set_yticks(positions, [_plain(textwrap.fill(r, 34)) for r in rows])
        ax.set_xlim(0, biggest * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if len(columns) > 1:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08 - 0.1 / len(rows)),
                      ncols=min(len(columns), 4), frameon=False)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _plain(text: str) -> str:
    # A "$" would start matplotlib's mathtext; residence titles are plain text.
    return text.replace("$", r"\$")
