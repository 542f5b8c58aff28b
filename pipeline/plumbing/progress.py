"""Progress bars for long work, on stderr, only when a person is watching.

tqdm hides itself when stderr is not a terminal, so scripts and tests see
only the one-line messages the contract promises.

A bar's label is written in English and marked ``N_`` where the bar is made;
it is translated here, in the language the command line chose
(``i18n.activate``): a bar is only ever drawn for a person at a terminal.
"""

from __future__ import annotations

import gettext

from tqdm import tqdm

from pipeline.plumbing.i18n import DOMAIN


def bar(total: int | float | None, desc: str, *, unit: str = "B", leave: bool = False) -> tqdm:
    scale = unit == "B"
    return tqdm(total=total, desc=gettext.dgettext(DOMAIN, desc), unit=unit, unit_scale=scale,
                unit_divisor=1024 if scale else 1000, leave=leave, disable=None,
                dynamic_ncols=True)
