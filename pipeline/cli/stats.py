"""``clea stats`` and ``clea stats import``: listening figures from access logs."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from archive import parse_date
from archive.errors import N_
from pipeline.cli import Env, _, ngettext
from pipeline.cli.common import pass_env
from pipeline.plumbing.progress import bar
from pipeline.services.stats import DIMENSIONS, figures, import_logs, total_bytes

# Commands are not translated; the sentences around them are.
_EXAMPLES = """\
  clea stats --by series
  clea stats --by month --from 2025-09-01 --to 2025-12-31 --format csv > ecoutes.csv"""


@click.group(invoke_without_command=True, help="\n\n".join([
    _("Show how many times episodes were downloaded."),
    _("Downloads are counted from the access logs you import (clea stats import), the way "
      "podcast hosts count them (IAB guidelines v2.2): one download per listener and episode "
      "within 24 hours, at least one minute of the episode received, bots excluded. No address "
      "or user agent is kept, only the counts."),
    "\b\n" + _("Examples:") + "\n" + _EXAMPLES]))
@click.option("--by", type=click.Choice(DIMENSIONS), default="episode", show_default=True,
              help=_("Group the downloads by episode, series, residence, month or app."))
@click.option("--from", "start", metavar="YYYY-MM-DD", help=_("First day counted (UTC)."))
@click.option("--to", "end", metavar="YYYY-MM-DD", help=_("Last day counted (UTC), included."))
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text",
              show_default=True,
              help=_("text for reading, csv for a spreadsheet, json for tools."))
@click.pass_context
def stats(ctx, by, start, end, fmt) -> None:
    # --format csv and json keep their English column names and keys, for programs.
    if ctx.invoked_subcommand is not None:
        return
    env = ctx.find_object(Env)
    result = figures(env.catalogue, by=by, start=parse_date(start, "start date"),
                     end=parse_date(end, "end date"))
    if fmt == "json":
        click.echo(json.dumps({
            "by": by, "from": start, "to": end, "total": result.total,
            "rows": [{"key": r.key, "label": r.label, "downloads": r.downloads}
                     for r in result.rows]}, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([by, "label", "downloads"])
        for r in result.rows:
            writer.writerow([r.key, r.label, r.downloads])
    else:
        if not result.rows:
            click.echo(_("No downloads counted yet for this period (import logs with "
                         "`clea stats import LOG…`)."))
            return
        width = max(len(str(r.downloads)) for r in result.rows)
        for r in result.rows:
            shown = r.label if r.label == r.key else f"{r.label} ({r.key})"
            click.echo(f"{r.downloads:>{width}}  {shown}")
        click.echo(f"{result.total:>{width}}  " + _("total"))


@stats.command("import", help=_(
    "Count the downloads in access logs LOG… (gzip or not).\n\nReads S3 server access logs, "
    "CloudFront standard logs and nginx or Apache \"combined\" logs, recognising each from its "
    "content. Give all the logs of a period in one import (e.g. `clea stats import "
    "logs/2025-11-*.gz`): a listener whose requests are split between two imports may be "
    "counted in each. A log imported again counts nothing twice; a log that grew since it was "
    "imported (access.log) only counts its new lines."))
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_env
def stats_import(env, logs: tuple[Path, ...]) -> None:
    cat = env.catalogue
    with bar(total_bytes(logs), N_("reading logs")) as progress:
        report = import_logs(cat, logs, progress=progress.update)
    for log in report.logs:
        if log.state == "already-imported":
            click.echo(_("{log}: already imported, nothing counted again").format(log=log.name))
            continue
        requests = ngettext("{count} request", "{count} requests", log.lines).format(
            count=log.lines)
        if log.state == "extended":
            requests = _("{requests} (new lines only)").format(requests=requests)
        line = _("{log}: {format}, {requests}, {bots} from bots, {downloads}").format(
            log=log.name, format=log.format, requests=requests, bots=log.bots,
            downloads=ngettext("{count} download", "{count} downloads", log.downloads).format(
                count=log.downloads))
        if log.skipped:
            line += ngettext(", {count} unreadable line skipped",
                             ", {count} unreadable lines skipped", log.skipped).format(
                count=log.skipped)
        click.echo(line)
    click.echo(_("{downloads} counted from {requests}.").format(
        downloads=ngettext("{count} download", "{count} downloads", report.downloads).format(
            count=report.downloads),
        requests=ngettext("{count} request", "{count} requests", report.lines).format(
            count=report.lines)))


COMMANDS = [stats]
