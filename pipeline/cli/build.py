"""``clea build``."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.build import build as run_build
from pipeline.cli.common import pass_env


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: the archive's site/ folder).")
@click.option("--base-url", help="Build for another public address, this time only "
              "(e.g. a test server).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="How many recordings to encode at the same time (default: one per "
              "processor available).")
@pass_env
def build(env, out: Path | None, base_url: str | None, jobs: int | None) -> None:
    """Make the public site, the podcast feeds and the media files.

    Only cleared and published recordings go out; withdrawn ones are removed.
    Work grows with what changed: run it as often as you like.
    """
    cat = env.catalogue
    report = run_build(cat, env.settings, out or env.folder / "site", base_url=base_url,
                       log=lambda line: click.echo(line, err=True), progress=True, jobs=jobs)
    click.echo(report.summary())
    if report.failed:
        raise SystemExit(1)


COMMANDS = [build]
