"""``clea add``, ``import``, ``edit``, ``clear``, ``withdraw``, ``list`` and ``show``."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import click

from archive import (
    CLEARED,
    WITHDRAWN,
    Attachments,
    ClearError,
    ItemFields,
    ItemFilter,
    parse_contributor,
    parse_date,
)
from pipeline.cli import LANGUAGE, _, ngettext
from pipeline.cli.common import item_options, pass_env
from pipeline.cli.present import item_lines
from pipeline.plumbing.progress import bar
from pipeline.plumbing.views import item_json
from pipeline.services.ingest import Recording, add_recording, stage_sidecar
from pipeline.services.sheet import import_sheet


def _warn(line: str) -> None:
    """A warning goes to stderr: stdout keeps only the slugs, for scripts."""
    click.echo(line, err=True)


@click.command(help=_("Add the recording FILE to the archive and print its new "
                      "slug.\n\nThe file is checked by its content (not its name): it must "
                      "be real, complete audio or video. It is copied into the archive "
                      "untouched. Nothing is stored if anything is refused."))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--series", required=True, help=_("The series it belongs to (its slug)."))
@item_options
@click.option("--cleared", is_flag=True, help=_("Rights and consents are recorded: it may be "
              "published at the next build."))
@click.option("--form", "form_ref", default="", help=_("With --cleared: the reference of the "
              "signed authorisation form."))
@pass_env
def add(env, file, series, title, description, kind, audiences, themes, place, contributors,
        group, recorded, licence, language, transcript, chapters, cover, cleared, form_ref):
    if not title:
        raise click.UsageError(_("Missing option '--title'."))
    fields = ItemFields(
        title=title, description=description or "", kind=kind or "podcast",
        audiences=audiences, themes=themes, place=place or "", language=language or "fr",
        licence=licence or ItemFields.licence,
        contributors=tuple(parse_contributor(c) for c in contributors), group=group or "",
        recorded=parse_date(recorded, "recorded date"),
    )
    rec = Recording(file=file, series=series, fields=fields, transcript=transcript,
                    chapters=chapters, cover=cover, cleared=cleared, form_ref=form_ref)
    size = file.stat().st_size if file.is_file() else 0
    with bar(size, file.name) as progress:
        item = add_recording(env.catalogue, rec, progress=progress.update, warn=_warn)
    _to_replica(env, [item])
    click.echo(item.slug)


def _to_replica(env, items) -> None:
    """Send the new originals to the replica, if clea.toml names one; never fails the add."""
    from pipeline.preserve.replica import send_new

    shas = [sha for i in items for sha in (i.original.sha256, i.transcript_sha, i.chapters_sha,
                                            i.cover_sha) if sha]
    for warning in send_new(env.catalogue, env.settings, shas):
        click.echo("clea: " + _("warning: replica: {warning}").format(warning=warning), err=True)


# The columns are the sheet's own words, not translated; the sentences around them are.
_COLUMNS = """\
file, series, title, description, kind, audience,
contributor, recorded, licence, transcript, chapters, cover, cleared
(theme, place, group, language, form)"""


@click.command("import", help="\n\n".join([
    _("Add every row of the spreadsheet SHEET (CSV), or none if any row is wrong."),
    "\b\n" + _("Columns (first row):") + "\n" + _COLUMNS,
    _("Repeat values with \";\". cleared is yes/no (oui/non). Paths are relative to the "
      "sheet's folder. Comma or semicolon separated, UTF-8 with or without BOM.")]))
@click.argument("sheet", type=click.Path(path_type=Path))
@pass_env
def import_(env, sheet: Path) -> None:
    items = import_sheet(env.catalogue, sheet, warn=_warn)
    _to_replica(env, items)
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
def edit(env, slug, series, title, description, kind, audiences, themes, place, contributors,
         group, recorded, licence, language, transcript, chapters, cover):
    changes: dict[str, object] = {}
    for key, value in (("title", title), ("description", description), ("kind", kind),
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
    cat = env.catalogue
    item = cat.item(slug)
    with contextlib.ExitStack() as stack:
        side = Attachments(**{
            kind_: stage_sidecar(cat, path, kind_, stack, item.original.duration)
            for kind_, path in (("transcript", transcript), ("chapters", chapters),
                                ("cover", cover)) if path
        })
        if not changes and not series and not any(vars(side).values()):
            raise click.UsageError(_("Say what to change, e.g. --title \"Nouveau titre\"."))
        cat.edit_item(slug, changes, attachments=side, series=series)
    click.echo(slug)


@click.command(help=_("Record that rights and consents for item SLUG are in hand.\n\nA "
                      "cleared item goes out at the next build and publish."))
@click.argument("slug")
@click.option("--form", "form_ref", default="", help=_("The reference of the signed "
              "authorisation form (kept in the item's history)."))
@pass_env
def clear(env, slug: str, form_ref: str) -> None:
    env.catalogue.set_status(slug, CLEARED, form_ref=form_ref)
    click.echo(slug)


@click.command(help=_("Take item SLUG out of every public output at the next build and "
                      "publish.\n\nIts page, media and feed entries are removed; the "
                      "original stays in the archive."))
@click.argument("slug")
@click.option("--reason", default="", help=_("Why (kept in the item's history)."))
@pass_env
def withdraw(env, slug: str, reason: str) -> None:
    env.catalogue.set_status(slug, WITHDRAWN, note=reason)
    click.echo(slug)


@click.command("list", help=_("List the recordings, newest first: slug, status, series and title."))
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON array."))
@click.option("--series", help=_("Only this series."))
@click.option("--status", type=click.Choice(["draft", "cleared", "published", "withdrawn"]))
@click.option("--audience", help=_("Only this audience."))
@click.option("--search", help=_("Words in the title or description."))
@pass_env
def list_(env, as_json: bool, series, status, audience, search) -> None:
    items = env.catalogue.items(ItemFilter(series=series, status=status, audience=audience,
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
    cat = env.catalogue
    item = cat.item(slug)
    history = cat.history(slug)
    data = item_json(item, history)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in item_lines(item, history, _series_or_none(cat, item.series), LANGUAGE, _):
        click.echo(line)


def _series_or_none(cat, slug: str):
    try:
        return cat.series(slug)
    except ClearError:
        return None


COMMANDS = [add, import_, edit, clear, withdraw, list_, show]

__all__ = ["COMMANDS", "ClearError"]
