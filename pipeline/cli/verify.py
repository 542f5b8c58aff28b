"""``clea verify``: prove the originals are intact, here and on the replica."""

from __future__ import annotations

import click

from archive.errors import N_
from pipeline.cli import LANGUAGE, _, ngettext
from pipeline.cli.common import pass_env
from pipeline.plumbing.progress import bar


@click.command(help=_("Re-read every original and check it against its SHA-256 checksum.\n\n"
                      "Exits with status 1 and names each file that is missing or altered. "
                      "With --replica, the replica's copies are checked from the checksum the "
                      "host keeps when it keeps one (nothing is downloaded), by reading them "
                      "otherwise."))
@click.option("--replica", is_flag=True,
              help=_("Check the copy of every original on the replica named in clea.toml "
                     "([replica] url) instead of the local ones."))
@click.option("--repair", is_flag=True,
              help=_("With --replica: send again, from the intact local original, each one "
                     "that is missing or altered there."))
@pass_env
def verify(env, replica: bool, repair: bool) -> None:
    lib = env.library
    if repair and not replica:
        raise click.UsageError(_("--repair goes with --replica."))
    if replica:
        _verify_replica(env, repair)
        return
    with bar(lib.originals_bytes(), N_("verifying")) as progress:
        report = lib.verify(progress.update)
    for line in report.lines(LANGUAGE):
        click.echo(f"clea: {line}", err=True)
    if not report.ok:
        click.echo(f"clea: {report.summary(LANGUAGE)}", err=True)
        raise SystemExit(1)
    click.echo(report.summary(LANGUAGE))


def _verify_replica(env, repair: bool) -> None:
    with bar(None, N_("replica")) as progress:
        report = env.library.verify_replica(repair=repair, progress=progress.update)
    for line in report.missing + report.altered:
        click.echo(f"clea: {line}", err=True)
    if report.sent:
        click.echo(ngettext("{count} original sent again to the replica.",
                            "{count} originals sent again to the replica.",
                            len(report.sent)).format(count=len(report.sent)))
    if not report.ok:
        click.echo("clea: " + ngettext(
            "{missing} missing and {altered} altered of {count} original on the replica",
            "{missing} missing and {altered} altered of {count} originals on the replica",
            report.checked).format(missing=len(report.missing), altered=len(report.altered),
                                   count=report.checked), err=True)
        raise SystemExit(1)
    click.echo(ngettext(
        "{count} original checked on the replica ({by_checksum} by the host's checksum, "
        "{streamed} read in full), all intact.",
        "{count} originals checked on the replica ({by_checksum} by the host's checksum, "
        "{streamed} read in full), all intact.", report.checked).format(
        count=report.checked, by_checksum=report.by_checksum, streamed=report.streamed))


COMMANDS = [verify]
