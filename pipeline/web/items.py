"""The recordings: list, page, add, edit, clear, withdraw, and the original itself.

Each action calls the ``Library`` method the command line calls (``add``,
``edit``, ``clear``, ``withdraw``) for the logged-in account, so the item's
history says who did what and the account's role bounds what it may do.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from archive import ClearError, ItemFilter
from archive.vocabulary import AUDIENCES, STATUSES
from media import MediaError
from pipeline.api import ItemChanges, NewRecording, SideFiles
from pipeline.plumbing.views import item_json
from pipeline.web.auth import responsable_only
from pipeline.web.context import library
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
    lib = library()
    where = ItemFilter(
        series=request.args.get("serie") or None,
        status=request.args.get("statut") if request.args.get("statut") in STATUSES else None,
        audience=request.args.get("public") if request.args.get("public") in AUDIENCES else None,
        search=request.args.get("q", "").strip() or None,
    )
    try:
        items = lib.items(where)
    except ClearError as exc:  # a search longer than anyone types
        return render_template("error.html", code=400, message=said(exc)), 400
    return render_template("items.html", items=items, where=where,
                           series_list=lib.series_list())


@bp.route("/enregistrements/<slug>")
def show(slug: str):
    view = _view_or_404(slug)
    return render_template("item.html", item=view.item, history=view.history,
                           series=library().series(view.item.series))


@bp.route("/enregistrements/<slug>.json")
def show_json(slug: str):
    view = _view_or_404(slug)
    return jsonify(item_json(view.item, view.history))


@bp.route("/enregistrements/<slug>/original")
def original(slug: str):
    item = _item_or_404(slug)
    return stored_file(library().original_path(item.original.sha256), media_type(item.original))


@bp.route("/enregistrements/ajouter", methods=["GET", "POST"])
def add():
    lib = library()
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
            item = lib.add(NewRecording(
                file=upload.path, series=form["series"], fields=item_fields(form),
                side=SideFiles(**{kind: up.path for kind, up in side.items() if up}),
                cleared=cleared, form_ref=form.get("form_ref", "").strip(), name=upload.name,
                sha256=upload.sha256, check=upload.check))
        except (ClearError, MediaError) as exc:
            errors.add(*refusal(exc, subjects))
        else:
            flash(f"« {item.title} » a été ajouté ({'validé' if cleared else 'brouillon'}).")
            return done(url_for("items.show", slug=item.slug))
    return refused("item_form.html", errors, item=None, values=item_values(form=form),
                   series_list=lib.series_list())


@bp.route("/enregistrements/<slug>/modifier", methods=["GET", "POST"])
def edit(slug: str):
    lib = library()
    item = _item_or_404(slug)
    if request.method == "GET":
        return _form_page(item, item_values(item), {})
    form = request.form
    errors = FormErrors()
    side = {kind: received(request.files.get(kind)) for kind in SIDE_FILES}
    try:
        edited = lib.edit(slug, ItemChanges(
            item_changes(form, item), series=form.get("series") or None,
            side=SideFiles(**{kind: up.path for kind, up in side.items() if up})))
    except (ClearError, MediaError) as exc:
        errors.add(*refusal(exc, _subjects(side, {})))
        return refused("item_form.html", errors, item=item, values=item_values(form=form),
                       series_list=lib.series_list())
    if not edited.changed:
        flash("Rien n'a changé.")
        return done(url_for("items.show", slug=slug))
    if edited.back_to_draft:
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
    return _set_status(lambda lib: lib.clear(slug, request.form.get("form_ref", "").strip()),
                       slug, message="Droits validés : il sera publié à la prochaine publication.")


@bp.route("/enregistrements/<slug>/retirer", methods=["POST"])
@responsable_only
def withdraw(slug: str):
    _item_or_404(slug)
    return _set_status(lambda lib: lib.withdraw(slug, request.form.get("note", "").strip()),
                       slug, message="Retiré : il quittera le site et les flux à la prochaine "
                               "publication.")


def _set_status(action, slug: str, *, message: str):
    try:
        action(library())
    except ClearError as exc:
        flash(said(exc), "error")
    else:
        flash(message)
    return redirect(url_for("items.show", slug=slug))


def _form_page(item, values: dict, errors: dict):
    return render_template("item_form.html", item=item, values=values, errors=errors,
                           series_list=library().series_list())


def _subjects(side: dict[str, Upload | None], base: dict[str, str]) -> dict[str, str]:
    # The library names a side file by the path it was given: our temporary path.
    return {**base, **{str(up.path): kind for kind, up in side.items() if up}}


def _item_or_404(slug: str):
    try:
        return library().item(slug)
    except ClearError:
        abort(404)


def _view_or_404(slug: str):
    try:
        return library().view(slug)
    except ClearError:
        abort(404)
