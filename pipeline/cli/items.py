"""``clea add``, ``import``, ``edit``, ``clear``, ``withdraw``, ``list`` and ``show``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from archive import ClearError, ItemFields, ItemFilter, parse_contributor, parse_date
from pipeline.api import ItemChanges, NewRecording, SideFiles
from pipeline.cli import LANGUAGE, _, ngettext
from pipeline.cli.common import item_options, pass_env
from pipeline.cli.present import item_lines
from pipeline.plumbing.progress import bar
from pipeline.plumbing.views import item_json


def _warn(line: str) -> None:
    """A warning goes to stderr: stdout keeps only the slugs, for scripts."""
    click.echo(line, err=True)


@click.command(help=_("Add the recording, picture or document FILE to the archive and print "
                      "its new slug.\n\nThe file is checked by its content (not its name) as "
                      "what its series holds: complete audio or video; a picture (JPEG, PNG, "
                      "TIFF, WebP, HEIC); or a PDF. It is copied into the archive untouched. "
                      "Nothing is stored if anything is refused. A picture needs --alt (what "
                      "it shows) before it can be cleared; its --description is its caption."))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--series", required=True, help=_("The series it belongs to (its slug)."))
@item_options
@click.option("--cleared", is_flag=True, help=_("Rights and consents are recorded: it may be "
              "published at the next build."))
@click.option("--form", "form_ref", default="", help=_("With --cleared: the reference of the "
              "signed authorisation form."))
@pass_env
def add(env, file, series, title, description, alt, kind, audiences, themes, place,
        contributors, group, recorded, licence, language, transcript, chapters, cover, cleared,
        form_ref):
    if not title:
        raise click.UsageError(_("Missing option '--title'."))
    fields = ItemFields.given(
        title=title, description=description, kind=kind, audiences=audiences, themes=themes,
        place=place, language=language, licence=licence,
        contributors=tuple(parse_contributor(c) for c in contributors), group=group,
        recorded=parse_date(recorded, "recorded date"), alt=alt,
    )
    new = NewRecording(file=file, series=series, fields=fields,
                       side=SideFiles(transcript, chapters, cover), cleared=cleared,
                       form_ref=form_ref)
    size = file.stat().st_size if file.is_file() else 0
    with bar(size, file.name) as progress:
        item = env.library.add(new, progress=progress.update, warn=_warn)
    click.echo(item.slug)


# The columns are the sheet's own words, not translated; the sentences around them are.
_COLUMNS = """\
file, series, title, description, kind, audience,
contributor, recorded, licence, transcript, chapters, cover, cleared
(theme, place, group, language, form, alt)"""


@click.command("import", help="\n\n".join([
    _("Add every row of the spreadsheet SHEET (CSV), or none if any row is wrong."),
    "\b\n" + _("Columns (first row):") + "\n" + _COLUMNS,
    _("Repeat values with \";\". cleared is yes/no (oui/non). Paths are relative to the "
      "sheet's folder. Comma or semicolon separated, UTF-8 with or without BOM.")]))
@click.argument("sheet", type=click.Path(path_type=Path))
@pass_env
def import_(env, sheet: Path) -> None:
    items = env.library.import_sheet(sheet, warn=_warn)
    for item in items:
        click.echo(item.slug)
    click.echo(ngettext("Imported {count} recording from {sheet}.",
                        "Imported {count} recordings from {sheet}.", len(items)).format(
        count=len(items), sheet=sheet), err=True)


@click.command(help=_("Change what is said about item SLUG. Its slug, GUID and file "
                      "never change.\n\nOptions you give replace the current values; "
                      "repeated options (--audience, --theme, --contributor) replace the "
                      "whole list."))
@click.argument("slug")
@click.option("--series", help=_("Move it to another series of the same medium."))
@item_options
@pass_env
def edit(env, slug, series, title, description, alt, kind, audiences, themes, place,
         contributors, group, recorded, licence, language, transcript, chapters, cover):
    changes: dict[str, object] = {}
    for key, value in (("title", title), ("description", description), ("alt", alt),
                       ("kind", kind),
                       ("place", place), ("group", group), ("licence", licence),
                       ("language", language)):
        if value is not None:
            changes[key] = value
    if audiences:
        changes["audiences"] = audiences
    if themes:
        changes["themes"] = themes
    if contributors:
        changes["contributors"] = tuple(parse_contributor(c) for c in contributors)
    if recorded is not None:
        changes["recorded"] = parse_date(recorded, "recorded date")
    request = ItemChanges(changes, series=series, side=SideFiles(transcript, chapters, cover))
    if not env.library.edit(slug, request).changed:
        raise click.UsageError(_("Say what to change, e.g. --title \"Nouveau titre\"."))
    click.echo(slug)


@click.command(help=_("Record that rights and consents for item SLUG are in hand.\n\nA "
                      "cleared item goes out at the next build and publish."))
@click.argument("slug")
@click.option("--form", "form_ref", default="", help=_("The reference of the signed "
              "authorisation form (kept in the item's history)."))
@pass_env
def clear(env, slug: str, form_ref: str) -> None:
    env.library.clear(slug, form_ref)
    click.echo(slug)


@click.command(help=_("Take item SLUG out of every public output at the next build and "
                      "publish.\n\nIts page, media and feed entries are removed; the "
                      "original stays in the archive."))
@click.argument("slug")
@click.option("--reason", default="", help=_("Why (kept in the item's history)."))
@pass_env
def withdraw(env, slug: str, reason: str) -> None:
    env.library.withdraw(slug, reason)
    click.echo(slug)


@click.command("list", help=_("List the recordings, newest first: slug, status, series and title."))
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON array."))
@click.option("--series", help=_("Only this series."))
@click.option("--status", type=click.Choice(["draft", "cleared", "published", "withdrawn"]))
@click.option("--audience", help=_("Only this audience."))
@click.option("--search", help=_("Words in the title or description."))
@pass_env
def list_(env, as_json: bool, series, status, audience, search) -> None:
    items = env.library.items(ItemFilter(series=series, status=status, audience=audience,
                                           search=search))
    if as_json:
        click.echo(json.dumps([item_json(i) for i in items], ensure_ascii=False, indent=2))
        return
    for i in items:
        click.echo(f"{i.slug}\t{i.status}\t{i.series}\t{i.title}")


@click.command(help=_("Show everything about item SLUG, with its history."))
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help=_("Print one JSON object."))
@pass_env
def show(env, slug: str, as_json: bool) -> None:
    view = env.library.view(slug)
    history = view.history
    data = item_json(view.item, history)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    item = view.item
    for line in item_lines(item, history, _series_or_none(env.library, item.series),
                           LANGUAGE, _):
        click.echo(line)


def _series_or_none(library, slug: str):
    try:
        return library.series(slug)
    except ClearError:
        return None


COMMANDS = [add, import_, edit, clear, withdraw, list_, show]

__all__ = ["COMMANDS", "ClearError"]
