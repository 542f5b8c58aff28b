"""``clea publish``: the command-line skin over ``pipeline.publish.publish``."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import LANGUAGE, _
from pipeline.cli.common import pass_env

# Commands are not translated; the sentences around them are.
_EXAMPLES = """\
  clea publish --to /var/www/podcasts
  clea publish --to s3://mediatheque-podcasts --endpoint-url https://s3.fr-par.scw.cloud
  clea publish --dry-run        """
HELP = "\n\n".join([
    _("Put the built site online: in a folder, or in an S3-compatible bucket."),
    _("Run `clea build` first. Only files that changed since the last publish to the same "
      "place are sent. Media and pictures go first, then pages, then the podcast feeds, so a "
      "listener's app never finds an episode whose file is not there yet. Files that left the "
      "site (a withdrawn episode, say) are deleted last. If a publish is interrupted, run it "
      "again: it finishes the job."),
    "\b\n" + _("Examples:") + "\n" + _EXAMPLES + _("(uses publish_to from clea.toml)"),
    _("For a bucket, the access key comes from the usual places: the variables "
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile chosen with AWS_PROFILE in "
      "~/.aws/credentials. clea never stores or prints it."),
])


@click.command(help=HELP)
@click.option("--to", "target", metavar="FOLDER|s3://BUCKET[/PREFIX]",
              help=_("Where to put the site: a folder (a web server's folder, a USB key) or a "
                     "bucket. Default: publish_to in clea.toml."))
@click.option("--target", "named", metavar="NAME",
              help=_("A target named in clea.toml ([publish.targets.NAME], or \"defaut\" for "
                     "publish_to), with its endpoint and region."))
@click.option("--endpoint-url", metavar="URL",
              help=_("The address of an S3-compatible host, e.g. https://s3.fr-par.scw.cloud "
                     "(Scaleway) or https://s3.gra.io.cloud.ovh.net (OVHcloud). Not needed for "
                     "Amazon S3. Default: endpoint_url in clea.toml."))
@click.option("--region", metavar="NAME",
              help=_("The bucket's region, e.g. fr-par or gra. Default: region in clea.toml."))
@click.option("--site", type=click.Path(file_okay=False, path_type=Path),
              help=_("The built site to publish. Default: the site folder of the archive, "
                     "where `clea build` writes."))
@click.option("--dry-run", is_flag=True,
              help=_("Only print what would be uploaded and deleted; change nothing."))
@click.option("--check", is_flag=True,
              help=_("Compare the target with what clea published there and list every "
                     "difference; change nothing. Exit status 1 if anything differs."))
@click.option("--repair", is_flag=True,
              help=_("Look at the target first and upload again anything missing or altered "
                     "there (after --check has found some)."))
@click.option("--adopt", is_flag=True,
              help=_("Take over files already in the target under the names of the site's "
                     "files (after restoring the catalogue, say). Without it clea refuses to "
                     "overwrite a file it did not publish."))
@pass_env
def publish(env, target, named, endpoint_url, region, site, dry_run, check, repair,
            adopt) -> None:
    if named and target:
        raise click.UsageError(_("give either --to or --target, not both"))
    report = env.library.publish(
        to=target, named=named or None, endpoint_url=endpoint_url, region=region, site=site,
        dry_run=dry_run, check=check, repair=repair, adopt=adopt, log=click.echo, progress=True,
    )
    click.echo(report.summary(LANGUAGE))
    if check and report.differences:
        raise SystemExit(1)


COMMANDS = [publish]
