"""The « Bilan » page: figures and productions per residence and in total, with
charts, their tables, and the same bilan to download as CSV or ODS.

Every logged-in account may read it (it holds counts only); the numbers come
from the same library call as ``clea bilan`` (``Library.bilan``), listening
figures included once access logs were imported.
"""

from __future__ import annotations

import base64
from datetime import date

from flask import Blueprint, Response, render_template, request

from pipeline.services.bilan import people_phrase, render
from pipeline.services.bilan.charts import charts
from pipeline.services.bilan.export import CSV_TYPE, ODS_TYPE, number, sections
from pipeline.web.context import library

bp = Blueprint("bilan", __name__)
_TYPES = {"csv": CSV_TYPE, "ods": ODS_TYPE}


def _filters() -> tuple[int | None, str | None, dict[str, str]]:
    """The year and residence asked for, and the refusals, by field, in French."""
    errors: dict[str, str] = {}
    raw_year = (request.args.get("annee") or "").strip()
    year = None
    if raw_year:
        if raw_year.isdigit() and 1900 <= int(raw_year) <= 2999:
            year = int(raw_year)
        else:
            errors["annee"] = f"« {raw_year} » n'est pas une année (par exemple 2025)."
    slug = (request.args.get("residence") or "").strip() or None
    if slug is not None and slug not in {r.slug for r in library().residences()}:
        errors["residence"] = "Cette résidence n'existe pas."
        slug = None
    return year, slug, errors


def _years() -> list[int]:
    return library().years() or [date.today().year]


@bp.route("/bilan")
def page():
    year, slug, errors = _filters()
    lib = library()
    bilan = lib.bilan(year=year, residence=slug)
    drawn = [(chart, "data:image/svg+xml;base64," + base64.b64encode(chart.svg).decode("ascii"))
             for chart in charts(bilan)]
    query = {k: v for k, v in (("annee", year), ("residence", slug)) if v}
    return render_template(
        "bilan.html", bilan=bilan, charts=drawn, errors=errors, years=_years(),
        residences=lib.residences(), year=year, slug=slug, query=query,
        phrase=people_phrase(bilan.total.people), number=number,
        sections=lambda part: list(sections(part, bilan.listening)),
    ), (400 if errors else 200)


@bp.route("/bilan.<fmt>")
def download(fmt: str):
    if fmt not in _TYPES:
        return Response("Format inconnu : CSV ou ODS.", status=404, mimetype="text/plain")
    year, slug, errors = _filters()
    if errors:
        return Response(" ".join(errors.values()), status=400,
                        mimetype="text/plain; charset=utf-8")
    bilan = library().bilan(year=year, residence=slug)
    name = "-".join(["bilan", *([slug] if slug else []), *([str(year)] if year else [])])
    response = Response(render(bilan, fmt), mimetype=_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
