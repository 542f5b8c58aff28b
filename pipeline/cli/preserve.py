"""``clea export bag``, ``clea import bag``, ``clea backup`` and ``clea restore``."""

from __future__ import annotations

from pathlib import Path

import click

from archive.errors import N_
from pipeline.cli import LANGUAGE, _, ngettext
from pipeline.cli.common import pass_env
from pipeline.cli.present import size
from pipeline.plumbing.progress import bar
from pipeline.preserve import backup as backups
from pipeline.preserve import bag as bags

ENDPOINT_HELP = _("The address of an S3-compatible host (MinIO, Garage, Ceph, OVHcloud, "
                  "Scaleway…). Not needed for Amazon S3.")

# Commands are not translated; the sentences around them are.
_BAG_EXAMPLES = """\
  clea export bag depot-lire-en-sambre --residence lire-en-sambre
  clea export bag /media/usb/depot-2025 --all"""
_BACKUP_EXAMPLES = """\
  clea backup /mnt/sauvegarde/mediatheque
  clea backup s3://sauvegardes-clea/mediatheque --endpoint-url https://s3.fr-par.scw.cloud"""
_BACKUP_CRON = """\
  30 2 * * * cd /srv/mediatheque && clea backup /mnt/sauvegarde/mediatheque"""
_RESTORE_EXAMPLE = """\
  clea restore /mnt/sauvegarde/mediatheque /srv/mediatheque"""


@click.group("export", help=_("Write part of the archive out for someone else to keep."))
def export() -> None:
    pass


@export.command("bag", help="\n\n".join([
    _("Write a BagIt deposit to the new folder DEST."),
    _("The bag holds each recording's original, its transcript, chapters and picture, a Dublin "
      "Core record and the catalogue's own record, with a SHA-256 for every file, so the "
      "receiving archive can prove it arrived whole (`bagit.py --validate DEST`). By default "
      "only cleared and published recordings go in, pupils are named only as their group, and "
      "their names are replaced in transcripts, as on the public site."),
    "\b\n" + _("Examples:") + "\n" + _BAG_EXAMPLES]))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--residence", metavar="SLUG", help=_("Only this residence's recordings."))
@click.option("--all", "everything", is_flag=True, help=_("Every residence and series."))
@click.option("--internal", is_flag=True,
              help=_("Everything, drafts and pupils' names included: only for the archive "
                     "service itself. Without it the bag holds only what may leave the "
                     "library."))
@pass_env
def export_bag(env, dest: Path, residence: str | None, everything: bool, internal: bool) -> None:
    if bool(residence) == everything:
        raise click.UsageError(_("Say which: --residence SLUG or --all."))
    cat = env.catalogue
    size = sum(size for _, size, _ in cat.originals())
    with bar(size, N_("bag")) as progress:
        report = bags.export_bag(cat, env.settings, dest, residence=residence,
                                 internal=internal, progress=progress.update)
    recordings = ngettext("{count} recording", "{count} recordings", report.items).format(
        count=report.items)
    files = ngettext("{count} file", "{count} files", report.files).format(count=report.files)
    if report.left_out:
        files += ngettext(" ({count} not cleared, left out)", " ({count} not cleared, left out)",
                          report.left_out).format(count=report.left_out)
    line = (_("Wrote the public bag {path}: {recordings}, {files}.") if report.scope == bags.PUBLIC
            else _("Wrote the internal bag {path}: {recordings}, {files}."))
    click.echo(line.format(path=report.path, recordings=recordings, files=files))


@click.command("bag", help=_("Bring the BagIt deposit BAG (made by `clea export bag`) into this "
                             "empty archive.\n\nEvery checksum is checked first; the "
                             "recordings come back with their slugs, identifiers, dates and "
                             "history. Create the archive first with `clea init DIR`; an "
                             "archive that already holds something is refused."))
@click.argument("bag", type=click.Path(path_type=Path))
@pass_env
def import_bag(env, bag: Path) -> None:
    with bar(None, N_("import")) as progress:
        report = bags.import_bag(env.catalogue, bag, progress=progress.update)
    click.echo(_("Imported {recordings}, {series} and {residences} from {bag}.").format(
        recordings=ngettext("{count} recording", "{count} recordings", report.items).format(
            count=report.items),
        series=ngettext("{count} series", "{count} series", report.series).format(
            count=report.series),
        residences=ngettext("{count} residence", "{count} residences",
                            report.residences).format(count=report.residences),
        bag=bag))


class ImportGroup(click.Group):
    """``clea import SHEET`` as before, and ``clea import bag BAG``."""

    def __init__(self, *args, sheet: click.Command, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["sheet", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx, formatter) -> None:  # noqa: ANN001 - click's signature
        formatter.write_usage(ctx.command_path, "SHEET | bag BAG")


def import_group() -> click.Group:
    from pipeline.cli.items import import_

    group = ImportGroup("import", sheet=import_, help=_(
        "Add recordings from a spreadsheet (clea import SHEET), or bring a deposit back "
        "(clea import bag BAG).\n\nRun `clea import sheet --help` or `clea import bag --help`."))
    group.add_command(import_, "sheet")
    group.add_command(import_bag)
    return group


@click.command(help="\n\n".join([
    _("Back the archive up to DEST: another disk, another machine, or a bucket."),
    _("The catalogue (copied safely even while `clea web` runs), the originals, the settings "
      "(never a password) and the site's templates. Only what DEST lacks is sent: run it every "
      "night, it sends only the day's recordings. The replica named in clea.toml, if any, gets "
      "what it lacks too."),
    "\b\n" + _("Examples:") + "\n" + _BACKUP_EXAMPLES,
    "\b\n" + _("A nightly cron line (crontab -e), at 2:30:") + "\n" + _BACKUP_CRON]))
@click.argument("dest", metavar="FOLDER|s3://BUCKET[/PREFIX]")
@click.option("--endpoint-url", metavar="URL", help=ENDPOINT_HELP)
@click.option("--region", metavar="NAME", help=_("The bucket's region, e.g. fr-par or gra."))
@pass_env
def backup(env, dest: str, endpoint_url: str | None, region: str | None) -> None:
    cat = env.catalogue
    settings = env.settings
    with bar(None, N_("backup")) as progress:
        report = backups.backup(cat, settings, dest, endpoint_url=endpoint_url, region=region,
                                progress=progress.update)
    if report.replica_warning:
        click.echo("clea: " + _("warning: replica: {warning}").format(
            warning=report.replica_warning), err=True)
    line = _("Backed up to {where}: {files}, {sent} sent ({size})").format(
        where=report.where,
        files=ngettext("{count} file", "{count} files", report.files).format(count=report.files),
        sent=len(report.sent), size=size(report.bytes_sent, LANGUAGE, _))
    if report.replica_sent:
        line += ngettext("; {count} original sent to the replica",
                         "; {count} originals sent to the replica",
                         len(report.replica_sent)).format(count=len(report.replica_sent))
    click.echo(line + ".")


@click.command(help="\n\n".join([
    _("Rebuild a working archive in the new folder FOLDER from the backup at SOURCE."),
    _("Every file is checked against its checksum as it arrives. Then run `clea verify`, and "
      "`clea build` to make the site again. Accounts and their passwords come back; librarians "
      "log in again."),
    "\b\n" + _("Example:") + "\n" + _RESTORE_EXAMPLE]))
@click.argument("source", metavar="FOLDER|s3://BUCKET[/PREFIX]")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--endpoint-url", metavar="URL", help=ENDPOINT_HELP)
@click.option("--region", metavar="NAME", help=_("The bucket's region."))
def restore(source: str, folder: Path, endpoint_url: str | None, region: str | None) -> None:
    total = backups.total_size(source, endpoint_url=endpoint_url, region=region)
    with bar(total, N_("restore")) as progress:
        report = backups.restore(source, folder, endpoint_url=endpoint_url, region=region,
                                 progress=progress.update)
    click.echo(_("Restored {folder}: {recordings}, {files}. Check it with {command}.").format(
        folder=report.folder,
        recordings=ngettext("{count} recording", "{count} recordings", report.items).format(
            count=report.items),
        files=ngettext("{count} file", "{count} files", report.files).format(count=report.files),
        command=f"`clea --archive {report.folder} verify`"))


COMMANDS = [export, import_group(), backup, restore]
