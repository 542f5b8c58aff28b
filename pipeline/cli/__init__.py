"""The ``clea`` command: a thin skin over the library.

This module only sets up the group, finds the archive and turns our errors into
one line on stderr with exit status 1 (usage errors exit 2, as click does).
The commands live beside it in ``pipeline/cli/``, one module per area.

It also chooses the language, from the locale (``i18n.language_from_env``:
French unless it asks for English), before any command is defined: help texts
are translated where they are written (``help=_("…")``), so the choice must
come first. ``_`` and ``ngettext`` here are the commands' translators.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from archive import Catalogue, ClearError
from archive.errors import STORAGE_ERRORS, disk_full
from media import MediaError
from pipeline.plumbing import config, i18n
from pipeline.plumbing.credentials import hide

LANGUAGE = i18n.language_from_env()
_ = i18n.activate(LANGUAGE)
ngettext = i18n.translations(LANGUAGE).ngettext

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Env:
    """What every command needs: where the archive is, opened on demand."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cat: Catalogue | None = None
        self._lib = None

    @property
    def catalogue(self) -> Catalogue:
        if self._cat is None:
            self._cat = Catalogue.open(self.folder)
        return self._cat

    @property
    def library(self):  # noqa: ANN201 - pipeline.api.Library, imported when first used
        """The archive opened for the system user, who holds its files."""
        from pipeline.api import Library

        if self._lib is None:
            self._lib = Library(self.catalogue)
        return self._lib

    @property
    def settings(self) -> config.Settings:
        self.catalogue  # noqa: B018 - refuses a folder that is not an archive
        return config.load(self.folder)

    def close(self) -> None:
        if self._cat is not None:
            self._cat.close()


class CleaGroup(click.Group):
    """Catches user errors once, for every command, and prints one line each."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ClearError, MediaError) as exc:
            _say(exc.line(_))
            ctx.exit(1)
        except STORAGE_ERRORS as exc:
            full = disk_full(exc, Path(ctx.obj.folder) / "catalogue.sqlite")
            if full is None:
                raise
            _say(full.line(_))
            ctx.exit(1)
        except KeyboardInterrupt:
            _say(_("interrupted; nothing half-written was kept"))
            ctx.exit(130)


def _say(message: str) -> None:
    """Each line of an error on stderr, with no key from an address in it."""
    for line in hide(message).splitlines():
        click.echo(f"clea: {line}", err=True)


def _terminate(signum, frame) -> None:  # noqa: ANN001 - signal handler signature
    """SIGTERM (systemd, `kill`, a supervisor) ends a command like Ctrl-C does: the
    running ffmpeg is stopped and temporary files are removed on the way out."""
    raise KeyboardInterrupt


# Commands are not translated; the sentences around them are (a docstring cannot be).
_SESSION = """\
  clea init mon-archive --title "Résidences CLEA" --base-url https://podcasts.example.org/
  cd mon-archive
  clea residence add lire-en-sambre --title "Lire en Sambre" --artist "Lola Monset"
  clea series add contes --title "Les bibliothèques racontent" --residence lire-en-sambre
  clea add conte.wav --series contes --title "La légende du Bavay" --cleared
  clea build && clea publish --to s3://mon-bucket"""
HELP = "\n\n".join([
    _("clea: catalogue, tag and publish the recordings of artist residencies."),
    "\b\n" + _("A typical session:") + "\n" + _SESSION,
    _("Run `clea COMMAND --help` for the details of each command."),
])


@click.group(cls=CleaGroup, context_settings=CONTEXT, help=HELP)
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="CLEA_ARCHIVE", default=".", show_default=_("the current folder"),
              help=_("The archive folder to work on (or set CLEA_ARCHIVE)."))
@click.version_option(package_name="clea")
@click.pass_context
def cli(ctx: click.Context, archive_dir: Path) -> None:
    # Its help is HELP, translated.
    env = Env(archive_dir)
    ctx.obj = env
    ctx.call_on_close(env.close)


def main(argv: list[str] | None = None) -> None:
    from pipeline.cli.commands import register

    register(cli)
    signal.signal(signal.SIGTERM, _terminate)
    prog = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "clea"
    cli.main(args=argv, prog_name="clea" if prog in ("__main__.py", "-c") else "clea")
