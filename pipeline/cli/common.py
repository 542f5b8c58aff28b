"""What the command modules share: the archive handle and the item options."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import Env, _

pass_env = click.make_pass_decorator(Env)


def item_options(func):
    """Options that describe an item, shared by ``add`` and ``edit``."""
    options = [
        click.option("--title", help=_("The title as listeners will see it (accents welcome).")),
        click.option("--description", help=_("A few sentences: what it is, who made it. For a "
                                             "photo, its caption.")),
        click.option("--alt", help=_("For a picture: what it shows, for people who cannot see "
                                     "it (« Texte alternatif »). Required before a picture is "
                                     "cleared.")),
        click.option("--kind", help=_("conte, podcast, pastille-video, portrait, conference, "
                                      "quiz, reportage, temoignage, photo, affiche, exposition, "
                                      "livret, dossier…")),
        click.option("--audience", "audiences", multiple=True,
                     help=_("cycle-1 … cycle-4, college, lycee, adultes, professionnels, "
                     "tout-public (repeat for several).")),
        click.option("--theme", "themes", multiple=True, help=_("A theme (repeat for several).")),
        click.option("--place", help=_("Where it was recorded (town, school, library).")),
        click.option("--contributor", "contributors", multiple=True, metavar="NAME:ROLE[:minor]",
                     help=_("Someone who took part, e.g. \"Lola Monset:autrice\". Add :minor for "
                     "a child: minors are never named publicly, only the --group.")),
        click.option("--group", help=_("How pupils are credited in public, e.g. "
                     "\"élèves de CM2, école Jules-Ferry\".")),
        click.option("--recorded", metavar="YYYY-MM-DD", help=_("The day it was recorded.")),
        click.option("--licence", help=_("cc-by-4.0, cc-by-sa-4.0, cc-by-nc-4.0, cc-by-nc-sa-4.0, "
                     "cc-by-nc-nd-4.0 (default) or tous-droits-reserves.")),
        click.option("--language", help=_("Language code, default fr.")),
        click.option("--transcript", type=click.Path(path_type=Path),
                     help=_("A WebVTT (.vtt) or SubRip (.srt) transcript.")),
        click.option("--chapters", type=click.Path(path_type=Path),
                     help=_("Chapters: one \"00:01:30 Titre\" per line, or JSON.")),
        click.option("--cover", type=click.Path(path_type=Path),
                     help=_("An episode picture: square JPEG or PNG, at least 1400 px.")),
    ]
    for option in reversed(options):
        func = option(func)
    return func
