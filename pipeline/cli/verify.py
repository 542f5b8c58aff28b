"""``clea verify``: prove the originals are intact, here and on the replica."""

from __future__ import annotations

import click

from pipeline.cli.common import pass_env
from pipeline.plumbing.progress import bar


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
    lib = env.library
    if repair and not replica:
        raise click.UsageError("--repair goes with --replica.")
    if replica:
        _verify_replica(env, repair)
        return
    with bar(lib.originals_bytes(), "verifying") as progress:
        report = lib.verify(progress.update)
    for line in report.problems:
        click.echo(f"clea: {line}", err=True)
    if not report.ok:
        click.echo(f"clea: {len(report.problems)} of {report.checked} original(s) failed the "
                   "check", err=True)
        raise SystemExit(1)
    click.echo(f"{report.checked} original(s) checked, all intact.")


def _verify_replica(env, repair: bool) -> None:
    with bar(None, "replica") as progress:
        report = env.library.verify_replica(repair=repair, progress=progress.update)
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
