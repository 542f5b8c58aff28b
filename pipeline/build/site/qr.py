"""QR codes of permanent links, as printable SVG, through segno.

segno encodes; the SVG is drawn here from its module matrix, one path of
horizontal runs, because segno's own writer walks the matrix module by
module in Python and cost twice the encoding on a 10,000-item build. The
mask is fixed rather than chosen by segno's penalty search: every mask gives
a valid code that phones read, and the search costs five times the encoding.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import segno

from archive import N_, ClearError

SCALE, BORDER = 8, 4  # px per module; quiet zone in modules (the standard asks 4)
_DARK = re.compile(rb"[^\x00]+")


def qr_matrix(url: str) -> tuple[bytearray, ...]:
    """The modules of ``url``'s code, rows of 0 (light) and non-zero (dark)."""
    try:
        return segno.make(url, error="m", mask=0, micro=False, boost_error=False).matrix
    except (segno.DataOverflowError, ValueError) as exc:
        raise ClearError(N_("cannot make a QR code for {url!r}: {error}"), code="site.qr-failed",
                         url=url, error=str(exc)) from exc


def qr_svg(url: str, title: str) -> bytes:
    """A standalone SVG of ``url``, dark on white, with a quiet zone, a <title> and <desc>."""
    matrix = qr_matrix(url)
    side = len(matrix) + 2 * BORDER
    runs = []
    for y, row in enumerate(matrix):
        for run in _DARK.finditer(bytes(row)):
            runs.append(f"M{run.start() + BORDER} {y + BORDER}h{run.end() - run.start()}v1h"
                        f"-{run.end() - run.start()}z")
    px = side * SCALE
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" '
            f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
            f"<title>{escape(title)}</title><desc>{escape(url)}</desc>"
            f'<rect width="{side}" height="{side}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(runs)}"/></svg>\n').encode()


def qr_svgs(pairs: list[tuple[str, str]]) -> list[bytes]:
    """``qr_svg`` for a batch of (url, title): one call per worker process."""
    return [qr_svg(url, title) for url, title in pairs]
