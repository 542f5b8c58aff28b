"""``clea web``: serve the librarians' web interface."""

from __future__ import annotations

import logging
import signal
import sys

import click

from pipeline.api.accounts import has_accounts
from pipeline.cli import _
from pipeline.cli.common import pass_env


@click.command(help=_("Serve the web interface (in French) for librarians.\n\n"
                      "Create accounts first with `clea user add NAME --role responsable`. "
                      "Builds, publishes and checks asked from the browser run one at a time in "
                      "the background; stop the server with Ctrl+C."))
@click.option("--host", default="127.0.0.1", show_default=True,
              help=_("Address to listen on. The default only accepts this computer; "
                     "0.0.0.0 accepts the whole network (put HTTPS in front)."))
@click.option("--port", default=8421, show_default=True, type=click.IntRange(1, 65535),
              help=_("The port to listen on."))
@click.option("--behind-proxy", is_flag=True,
              help=_("Trust the X-Forwarded-For/-Proto/-Host headers of the reverse proxy "
                     "(nginx, Apache) that serves the interface over HTTPS, from the "
                     "addresses in [web] trusted_proxies of clea.toml (default: this "
                     "computer)."))
@click.option("--threads", default=None, type=click.IntRange(1, 64),
              help=_("Requests served at the same time (default: [web] threads of clea.toml, "
                     "6)."))
@pass_env
def web(env, host: str, port: int, behind_proxy: bool, threads: int | None) -> None:
    from pipeline.web.server import make_server, stop

    _log_to_stderr()
    if not has_accounts(env.catalogue):
        click.echo("clea: " + _("no account yet; create one with "
                                "`clea user add NAME --role responsable`"), err=True)
    server, worker = make_server(env.folder, host=host, port=port, behind_proxy=behind_proxy,
                                 threads=threads)
    shown = f"[{host}]" if ":" in host else host
    click.echo(_("Serving the web interface of {folder} on {address} (Ctrl+C to stop)").format(
        folder=env.folder, address=f"http://{shown}:{server.effective_port}/"), err=True)
    # systemd and `kill` stop with SIGTERM: end as cleanly as with Ctrl+C.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop(server, worker)


def _log_to_stderr() -> None:
    """Log-ins, log-outs and refused log-ins (``clea.web``) and waitress's warnings go
    to stderr, one dated line each: where a terminal, systemd's journal or a log
    file reads them. Set up before the application, so nothing is logged twice."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("clea").setLevel(logging.INFO)


def _interrupt(signum, frame) -> None:  # noqa: ANN001 - signal handler signature
    raise KeyboardInterrupt


COMMANDS = [web]
