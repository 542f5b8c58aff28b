"""Listening figures from access logs, counted the IAB way, kept as daily counts only.

``import_logs`` reads logs and adds their downloads; ``figures``, ``totals``
and ``series_charts`` read them back (the CLI, the *Écoutes* page, the bilan).
"""

from pipeline.services.stats.importer import ImportReport, LogReport, import_logs, total_bytes
from pipeline.services.stats.queries import (
    DIMENSIONS,
    FigureRow,
    Figures,
    SeriesChart,
    figures,
    imported_any,
    series_charts,
    totals,
)

__all__ = ["DIMENSIONS", "FigureRow", "Figures", "ImportReport", "LogReport", "SeriesChart",
           "figures", "import_logs", "imported_any", "series_charts", "total_bytes", "totals"]
