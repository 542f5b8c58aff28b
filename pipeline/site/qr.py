"""QR codes of permanent links, as printable SVG, through segno.

The mask is fixed rather than chosen by segno's penalty search: every mask
gives a valid code that phones read, and the search costs five times the rest
of the work (about 3 ms a code), which is most of a 10,000-item build.
"""

from __future__ import annotations

import io

import segno

from archive import ClearError

SCALE, BORDER = 8, 4


def qr_svg(url: str, title: str) -> bytes:
    """A standalone SVG of ``url``, dark on white, with a quiet zone and a <title>."""
    try:
        code = segno.make(url, error="m", mask=0, micro=False, boost_error=False)
    except (segno.DataOverflowError, ValueError) as exc:
        raise ClearError(f"cannot make a QR code for {url!r}: {exc}") from exc
    out = io.BytesIO()
    code.save(out, kind="svg", scale=SCALE, border=BORDER, dark="#000", light="#fff",
              xmldecl=True, title=title, desc=url, svgclass=None, lineclass=None, omitsize=True)
    # A viewBox lets a page or a printer scale it; width and height give its natural size.
    side = code.symbol_size(scale=SCALE, border=BORDER)[0]
    return out.getvalue().replace(b"<svg ", f'<svg width="{side}" height="{side}" '.encode(), 1)
