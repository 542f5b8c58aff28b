"""``clea build``."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import LANGUAGE, _
from pipeline.cli.common import pass_env


@click.command(help=_("Make the public site, the podcast feeds and the media files.\n\n"
                      "Only cleared and published recordings go out; withdrawn ones are "
                      "removed. Work grows with what changed: run it as often as you like."))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help=_("Where to write the site (default: the archive's site/ folder)."))
@click.option("--base-url", help=_("Build for another public address, this time only "
                                   "(e.g. a test server)."))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help=_("How many recordings to encode at the same time (default: one per "
                     "processor available)."))
@pass_env
def build(env, out: Path | None, base_url: str | None, jobs: int | None) -> None:
    report = env.library.build(out=out, base_url=base_url, jobs=jobs,
                               log=lambda line: click.echo(line, err=True), progress=True,
                               language=LANGUAGE)
    click.echo(report.summary(LANGUAGE))
    if report.failed:
        raise SystemExit(1)


COMMANDS = [build]
