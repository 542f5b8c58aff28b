"""Residences and series: lists, create and edit forms, series covers.

The same ``Library`` methods as ``clea residence …`` and ``clea series …``;
a cover is checked and staged there as ``--cover`` is, an intro or outro as
``--intro``/``--outro`` are.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, render_template, request, url_for

from archive import AUDIO, ClearError, parse_date
from archive.model import MEDIA
from archive.vocabulary import FIGURES
from media import MediaError
from pipeline.api import JingleFile, NewSeries, ResidenceValues, SeriesChanges
from pipeline.web.context import library
from pipeline.web.forms import FormErrors, split_list
from pipeline.web.messages import refusal
from pipeline.web.responses import done, media_type, picture_type, refused, stored_file
from pipeline.web.uploads import received

bp = Blueprint("catalogue", __name__)


# -- residences ------------------------------------------------------------------------


@bp.route("/residences")
def residences():
    lib = library()
    residences = lib.residences()
    locked = {r.slug for r in residences if not lib.may_change("residence", r.slug)}
    return render_template("residences.html", residences=residences,
                           series_list=lib.series_list(), locked=locked)


@bp.route("/residences/ajouter", methods=["GET", "POST"])
def residence_add():
    if request.method == "GET":
        return render_template("residence_form.html", residence=None, values={}, errors={})
    form = request.form
    errors = FormErrors()
    try:
        values = {"title": "", **_residence_values(form)}
        r = library().add_residence(form.get("slug", "").strip(), ResidenceValues(**values))
    except ClearError as exc:
        errors.add(*refusal(exc))
        return refused("residence_form.html", errors, residence=None, values=form)
    flash(f"Résidence « {r.title} » créée.")
    return done(url_for("catalogue.residences"))


@bp.route("/residences/<slug>/modifier", methods=["GET", "POST"])
def residence_edit(slug: str):
    lib = library()
    try:
        residence = lib.residence(slug)
    except ClearError:
        abort(404)
    if not lib.may_change("residence", slug):
        abort(403)
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
        lib.edit_residence(slug, ResidenceValues(**_residence_values(form)))
    except ClearError as exc:
        errors.add(*refusal(exc))
        return refused("residence_form.html", errors, residence=residence, values=form)
    flash("Résidence modifiée.")
    return done(url_for("catalogue.residences"))


def _residence_values(form) -> dict:
    """The residence form's fields, only those the post carries (an edit leaves
    the others as they are; a new residence gets the library's defaults)."""
    readers = {
        "title": lambda v: v,
        "kind": lambda v: v or None,  # none chosen: the default, or the kind it has
        "description": lambda v: v.replace("\r\n", "\n"),
        "artists": split_list, "places": split_list, "themes": split_list,
        "start": lambda v: parse_date(v, "start date"),
        "end": lambda v: parse_date(v, "end date"),
    }
    values = {name: read(form[name]) for name, read in readers.items() if name in form}
    # A figure field carried empty removes that figure; one not carried is kept.
    figures = {code: form[f"figure-{code}"] for code in FIGURES if f"figure-{code}" in form}
    if figures:
        values["figures"] = figures
    return values


# -- series ------------------------------------------------------------------------------


@bp.route("/series")
def series_index():
    lib = library()
    series_list = lib.series_list()
    locked = {s.slug for s in series_list if not lib.may_change("series", s.slug)}
    return render_template("series.html", series_list=series_list, counts=lib.series_counts(),
                           locked=locked)


@bp.route("/series/ajouter", methods=["GET", "POST"])
def series_add():
    lib = library()
    if request.method == "GET":
        return render_template("series_form.html", series=None, errors={},
                               values={"numbered": True, "medium": AUDIO},
                               residences=lib.residences())
    form = request.form
    errors = FormErrors()
    cover = received(request.files.get("cover"))
    medium = form.get("medium") if form.get("medium") in MEDIA else AUDIO
    try:
        s = lib.add_series(NewSeries(
            form.get("slug", "").strip(), form.get("title", ""), medium=medium,
            residence=form.get("residence") or None,
            description=(form.get("description") or "").replace("\r\n", "\n"),
            cover=cover.path if cover else None, numbered=bool(form.get("numbered")),
            category=form.get("category") or ""))
    except (ClearError, MediaError) as exc:
        errors.add(*refusal(exc, {str(cover.path): "cover"} if cover else {}))
        return refused("series_form.html", errors, series=None, values=form,
                       residences=lib.residences())
    flash(f"Série « {s.title} » créée.")
    return done(url_for("catalogue.series_index"))


@bp.route("/series/<slug>/modifier", methods=["GET", "POST"])
def series_edit(slug: str):
    lib = library()
    try:
        series = lib.series(slug)
    except ClearError:
        abort(404)
    if not lib.may_change("series", slug):
        abort(403)
    if request.method == "GET":
        values = {"title": series.title, "description": series.description,
                  "residence": series.residence or "", "numbered": series.numbered,
                  "category": series.category, "medium": series.medium}
        return render_template("series_form.html", series=series, values=values, errors={},
                               residences=lib.residences())
    form = request.form
    errors = FormErrors()
    cover = received(request.files.get("cover"))
    uploads = {which: received(request.files.get(which)) for which in ("intro", "outro")}
    subjects = {str(up.name): which for which, up in uploads.items() if up}
    if cover:
        subjects[str(cover.path)] = "cover"
    try:
        jingles = {which: JingleFile(up.path, up.name) if up else None
                   for which, up in uploads.items()}
        lib.edit_series(slug, SeriesChanges(
            cover=cover.path if cover else None, **jingles,
            no_intro=bool(form.get("no_intro")), no_outro=bool(form.get("no_outro")),
            **_series_changes(form)))
    except (ClearError, MediaError) as exc:
        errors.add(*refusal(exc, subjects))
        return refused("series_form.html", errors, series=series, values=form,
                       residences=lib.residences())
    flash("Série modifiée.")
    return done(url_for("catalogue.series_index"))


def _series_changes(form) -> dict:
    """The series form's fields that the post carries; the others stay as they are.

    The « numbered » box sends nothing when unticked: the form's hidden
    ``numbered`` field (value 0) says the box was there.
    """
    changes: dict = {}
    if "title" in form:
        changes["title"] = form["title"]
    if "description" in form:
        changes["description"] = form["description"].replace("\r\n", "\n")
    if "residence" in form:
        changes["residence"] = form["residence"] or ""
    if "numbered" in form:
        changes["numbered"] = "1" in form.getlist("numbered")
    if form.get("category"):
        changes["category"] = form["category"]
    return changes


@bp.route("/series/<slug>/generique/<which>")
def series_jingle(slug: str, which: str):
    """The intro or outro as given (the original), to listen to in the form."""
    lib = library()
    try:
        series = lib.series(slug)
    except ClearError:
        abort(404)
    sha = {"debut": series.intro_sha, "fin": series.outro_sha}.get(which)
    if not sha:
        abort(404)
    return stored_file(lib.original_path(sha), media_type(lib.original(sha)))


@bp.route("/series/<slug>/couverture")
def series_cover(slug: str):
    lib = library()
    try:
        series = lib.series(slug)
    except ClearError:
        abort(404)
    if not series.cover_sha:
        abort(404)
    path = lib.original_path(series.cover_sha)
    return stored_file(path, picture_type(path))
