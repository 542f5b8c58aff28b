"""Bar charts as inline SVG, drawn on the server with presentation attributes only.

The interface's Content-Security-Policy allows no inline ``style`` (``style-src
'self'``), and matplotlib's SVG writes its colours in ``style`` attributes, so
they would be dropped; a bar chart is a few rectangles, drawn here with
``fill``/``width`` attributes, which the policy allows. Each chart has a title
and a description for screen readers, and its figures are in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 44, 28, 12
BAR = "#1d4e89"
AXIS = "#5b6470"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def bar_chart(bars: list[Bar], *, title: str, chart_id: str) -> Markup:
    """An accessible SVG bar chart (role img, a title, a description of its figures)."""
    top = max((b.value for b in bars), default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">'
        + escape(", ".join(f"{b.label} : {b.value}" for b in bars)) + "</desc>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}" '
        f'stroke="{AXIS}" stroke-width="1"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" font-size="12" '
        f'fill="{AXIS}">{top}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="12" '
        f'fill="{AXIS}">0</text>',
    ]
    every = max(1, len(bars) // 12)
    for n, b in enumerate(bars):
        h = plot_h * b.value / top
        x = LEFT + n * step + step * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{h:.1f}" fill="{BAR}"/>')
        if n % every == 0:
            parts.append(f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
                         f'font-size="12" fill="{AXIS}">{escape(b.label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
