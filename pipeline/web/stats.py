"""*Écoutes*: the listening figures counted from access logs, per series and as a table.

Reading only; every account may see it (the figures are counts, never a
listener). Imports are made with ``clea stats import`` on the server.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from archive import ClearError, parse_date
from pipeline.services.stats import DIMENSIONS, figures, series_charts
from pipeline.web.charts import Bar, bar_chart
from pipeline.web.context import catalogue
from pipeline.web.messages import refusal

bp = Blueprint("stats", __name__)

BY_LABELS = {"episode": "Épisode", "series": "Série", "residence": "Résidence",
             "month": "Mois", "app": "Application"}
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
          "nov.", "déc.")


def month_label(key: str) -> str:
    """``2025-11`` → ``nov. 2025``."""
    return f"{MONTHS[int(key[5:7]) - 1]} {key[:4]}"


@bp.route("/ecoutes")
def index():
    cat = catalogue()
    by = request.args.get("par", "series")
    by = by if by in DIMENSIONS else "series"
    values = {"par": by, "du": request.args.get("du", ""), "au": request.args.get("au", "")}
    errors: dict[str, str] = {}
    try:
        start = parse_date(values["du"] or None, "start date")
        end = parse_date(values["au"] or None, "end date")
        table = figures(cat, by=by, start=start, end=end)
        charts = series_charts(cat, start=start, end=end)
    except ClearError as exc:
        name, message = refusal(exc, page="stats")
        errors[name if name in ("du", "au") else "au"] = message
        table, charts, status = None, [], 400
    else:
        status = 200
    drawn = [(c, bar_chart([Bar(month_label(m), n) for m, n in c.months],
                           title=f"Téléchargements par mois : {c.title}",
                           chart_id=f"graphique-{c.slug}")) for c in charts]
    return render_template("stats.html", table=table, charts=drawn, values=values,
                           errors=errors, by_labels=BY_LABELS, month_label=month_label), status
