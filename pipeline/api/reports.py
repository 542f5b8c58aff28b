"""The bilan for the funders: the catalogue's figures, with listening when logs were imported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.services.bilan import Bilan, check_year, from_catalogue
from pipeline.services.stats import imported_any, totals

if TYPE_CHECKING:
    from pipeline.api.library import Library


class Reports:
    """The bilan of ``Library``."""

    def bilan(self: Library, *, year: int | None = None,
              residence: str | None = None) -> Bilan:
        """The bilan (one year, one residence if asked), with the downloads per series
        counted from access logs in the same year and residence once any log was
        imported (``clea stats import``); without logs it has no listening part."""
        cat = self.catalogue
        if residence is not None:
            cat.residence(residence)  # refuses an unknown slug before counting anything
        check_year(year)
        listening = totals(cat, year=year, residence=residence) if imported_any(cat) else None
        return from_catalogue(cat, year=year, residence=residence, listening=listening)
