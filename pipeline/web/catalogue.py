"""Residences and series: lists, create and edit forms, series covers.

The same catalogue methods as ``clea residence …`` and ``clea series …``;
a cover is checked and staged by ``stage_sidecar`` as ``--cover`` is.
"""

from __future__ import annotations

import contextlib

from flask import Blueprint, abort, flash, render_template, request, url_for

from archive import AUDIO, VIDEO, ClearError, parse_date
from archive.vocabulary import FIGURES
from media import MediaError
from pipeline.services.ingest import stage_sidecar
from pipeline.web.context import actor, catalogue
from pipeline.web.forms import FormErrors, split_list
from pipeline.web.messages import refusal
from pipeline.web.responses import done, picture_type, refused, stored_file
from pipeline.web.uploads import received

bp = Blueprint("catalogue", __name__)


# -- residences ------------------------------------------------------------------------


@bp.route("/residences")
def residences():
    cat = catalogue()
    return render_template("residences.html", residences=cat.residences(),
                           series_list=cat.series_list())


@bp.route("/residences/ajouter", methods=["GET", "POST"])
def residence_add():
    if request.method == "GET":
        return render_template("residence_form.html", residence=None, values={}, errors={})
    form = request.form
    errors = FormErrors()
    try:
        r = catalogue().add_residence(form.get("slug", "").strip(), form.get("title", ""),
                                      actor=actor(), **_residence_values(form))
    except ClearError as exc:
        errors.add(*refusal(exc))
        return refused("residence_form.html", errors, residence=None, values=form)
    flash(f"Résidence « {r.title} » créée.")
    return done(url_for("catalogue.residences"))


@bp.route("/residences/<slug>/modifier", methods=["GET", "POST"])
def residence_edit(slug: str):
    cat = catalogue()
    try:
        residence = cat.residence(slug)
    except ClearError:
        abort(404)
    if request.method == "GET":
        values = {"title": residence.title, "kind": residence.kind,
                  "description": residence.description,
                  "artists": "\n".join(residence.artists), "places": "\n".join(residence.places),
                  "themes": "\n".join(residence.themes),
                  "start": residence.start.isoformat() if residence.start else "",
                  "end": residence.end.isoformat() if residence.end else "",
                  **{f"figure-{code}": str(value) for code, value in residence.figures}}
        return render_template("residence_form.html", residence=residence, values=values,
                               errors={})
    form = request.form
    errors = FormErrors()
    try:
        cat.edit_residence(slug, title=form.get("title", ""), actor=actor(),
                           **_residence_values(form))
    except ClearError as exc:
        errors.add(*refusal(exc))
        return refused("residence_form.html", errors, residence=residence, values=form)
    flash("Résidence modifiée.")
    return done(url_for("catalogue.residences"))


def _residence_values(form) -> dict:
    return {
        "kind": form.get("kind") or "residence-mission",
        "description": (form.get("description") or "").replace("\r\n", "\n"),
        "artists": split_list(form.get("artists")),
        "places": split_list(form.get("places")),
        "themes": split_list(form.get("themes")),
        "start": parse_date(form.get("start"), "start date"),
        "end": parse_date(form.get("end"), "end date"),
        # Every field of the form: an emptied one removes that figure.
        "figures": {code: form.get(f"figure-{code}", "") for code in FIGURES},
    }


# -- series ------------------------------------------------------------------------------


@bp.route("/series")
def series_index():
    cat = catalogue()
    counts = {}
    for item in cat.items():
        counts[item.series] = counts.get(item.series, 0) + 1
    return render_template("series.html", series_list=cat.series_list(), counts=counts)


@bp.route("/series/ajouter", methods=["GET", "POST"])
def series_add():
    cat = catalogue()
    if request.method == "GET":
        return render_template("series_form.html", series=None, errors={},
                               values={"numbered": True, "medium": AUDIO},
                               residences=cat.residences())
    form = request.form
    errors = FormErrors()
    cover = received(request.files.get("cover"))
    medium = form.get("medium") if form.get("medium") in (AUDIO, VIDEO) else AUDIO
    try:
        with contextlib.ExitStack() as stack:
            staged = stage_sidecar(cat, cover.path, "cover", stack) if cover else None
            s = cat.add_series(
                form.get("slug", "").strip(), form.get("title", ""), medium=medium,
                residence=form.get("residence") or None,
                description=(form.get("description") or "").replace("\r\n", "\n"),
                cover=staged, numbered=bool(form.get("numbered")),
                category=form.get("category") or "Education", actor=actor())
    except (ClearError, MediaError) as exc:
        errors.add(*refusal(exc, {str(cover.path): "cover"} if cover else {}))
        return refused("series_form.html", errors, series=None, values=form,
                       residences=cat.residences())
    flash(f"Série « {s.title} » créée.")
    return done(url_for("catalogue.series_index"))


@bp.route("/series/<slug>/modifier", methods=["GET", "POST"])
def series_edit(slug: str):
    cat = catalogue()
    try:
        series = cat.series(slug)
    except ClearError:
        abort(404)
    if request.method == "GET":
        values = {"title": series.title, "description": series.description,
                  "residence": series.residence or "", "numbered": series.numbered,
                  "category": series.category, "medium": series.medium}
        return render_template("series_form.html", series=series, values=values, errors={},
                               residences=cat.residences())
    form = request.form
    errors = FormErrors()
    cover = received(request.files.get("cover"))
    try:
        with contextlib.ExitStack() as stack:
            staged = stage_sidecar(cat, cover.path, "cover", stack) if cover else None
            cat.edit_series(
                slug, title=form.get("title", ""),
                description=(form.get("description") or "").replace("\r\n", "\n"),
                residence=form.get("residence") or None, cover=staged,
                numbered=bool(form.get("numbered")),
                category=form.get("category") or None, actor=actor())
    except (ClearError, MediaError) as exc:
        errors.add(*refusal(exc, {str(cover.path): "cover"} if cover else {}))
        return refused("series_form.html", errors, series=series, values=form,
                       residences=cat.residences())
    flash("Série modifiée.")
    return done(url_for("catalogue.series_index"))


@bp.route("/series/<slug>/couverture")
def series_cover(slug: str):
    cat = catalogue()
    try:
        series = cat.series(slug)
    except ClearError:
        abort(404)
    if not series.cover_sha:
        abort(404)
    path = cat.original_path(series.cover_sha)
    return stored_file(path, picture_type(path))
