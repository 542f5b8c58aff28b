"""The recordings: list, page, add, edit, clear, withdraw, and the original itself.

Each action calls the library function the command line calls (``add_recording``,
``Catalogue.edit_item``, ``Catalogue.set_status``) with the account's name as
the actor, so the item's history says who did what.
"""

from __future__ import annotations

import contextlib

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from archive import CLEARED, WITHDRAWN, Attachments, ClearError, ItemFilter
from archive.vocabulary import AUDIENCES, STATUSES
from media import MediaError
from pipeline.plumbing.views import item_json
from pipeline.services.ingest import Recording, add_recording, stage_sidecar
from pipeline.web.auth import responsable_only
from pipeline.web.context import actor, catalogue, role
from pipeline.web.forms import FormErrors, item_changes, item_fields, item_values
from pipeline.web.messages import refusal, said
from pipeline.web.responses import done, media_type, refused, stored_file
from pipeline.web.uploads import Upload, received

bp = Blueprint("items", __name__)
SIDE_FILES = ("transcript", "chapters", "cover")


@bp.route("/")
def home():
    return redirect(url_for("items.index"))


@bp.route("/enregistrements")
def index():
    cat = catalogue()
    where = ItemFilter(
        series=request.args.get("serie") or None,
        status=request.args.get("statut") if request.args.get("statut") in STATUSES else None,
        audience=request.args.get("public") if request.args.get("public") in AUDIENCES else None,
        search=request.args.get("q", "").strip() or None,
    )
    try:
        items = cat.items(where)
    except ClearError as exc:  # a search longer than anyone types
        return render_template("error.html", code=400, message=said(exc)), 400
    return render_template("items.html", items=items, where=where,
                           series_list=cat.series_list())


@bp.route("/enregistrements/<slug>")
def show(slug: str):
    cat = catalogue()
    item = _item_or_404(slug)
    return render_template("item.html", item=item, history=cat.history(slug),
                           series=cat.series(item.series))


@bp.route("/enregistrements/<slug>.json")
def show_json(slug: str):
    item = _item_or_404(slug)
    return jsonify(item_json(item, catalogue().history(slug)))


@bp.route("/enregistrements/<slug>/original")
def original(slug: str):
    item = _item_or_404(slug)
    return stored_file(catalogue().original_path(item.original.sha256), media_type(item.original))


@bp.route("/enregistrements/ajouter", methods=["GET", "POST"])
def add():
    cat = catalogue()
    if request.method == "GET":
        return _form_page(None, item_values(), {})
    form = request.form
    cleared = bool(form.get("cleared"))
    if cleared and not g.user.is_responsable:
        abort(403)
    errors = FormErrors()
    upload = received(request.files.get("file"))
    side = {kind: received(request.files.get(kind)) for kind in SIDE_FILES}
    if upload is None:
        errors.add("file", "Choisissez le fichier audio ou vidéo à ajouter.")
    if not form.get("series"):
        errors.add("series", "Choisissez une série.")
    if not errors and upload is not None:
        subjects = _subjects(side, {upload.name: "file"})
        try:
            item = add_recording(cat, Recording(
                file=upload.path, series=form["series"], fields=item_fields(form),
                cleared=cleared, form_ref=form.get("form_ref", "").strip(), name=upload.name,
                sha256=upload.sha256,
                **{kind: up.path for kind, up in side.items() if up}), actor=actor(),
                role=role())
        except (ClearError, MediaError) as exc:
            errors.add(*refusal(exc, subjects))
        else:
            flash(f"« {item.title} » a été ajouté ({'validé' if cleared else 'brouillon'}).")
            return done(url_for("items.show", slug=item.slug))
    return refused("item_form.html", errors, item=None, values=item_values(form=form),
                   series_list=cat.series_list())


@bp.route("/enregistrements/<slug>/modifier", methods=["GET", "POST"])
def edit(slug: str):
    cat = catalogue()
    item = _item_or_404(slug)
    if request.method == "GET":
        return _form_page(item, item_values(item), {})
    form = request.form
    errors = FormErrors()
    side = {kind: received(request.files.get(kind)) for kind in SIDE_FILES}
    series = form.get("series") or None
    try:
        changes = item_changes(form, item)
        with contextlib.ExitStack() as stack:
            attachments = Attachments(**{
                kind: stage_sidecar(cat, up.path, kind, stack, item.original.duration)
                for kind, up in side.items() if up})
            moved = series if series and series != item.series else None
            if not changes and not moved and not any(vars(attachments).values()):
                flash("Rien n'a changé.")
                return done(url_for("items.show", slug=slug))
            edited = cat.edit_item(slug, changes, attachments=attachments, series=moved,
                                   actor=actor(), role=role())
    except (ClearError, MediaError) as exc:
        errors.add(*refusal(exc, _subjects(side, {})))
        return refused("item_form.html", errors, item=item, values=item_values(form=form),
                       series_list=cat.series_list())
    if edited.status != item.status:
        flash("Modifications enregistrées. L'enregistrement repasse en brouillon : "
              "un·e responsable doit valider de nouveau les droits avant la prochaine "
              "publication.")
    else:
        flash("Modifications enregistrées.")
    return done(url_for("items.show", slug=slug))


@bp.route("/enregistrements/<slug>/valider", methods=["POST"])
@responsable_only
def clear(slug: str):
    _item_or_404(slug)
    return _set_status(slug, CLEARED, form_ref=request.form.get("form_ref", "").strip(),
                       message="Droits validés : il sera publié à la prochaine publication.")


@bp.route("/enregistrements/<slug>/retirer", methods=["POST"])
@responsable_only
def withdraw(slug: str):
    _item_or_404(slug)
    return _set_status(slug, WITHDRAWN, note=request.form.get("note", "").strip(),
                       message="Retiré : il quittera le site et les flux à la prochaine "
                               "publication.")


def _set_status(slug: str, status: str, *, message: str, form_ref: str = "", note: str = ""):
    try:
        catalogue().set_status(slug, status, form_ref=form_ref, note=note, actor=actor(),
                               role=role())
    except ClearError as exc:
        flash(said(exc), "error")
    else:
        flash(message)
    return redirect(url_for("items.show", slug=slug))


def _form_page(item, values: dict, errors: dict):
    return render_template("item_form.html", item=item, values=values, errors=errors,
                           series_list=catalogue().series_list())


def _subjects(side: dict[str, Upload | None], base: dict[str, str]) -> dict[str, str]:
    # The library names a side file by the path it was given: our temporary path.
    return {**base, **{str(up.path): kind for kind, up in side.items() if up}}


def _item_or_404(slug: str):
    try:
        return catalogue().item(slug)
    except ClearError:
        abort(404)
