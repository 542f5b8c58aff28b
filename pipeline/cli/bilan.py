"""``clea bilan``: the yearly review of the residences, for the funders."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive import ClearError
from archive.atomic import write_bytes
from archive.errors import N_
from pipeline.cli import _
from pipeline.cli.common import pass_env
from pipeline.services.bilan import FORMATS, render

# Commands are not translated; the sentences around them are.
_EXAMPLES = """\
  clea bilan --year 2025
  clea bilan --year 2025 --format ods --output bilan-2025.ods
  clea bilan --residence quartiers-feignies --format csv > feignies.csv"""


# The help follows the reader's language; the bilan itself (text, CSV, ODS) is French
# whatever the locale, on purpose: it is written for French funders, and its headings
# are the words their forms use (« personnes impliquées »). Only --format json keeps
# English keys, for programs.
@click.command(help="\n\n".join([
    _("The bilan of the residences: what they did and what they produced."),
    "\b\n" + _("""For each residence and in total:
  - the figures recorded with `clea residence edit SLUG --figure KEY=N`
    (pupils, classes, schools, inhabitants, professionals, structures,
    volunteers, interventions, talks, exhibitions);
  - “personnes impliquées”: pupils + inhabitants + professionals +
    volunteers (classes, schools and structures are not people);
  - the recordings in the catalogue (all but the withdrawn ones): how
    many, by kind and medium, minutes of audio and video, by audience,
    place, theme and year."""),
    "\b\n" + _("Examples:") + "\n" + _EXAMPLES]))
@click.option("--year", type=int, metavar="YYYY",
              help=_("Only this year: the residences whose dates meet it, and the recordings "
                     "made that year. Default: every year."))
@click.option("--residence", metavar="SLUG", help=_("Only this residence (see `clea residence "
              "list`). Default: every residence, and the total."))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help=_("text to read, csv or ods (LibreOffice: the total and one sheet per "
                     "residence) for a spreadsheet, json for programs."))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help=_("Write the bilan into FILE instead of showing it. Needed for ods, unless "
                     "the output is redirected (clea bilan --format ods > bilan.ods)."))
@pass_env
def bilan(env, year: int | None, residence: str | None, fmt: str, output: Path | None) -> None:
    if fmt == "ods" and output is None and sys.stdout.isatty():
        raise ClearError(N_("an ods bilan is a file, not text for the terminal: add --output "
                            "FILE (or redirect: > bilan.ods)"), code="bilan.ods-needs-file")
    result = env.library.bilan(year=year, residence=residence)
    data = render(result, fmt)
    if output is not None:
        try:
            write_bytes(output, data)
        except OSError as exc:
            raise ClearError(N_("cannot write the bilan here ({reason})"), output,
                             code="bilan.cannot-write", reason=exc.strerror or str(exc)) from exc
        click.echo(_("Wrote the bilan to {file}.").format(file=output), err=True)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


COMMANDS = [bilan]
