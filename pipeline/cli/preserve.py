"""``clea export bag``, ``clea import bag``, ``clea backup`` and ``clea restore``."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.common import pass_env
from pipeline.plumbing.progress import bar
from pipeline.preserve import backup as backups
from pipeline.preserve import bag as bags

ENDPOINT_HELP = ("The address of an S3-compatible host (MinIO, Garage, Ceph, OVHcloud, "
                 "Scaleway…). Not needed for Amazon S3.")


@click.group("export")
def export() -> None:
    """Write part of the archive out for someone else to keep."""


@export.command("bag")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--residence", metavar="SLUG", help="Only this residence's recordings.")
@click.option("--all", "everything", is_flag=True, help="Every residence and series.")
@click.option("--internal", is_flag=True,
              help="Everything, drafts and pupils' names included: only for the archive "
                   "service itself. Without it the bag holds only what may leave the library.")
@pass_env
def export_bag(env, dest: Path, residence: str | None, everything: bool, internal: bool) -> None:
    """Write a BagIt deposit to the new folder DEST.

    The bag holds each recording's original, its transcript, chapters and
    picture, a Dublin Core record and the catalogue's own record, with a
    SHA-256 for every file, so the receiving archive can prove it arrived whole
    (`bagit.py --validate DEST`). By default only cleared and published
    recordings go in, pupils are named only as their group, and their names
    are replaced in transcripts, as on the public site.

    \b
    Examples:
      clea export bag depot-lire-en-sambre --residence lire-en-sambre
      clea export bag /media/usb/depot-2025 --all
    """
    if bool(residence) == everything:
        raise click.UsageError("Say which: --residence SLUG or --all.")
    cat = env.catalogue
    size = sum(size for _, size, _ in cat.originals())
    with bar(size, "bag") as progress:
        report = bags.export_bag(cat, env.settings, dest, residence=residence,
                                 internal=internal, progress=progress.update)
    note = f" ({report.left_out} not cleared, left out)" if report.left_out else ""
    click.echo(f"Wrote {report.scope} bag {report.path}: {report.items} recording(s), "
               f"{report.files} file(s){note}.")


@click.command("bag")
@click.argument("bag", type=click.Path(path_type=Path))
@pass_env
def import_bag(env, bag: Path) -> None:
    """Bring the BagIt deposit BAG (made by `clea export bag`) into this empty archive.

    Every checksum is checked first; the recordings come back with their
    slugs, identifiers, dates and history. Create the archive first with
    `clea init DIR`; an archive that already holds something is refused.
    """
    with bar(None, "import") as progress:
        report = bags.import_bag(env.catalogue, bag, progress=progress.update)
    click.echo(f"Imported {report.items} recording(s), {report.series} series and "
               f"{report.residences} residence(s) from {bag}.")


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

    group = ImportGroup("import", sheet=import_, help=(
        "Add recordings from a spreadsheet (clea import SHEET), or bring a deposit back "
        "(clea import bag BAG).\n\nRun `clea import sheet --help` or `clea import bag --help`."))
    group.add_command(import_, "sheet")
    group.add_command(import_bag)
    return group


@click.command()
@click.argument("dest", metavar="FOLDER|s3://BUCKET[/PREFIX]")
@click.option("--endpoint-url", metavar="URL", help=ENDPOINT_HELP)
@click.option("--region", metavar="NAME", help="The bucket's region, e.g. fr-par or gra.")
@pass_env
def backup(env, dest: str, endpoint_url: str | None, region: str | None) -> None:
    """Back the archive up to DEST: another disk, another machine, or a bucket.

    The catalogue (copied safely even while `clea web` runs), the originals,
    the settings (never a password) and the site's templates. Only what DEST
    lacks is sent: run it every night, it sends only the day's recordings.
    The replica named in clea.toml, if any, gets what it lacks too.

    \b
    Examples:
      clea backup /mnt/sauvegarde/mediatheque
      clea backup s3://sauvegardes-clea/mediatheque --endpoint-url https://s3.fr-par.scw.cloud
    \b
    A nightly cron line (crontab -e), at 2:30:
      30 2 * * * cd /srv/mediatheque && clea backup /mnt/sauvegarde/mediatheque
    """
    cat = env.catalogue
    settings = env.settings
    with bar(None, "backup") as progress:
        report = backups.backup(cat, settings, dest, endpoint_url=endpoint_url, region=region,
                                progress=progress.update)
    if report.replica_warning:
        click.echo(f"clea: warning: replica: {report.replica_warning}", err=True)
    click.echo(f"Backed up to {report.where}: {report.files} file(s), {len(report.sent)} sent "
               f"({report.bytes_sent} bytes)"
               + (f"; {len(report.replica_sent)} original(s) sent to the replica"
                  if report.replica_sent else "") + ".")


@click.command()
@click.argument("source", metavar="FOLDER|s3://BUCKET[/PREFIX]")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--endpoint-url", metavar="URL", help=ENDPOINT_HELP)
@click.option("--region", metavar="NAME", help="The bucket's region.")
def restore(source: str, folder: Path, endpoint_url: str | None, region: str | None) -> None:
    """Rebuild a working archive in the new folder FOLDER from the backup at SOURCE.

    Every file is checked against its checksum as it arrives. Then run
    `clea verify`, and `clea build` to make the site again. Accounts and
    their passwords come back; librarians log in again.

    \b
    Example:
      clea restore /mnt/sauvegarde/mediatheque /srv/mediatheque
    """
    total = backups.total_size(source, endpoint_url=endpoint_url, region=region)
    with bar(total, "restore") as progress:
        report = backups.restore(source, folder, endpoint_url=endpoint_url, region=region,
                                 progress=progress.update)
    click.echo(f"Restored {report.folder}: {report.items} recording(s), {report.files} "
               f"file(s). Check it with `clea --archive {report.folder} verify`.")


COMMANDS = [export, import_group(), backup, restore]
