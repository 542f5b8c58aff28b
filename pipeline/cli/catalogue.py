"""``clea init``, ``clea residence …`` and ``clea series …``."""

from __future__ import annotations

from pathlib import Path

import click

from archive import Catalogue, parse_date
from archive.fields import RESIDENCE_KIND, SERIES_CATEGORY
from archive.figures import parse_assignments
from archive.vocabulary import FIGURES, PEOPLE_FIGURES
from pipeline.api import JingleFile, NewSeries, ResidenceValues, SeriesChanges
from pipeline.cli import _
from pipeline.cli.common import pass_env
from pipeline.plumbing import config


@click.command(help=_("Create a new, empty archive in FOLDER.\n\nFOLDER gets the catalogue "
                      "(catalogue.sqlite), the originals store (originals/) and the settings "
                      "(clea.toml), which you may edit by hand."))
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help=_("The archive's public title (site and feeds)."))
@click.option("--base-url", help=_("The public address where the site will live, "
              "e.g. https://podcasts.mediatheques.example.org/"))
def init(folder: Path, title: str | None, base_url: str | None) -> None:
    settings = config.load(folder) if (folder / config.CONFIG_NAME).exists() else None
    cat = Catalogue.create(folder)
    cat.close()
    if settings is None:
        config.write_initial(folder, title=title, base_url=base_url)
    click.echo(_("Created an archive in {folder}. Next: {command}").format(
        folder=folder, command=f"clea --archive {folder} residence add …"))


FIGURE_HELP = _(
    "What the residence did, as KEY=N with N a whole number (repeat for several), e.g. "
    "--figure eleves=738 --figure ecoles=12. KEY is one of: {keys}. Counts only, never names. "
    "{people} add up to the “personnes impliquées” of `clea bilan`."
).format(keys=", ".join(FIGURES), people=", ".join(PEOPLE_FIGURES))


def figure_option(func):
    return click.option("--figure", "figures", multiple=True, metavar="KEY=N",
                        help=FIGURE_HELP)(func)


@click.group(help=_("Residences: the artist residencies that produce the recordings."))
def residence() -> None:
    pass


@residence.command("add", help=_("Add a residence named SLUG (lower-case letters, digits and "
                                  "dashes).\n\nThe slug is part of public addresses and never "
                                  "changes."))
@click.argument("slug")
@click.option("--title", required=True, help=_("Its name, e.g. \"Qu(art)iers à Feignies\"."))
@click.option("--artist", "artists", multiple=True,
              help=_("An artist's name (repeat for several)."))
@click.option("--place", "places", multiple=True, help=_("A place (repeat for several)."))
@click.option("--theme", "themes", multiple=True, help=_("A theme (repeat for several)."))
@click.option("--kind", default=RESIDENCE_KIND, show_default=True,
              help=_("residence-mission, mission-appui or quartiers."))
@click.option("--description", default="", help=_("A few sentences for the public page."))
@click.option("--start", help=_("First day, YYYY-MM-DD."))
@click.option("--end", help=_("Last day, YYYY-MM-DD."))
@figure_option
@pass_env
def residence_add(env, slug, title, artists, places, themes, kind, description, start, end,
                  figures):
    env.library.add_residence(slug, ResidenceValues(
        title=title, kind=kind, description=description, artists=artists, places=places,
        themes=themes, start=parse_date(start, "start date"), end=parse_date(end, "end date"),
        figures=parse_assignments(figures, slug),
    ))
    click.echo(slug)


@residence.command("edit", help=_("Change what is said about residence SLUG (its slug "
                                   "stays).\n\n--figure changes only the figures it names; "
                                   "KEY= with no number removes one."))
@click.argument("slug")
@click.option("--title", help=_("Its new name."))
@click.option("--artist", "artists", multiple=True, help=_("Replaces the list of artists."))
@click.option("--place", "places", multiple=True, help=_("Replaces the list of places."))
@click.option("--theme", "themes", multiple=True, help=_("Replaces the list of themes."))
@click.option("--kind", help=_("residence-mission, mission-appui or quartiers."))
@click.option("--description", help=_("A few sentences for the public page."))
@click.option("--start", help=_("First day, YYYY-MM-DD."))
@click.option("--end", help=_("Last day, YYYY-MM-DD."))
@figure_option
@pass_env
def residence_edit(env, slug, title, artists, places, themes, kind, description, start, end,
                   figures):
    env.library.edit_residence(slug, ResidenceValues(
        title=title, kind=kind, description=description, artists=artists or None,
        places=places or None, themes=themes or None,
        start=parse_date(start, "start date"), end=parse_date(end, "end date"),
        figures=parse_assignments(figures, slug),
    ))
    click.echo(slug)


@residence.command("list", help=_("List the residences: slug, dates and title."))
@pass_env
def residence_list(env) -> None:
    for r in env.library.residences():
        dates = f"{r.start or '?'}…{r.end or '?'}"
        click.echo(f"{r.slug}\t{dates}\t{r.title}")


@click.group(help=_("Series: one podcast show each, with its own feed, audio or video."))
def series() -> None:
    pass


@series.command("add", help=_("Add a series named SLUG: one podcast feed, audio or video."))
@click.argument("slug")
@click.option("--title", required=True,
              help=_("The show's title, as podcast apps will show it."))
@click.option("--residence", help=_("The residence it belongs to (its slug)."))
@click.option("--description", default="", help=_("A few sentences for apps and the site."))
@click.option("--cover", type=click.Path(path_type=Path),
              help=_("Square JPEG or PNG, at least 1400×1400 pixels."))
@click.option("--medium", type=click.Choice(["audio", "video", "image", "document"]),
              default="audio", show_default=True,
              help=_("One medium per series: audio or video (podcast feeds; apps refuse mixed "
                     "feeds), image (photos, posters, scans: shown as a gallery) or document "
                     "(PDF booklets, quizzes, files: each with its own page)."))
@click.option("--numbered/--not-numbered", default=True, show_default=True,
              help=_("Number the episodes in podcast apps."))
@click.option("--category", default=SERIES_CATEGORY, show_default=True,
              help=_("An Apple Podcasts category (Education, Arts, Kids & Family…)."))
@pass_env
def series_add(env, slug, title, residence, description, cover, medium, numbered, category):
    env.library.add_series(NewSeries(slug, title, medium=medium, residence=residence,
                                     description=description, cover=cover, numbered=numbered,
                                     category=category))
    click.echo(slug)


@series.command("edit", help=_("Change what is said about series SLUG (its slug and medium "
                                "stay)."))
@click.argument("slug")
@click.option("--title", help=_("The show's title, as podcast apps will show it."))
@click.option("--residence", help=_("The residence it belongs to (its slug)."))
@click.option("--description", help=_("A few sentences for apps and the site."))
@click.option("--cover", type=click.Path(path_type=Path),
              help=_("Square JPEG or PNG, at least 1400×1400 pixels."))
@click.option("--numbered/--not-numbered", default=None,
              help=_("Number the episodes in podcast apps."))
@click.option("--category", help=_("An Apple Podcasts category (Education, Arts, Kids & "
                                   "Family…)."))
@click.option("--intro", type=click.Path(path_type=Path),
              help=_("A short sound (at most 60 s) played before every episode of this audio "
                     "series: its silent ends are trimmed, it fades in and out and is brought "
                     "to the series' loudness at the next build."))
@click.option("--outro", type=click.Path(path_type=Path),
              help=_("A short sound played after every episode, prepared like --intro."))
@click.option("--no-intro", is_flag=True, help=_("Remove the intro."))
@click.option("--no-outro", is_flag=True, help=_("Remove the outro."))
@pass_env
def series_edit(env, slug, title, residence, description, cover, numbered, category,
                intro, outro, no_intro, no_outro):
    env.library.edit_series(slug, SeriesChanges(
        title=title, residence=residence, description=description, cover=cover,
        numbered=numbered, category=category, intro=JingleFile(intro) if intro else None,
        outro=JingleFile(outro) if outro else None, no_intro=no_intro, no_outro=no_outro))
    click.echo(slug)


@series.command("list", help=_("List the series: slug, medium, residence and title."))
@pass_env
def series_list(env) -> None:
    for s in env.library.series_list():
        click.echo(f"{s.slug}\t{s.medium}\t{s.residence or '-'}\t{s.title}")



COMMANDS = [init, residence, series]
