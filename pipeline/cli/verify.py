"""``clea verify``: prove the originals are intact, here and on the replica."""

from __future__ import annotations

import click

from archive import ClearError
from archive.errors import N_
from pipeline.cli.common import pass_env
from pipeline.plumbing.progress import bar
from pipeline.services.fixity import total_bytes, verify_archive


@click.command()
@click.option("--replica", is_flag=True,
              help="Check the copy of every original on the replica named in clea.toml "
                   "([replica] url) instead of the local ones.")
@click.option("--repair", is_flag=True,
              help="With --replica: send again, from the intact local original, each one "
                   "that is missing or altered there.")
@pass_env
def verify(env, replica: bool, repair: bool) -> None:
    """Re-read every original and check it against its SHA-256 checksum.

    Exits with status 1 and names each file that is missing or altered.
    With --replica, the replica's copies are checked from the checksum the
    host keeps when it keeps one (nothing is downloaded), by reading them
    otherwise.
    """
    cat = env.catalogue
    if repair and not replica:
        raise click.UsageError("--repair goes with --replica.")
    if replica:
        _verify_replica(env, repair)
        return
    with bar(total_bytes(cat), "verifying") as progress:
        report = verify_archive(cat, progress.update)
    for line in report.problems:
        click.echo(f"clea: {line}", err=True)
    if not report.ok:
        click.echo(f"clea: {len(report.problems)} of {report.checked} original(s) failed the "
                   "check", err=True)
        raise SystemExit(1)
    click.echo(f"{report.checked} original(s) checked, all intact.")


def _verify_replica(env, repair: bool) -> None:
    from pipeline.preserve.replica import replica_store, verify_replica

    cat = env.catalogue
    store = replica_store(env.settings)
    if store is None:
        raise ClearError(N_("no replica is set: add [replica] url = \"s3://BUCKET/PREFIX\" "
                            "to clea.toml"), env.folder, code="replica.unset")
    with bar(None, "replica") as progress:
        report = verify_replica(cat, store, repair=repair, progress=progress.update)
    for line in report.missing + report.altered:
        click.echo(f"clea: {line}", err=True)
    if report.sent:
        click.echo(f"{len(report.sent)} original(s) sent again to the replica.")
    if not report.ok:
        click.echo(f"clea: {len(report.missing)} missing and {len(report.altered)} altered of "
                   f"{report.checked} original(s) on the replica", err=True)
        raise SystemExit(1)
    click.echo(f"{report.checked} original(s) checked on the replica ({report.by_checksum} by "
               f"the host's checksum, {report.streamed} read in full), all intact.")


COMMANDS = [verify]
