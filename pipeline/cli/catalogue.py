"""``clea init``, ``clea residence …`` and ``clea series …``."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from archive import Catalogue, parse_date
from archive.figures import parse_assignments
from archive.vocabulary import FIGURES, PEOPLE_FIGURES
from pipeline.cli.common import pass_env
from pipeline.plumbing import config
from pipeline.services.ingest import stage_sidecar


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The archive's public title (site and feeds).")
@click.option("--base-url", help="The public address where the site will live, "
              "e.g. https://podcasts.mediatheques.example.org/")
def init(folder: Path, title: str | None, base_url: str | None) -> None:
    """Create a new, empty archive in FOLDER.

    FOLDER gets the catalogue (catalogue.sqlite), the originals store
    (originals/) and the settings (clea.toml), which you may edit by hand.
    """
    settings = config.load(folder) if (folder / config.CONFIG_NAME).exists() else None
    cat = Catalogue.create(folder)
    cat.close()
    if settings is None:
        config.write_initial(folder, title=title, base_url=base_url)
    click.echo(f"Created an archive in {folder}. Next: clea --archive {folder} residence add …")


FIGURE_HELP = (
    "What the residence did, as KEY=N with N a whole number (repeat for several), e.g. "
    "--figure eleves=738 --figure ecoles=12. KEY is one of: " + ", ".join(FIGURES) + ". "
    "Counts only, never names. " + ", ".join(PEOPLE_FIGURES) + " add up to the "
    "« personnes impliquées » of `clea bilan`."
)


def figure_option(func):
    return click.option("--figure", "figures", multiple=True, metavar="KEY=N",
                        help=FIGURE_HELP)(func)


@click.group()
def residence() -> None:
    """Residences: the artist residencies that produce the recordings."""


@residence.command("add")
@click.argument("slug")
@click.option("--title", required=True, help="Its name, e.g. \"Qu(art)iers à Feignies\".")
@click.option("--artist", "artists", multiple=True, help="An artist's name (repeat for several).")
@click.option("--place", "places", multiple=True, help="A place (repeat for several).")
@click.option("--theme", "themes", multiple=True, help="A theme (repeat for several).")
@click.option("--kind", default="residence-mission", show_default=True,
              help="residence-mission, mission-appui or quartiers.")
@click.option("--description", default="", help="A few sentences for the public page.")
@click.option("--start", help="First day, YYYY-MM-DD.")
@click.option("--end", help="Last day, YYYY-MM-DD.")
@figure_option
@pass_env
def residence_add(env, slug, title, artists, places, themes, kind, description, start, end,
                  figures):
    """Add a residence named SLUG (lower-case letters, digits and dashes).

    The slug is part of public addresses and never changes.
    """
    env.catalogue.add_residence(
        slug, title, kind=kind, description=description, artists=artists, places=places,
        themes=themes, start=parse_date(start, "start date"), end=parse_date(end, "end date"),
        figures=parse_assignments(figures, slug),
    )
    click.echo(slug)


@residence.command("edit")
@click.argument("slug")
@click.option("--title")
@click.option("--artist", "artists", multiple=True, help="Replaces the list of artists.")
@click.option("--place", "places", multiple=True, help="Replaces the list of places.")
@click.option("--theme", "themes", multiple=True, help="Replaces the list of themes.")
@click.option("--kind")
@click.option("--description")
@click.option("--start")
@click.option("--end")
@figure_option
@pass_env
def residence_edit(env, slug, title, artists, places, themes, kind, description, start, end,
                   figures):
    """Change what is said about residence SLUG (its slug stays).

    --figure changes only the figures it names; KEY= with no number removes one.
    """
    env.catalogue.edit_residence(
        slug, title=title, kind=kind, description=description, artists=artists or None,
        places=places or None, themes=themes or None,
        start=parse_date(start, "start date"), end=parse_date(end, "end date"),
        figures=parse_assignments(figures, slug),
    )
    click.echo(slug)


@residence.command("list")
@pass_env
def residence_list(env) -> None:
    """List the residences: slug, dates and title."""
    for r in env.catalogue.residences():
        dates = f"{r.start or '?'}…{r.end or '?'}"
        click.echo(f"{r.slug}\t{dates}\t{r.title}")


@click.group()
def series() -> None:
    """Series: one podcast show each, with its own feed, audio or video."""


@series.command("add")
@click.argument("slug")
@click.option("--title", required=True, help="The show's title, as podcast apps will show it.")
@click.option("--residence", help="The residence it belongs to (its slug).")
@click.option("--description", default="", help="A few sentences for apps and the site.")
@click.option("--cover", type=click.Path(path_type=Path),
              help="Square JPEG or PNG, at least 1400×1400 pixels.")
@click.option("--medium", type=click.Choice(["audio", "video", "image", "document"]),
              default="audio", show_default=True,
              help="One medium per series: audio or video (podcast feeds; apps refuse mixed "
                   "feeds), image (photos, posters, scans: shown as a gallery) or document "
                   "(PDF booklets, quizzes, files: each with its own page).")
@click.option("--numbered/--not-numbered", default=True, show_default=True,
              help="Number the episodes in podcast apps.")
@click.option("--category", default="Education", show_default=True,
              help="An Apple Podcasts category (Education, Arts, Kids & Family…).")
@pass_env
def series_add(env, slug, title, residence, description, cover, medium, numbered, category):
    """Add a series named SLUG: one podcast feed, audio or video."""
    cat = env.catalogue
    with contextlib.ExitStack() as stack:
        staged = stage_sidecar(cat, cover, "cover", stack) if cover else None
        cat.add_series(slug, title, medium=medium, residence=residence, description=description,
                       cover=staged, numbered=numbered, category=category)
    click.echo(slug)


@series.command("edit")
@click.argument("slug")
@click.option("--title")
@click.option("--residence")
@click.option("--description")
@click.option("--cover", type=click.Path(path_type=Path))
@click.option("--numbered/--not-numbered", default=None)
@click.option("--category")
@pass_env
def series_edit(env, slug, title, residence, description, cover, numbered, category):
    """Change what is said about series SLUG (its slug and medium stay)."""
    cat = env.catalogue
    with contextlib.ExitStack() as stack:
        staged = stage_sidecar(cat, cover, "cover", stack) if cover else None
        cat.edit_series(slug, title=title, residence=residence, description=description,
                        cover=staged, numbered=numbered, category=category)
    click.echo(slug)


@series.command("list")
@pass_env
def series_list(env) -> None:
    """List the series: slug, medium, residence and title."""
    for s in env.catalogue.series_list():
        click.echo(f"{s.slug}\t{s.medium}\t{s.residence or '-'}\t{s.title}")



COMMANDS = [init, residence, series]
