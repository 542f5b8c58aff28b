"""``clea serve``: preview the built site with range requests, on this computer only."""

from __future__ import annotations

from pathlib import Path

import click

from archive import N_, ClearError
from pipeline.api import default_site
from pipeline.cli import _
from pipeline.cli.common import pass_env
from pipeline.plumbing import urls
from pipeline.services.serve import serve as run_server


@click.command(help=_("Preview the built site in a browser, as it will be published.\n\n"
                      "Serves the output of `clea build` with the MIME types, byte ranges and "
                      "caching headers podcast apps and browsers expect. Stop it with Ctrl-C."))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help=_("The port to listen on."))
@click.option("--host", default="127.0.0.1", show_default=True,
              help=_("The address to listen on; keep 127.0.0.1 unless others must see it."))
@click.option("--site", "site", type=click.Path(file_okay=False, path_type=Path),
              help=_("The built site to serve. Default: the archive's site folder."))
@pass_env
def serve(env, port: int, host: str, site: Path | None) -> None:
    root = site if site is not None else default_site(env.folder)
    if not (root / urls.file_of(urls.HOME)).is_file():
        raise ClearError(N_("no built site here; run `clea build` first (or pass --site)"), root,
                         code="serve.no-site")
    try:
        run_server(root, host, port)
    except OSError as exc:
        raise ClearError(N_("cannot listen on {host}:{port} ({error})"), code="serve.cannot-listen",
                         host=host, port=port, error=exc.strerror or str(exc)) from exc


COMMANDS = [serve]
