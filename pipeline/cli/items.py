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
from pipeline.cli.common import item_options, pass_env
from pipeline.plumbing.progress import bar
from pipeline.plumbing.views import item_json
from pipeline.services.ingest import Recording, add_recording, stage_sidecar
from pipeline.services.sheet import import_sheet


def _warn(line: str) -> None:
    """A warning goes to stderr: stdout keeps only the slugs, for scripts."""
    click.echo(line, err=True)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--series", required=True, help="The series it belongs to (its slug).")
@item_options
@click.option("--cleared", is_flag=True, help="Rights and consents are recorded: it may be "
              "published at the next build.")
@click.option("--form", "form_ref", default="", help="With --cleared: the reference of the "
              "signed authorisation form.")
@pass_env
def add(env, file, series, title, description, alt, kind, audiences, themes, place,
        contributors, group, recorded, licence, language, transcript, chapters, cover, cleared,
        form_ref):
    """Add the recording, picture or document FILE to the archive and print its new slug.

    The file is checked by its content (not its name) as what its series holds:
    complete audio or video; a picture (JPEG, PNG, TIFF, WebP, HEIC); or a PDF.
    It is copied into the archive untouched. Nothing is stored if anything is
    refused. A picture needs --alt (what it shows) before it can be cleared;
    its --description is its caption.
    """
    if not title:
        raise click.UsageError("Missing option '--title'.")
    fields = ItemFields(
        title=title, description=description or "", kind=kind or "podcast",
        audiences=audiences, themes=themes, place=place or "", language=language or "fr",
        licence=licence or ItemFields.licence,
        contributors=tuple(parse_contributor(c) for c in contributors), group=group or "",
        recorded=parse_date(recorded, "recorded date"), alt=alt or "",
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
        click.echo(f"clea: warning: replica: {warning}", err=True)


@click.command("import")
@click.argument("sheet", type=click.Path(path_type=Path))
@pass_env
def import_(env, sheet: Path) -> None:
    """Add every row of the spreadsheet SHEET (CSV), or none if any row is wrong.

    \b
    Columns (first row): file, series, title, description, kind, audience,
    contributor, recorded, licence, transcript, chapters, cover, cleared
    (and theme, place, group, language, form, alt). Repeat values with ";".
    cleared is yes/no (oui/non). Paths are relative to the sheet's folder.
    Comma or semicolon separated, UTF-8 with or without BOM.
    """
    items = import_sheet(env.catalogue, sheet, warn=_warn)
    _to_replica(env, items)
    for item in items:
        click.echo(item.slug)
    click.echo(f"Imported {len(items)} recording(s) from {sheet}.", err=True)


@click.command()
@click.argument("slug")
@click.option("--series", help="Move it to another series of the same medium.")
@item_options
@pass_env
def edit(env, slug, series, title, description, alt, kind, audiences, themes, place,
         contributors, group, recorded, licence, language, transcript, chapters, cover):
    """Change what is said about item SLUG. Its slug, GUID and file never change.

    Options you give replace the current values; repeated options (--audience,
    --theme, --contributor) replace the whole list.
    """
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
    cat = env.catalogue
    item = cat.item(slug)
    with contextlib.ExitStack() as stack:
        side = Attachments(**{
            kind_: stage_sidecar(cat, path, kind_, stack, item.original.duration)
            for kind_, path in (("transcript", transcript), ("chapters", chapters),
                                ("cover", cover)) if path
        })
        if not changes and not series and not any(vars(side).values()):
            raise click.UsageError("Say what to change, e.g. --title \"Nouveau titre\".")
        cat.edit_item(slug, changes, attachments=side, series=series)
    click.echo(slug)


@click.command()
@click.argument("slug")
@click.option("--form", "form_ref", default="", help="The reference of the signed "
              "authorisation form (kept in the item's history).")
@pass_env
def clear(env, slug: str, form_ref: str) -> None:
    """Record that rights and consents for item SLUG are in hand.

    A cleared item goes out at the next build and publish.
    """
    env.catalogue.set_status(slug, CLEARED, form_ref=form_ref)
    click.echo(slug)


@click.command()
@click.argument("slug")
@click.option("--reason", default="", help="Why (kept in the item's history).")
@pass_env
def withdraw(env, slug: str, reason: str) -> None:
    """Take item SLUG out of every public output at the next build and publish.

    Its page, media and feed entries are removed; the original stays in the archive.
    """
    env.catalogue.set_status(slug, WITHDRAWN, note=reason)
    click.echo(slug)


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--series", help="Only this series.")
@click.option("--status", type=click.Choice(["draft", "cleared", "published", "withdrawn"]))
@click.option("--audience", help="Only this audience.")
@click.option("--search", help="Words in the title or description.")
@pass_env
def list_(env, as_json: bool, series, status, audience, search) -> None:
    """List the recordings, newest first: slug, status, series and title."""
    items = env.catalogue.items(ItemFilter(series=series, status=status, audience=audience,
                                           search=search))
    if as_json:
        click.echo(json.dumps([item_json(i) for i in items], ensure_ascii=False, indent=2))
        return
    for i in items:
        click.echo(f"{i.slug}\t{i.status}\t{i.series}\t{i.title}")


@click.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_env
def show(env, slug: str, as_json: bool) -> None:
    """Show everything about item SLUG, with its history."""
    cat = env.catalogue
    item = cat.item(slug)
    history = cat.history(slug)
    data = item_json(item, history)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data.items():
        if key == "history":
            continue
        if isinstance(value, list):
            value = "; ".join(
                (f"{v['name']} ({v['role']}{', mineur' if v['minor'] else ''})"
                 if isinstance(v, dict) else str(v)) for v in value)
        click.echo(f"{key:13} {value}")
    click.echo("history")
    for h in history:
        extra = ", ".join(f"{k}={v}" for k, v in h.detail.items() if v)
        click.echo(f"  {h.at:%Y-%m-%d %H:%M}  {h.action:10} {h.actor}  {extra}")


COMMANDS = [add, import_, edit, clear, withdraw, list_, show]

__all__ = ["COMMANDS", "ClearError"]
