"""``clea verify``: prove the originals are intact."""

from __future__ import annotations

import click

from pipeline.cli.common import pass_env
from pipeline.plumbing.progress import bar
from pipeline.services.fixity import total_bytes, verify_archive


@click.command()
@pass_env
def verify(env) -> None:
    """Re-read every original and check it against its SHA-256 checksum.

    Exits with status 1 and names each file that is missing or altered.
    """
    cat = env.catalogue
    with bar(total_bytes(cat), "verifying") as progress:
        report = verify_archive(cat, progress.update)
    for line in report.problems:
        click.echo(f"clea: {line}", err=True)
    if not report.ok:
        click.echo(f"clea: {len(report.problems)} of {report.checked} original(s) failed the "
                   "check", err=True)
        raise SystemExit(1)
    click.echo(f"{report.checked} original(s) checked, all intact.")


COMMANDS = [verify]
