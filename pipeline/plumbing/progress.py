"""Progress bars for long work, on stderr, only when a person is watching.

tqdm hides itself when stderr is not a terminal, so scripts and tests see
only the one-line messages the contract promises.
"""

from __future__ import annotations

from tqdm import tqdm


def bar(total: int | float | None, desc: str, *, unit: str = "B", leave: bool = False) -> tqdm:
    scale = unit == "B"
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=scale, unit_divisor=1024 if scale
                else 1000, leave=leave, disable=None, dynamic_ncols=True)
