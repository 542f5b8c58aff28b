"""``clea doctor``: is the archive ready to go public?"""

from __future__ import annotations

import click

from pipeline.cli import _, ngettext
from pipeline.cli.common import pass_env
from pipeline.services.doctor import examine, report_lines


@click.command(help=_("Say what is not ready before publishing, and what to do about each.\n\n"
                      "Checks the public address (https, not local), the owner's name and "
                      "e-mail written into every feed, the series' covers, the publish targets "
                      "(set, allowed, writable; for a bucket: credentials present and the host "
                      "answering) and the web interface's session secret. Changes nothing. Exit "
                      "status 1 when something blocks `clea publish`."))
@click.option("--offline", is_flag=True,
              help=_("Do not contact the S3 hosts (only check that credentials are set)."))
@pass_env
def doctor(env, offline: bool) -> None:
    findings = examine(env.catalogue, env.settings, network=not offline)
    for line in report_lines(findings, _, ngettext):
        click.echo(line)
    if any(f.blocks for f in findings):
        raise SystemExit(1)


COMMANDS = [doctor]
