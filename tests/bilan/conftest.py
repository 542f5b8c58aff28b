"""An archive with the demo's five 2025 residences, their figures and five real recordings."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from archive import WITHDRAWN, Catalogue, ItemFields
from pipeline.demo.bilan import FIGURES
from pipeline.demo.data import RESIDENCES
from pipeline.plumbing import config
from pipeline.services.ingest import Recording, add_recording

# (series, seconds, title, kind, audiences, place, recorded, status)
RECORDINGS = [
    ("ondes", 3, "Le décryptage", "podcast", ("cycle-3",), "Feignies", "2025-03-10", "cleared"),
    ("ondes", 2, "Le conte du quartier", "conte", ("cycle-2", "cycle-3"), "Feignies",
     "2025-03-11", "draft"),
    ("pastilles", 2, "Une pastille", "pastille-video", ("cycle-3",), "Feignies", "2025-03-12",
     "cleared"),
    ("nature", 90, "La mare", "podcast", ("tout-public",), "Ferrière-la-Grande", "2024-11-05",
     "cleared"),
    ("ondes", 4, "Le retiré", "podcast", ("cycle-3",), "Feignies", "2025-03-13", WITHDRAWN),
]


def make_bilan_archive(folder: Path, media, *, public_bilan: bool = False) -> Path:
    cat = Catalogue.create(folder)
    settings = config.write_initial(folder, title="Archive de test",
                                    base_url="https://podcasts.example.org/")
    if public_bilan:
        (folder / config.CONFIG_NAME).write_text(
            config.render(dataclasses.replace(settings, public_bilan=True)), encoding="utf-8")
    for r in RESIDENCES:
        cat.add_residence(r["slug"], r["title"], kind=r["kind"], description=r["description"],
                          artists=r["artists"], places=r["places"],
                          start=date.fromisoformat(r["start"]), end=date.fromisoformat(r["end"]),
                          figures=FIGURES[r["slug"]])
    cat.add_series("ondes", "Les ondes de Feignies", residence="quartiers-feignies")
    cat.add_series("pastilles", "Pastilles", medium="video", residence="quartiers-feignies")
    cat.add_series("nature", "Quartiers nature", residence="quartiers-ferriere")
    for n, (series, seconds, title, kind, audiences, place, recorded, status) in \
            enumerate(RECORDINGS):
        file = media.video(seconds) if series == "pastilles" else \
            media.tone(seconds, freq=300 + 50 * n)
        fields = ItemFields(title=title, kind=kind, audiences=audiences, place=place,
                            themes=("nature",) if series == "nature" else ("information",),
                            recorded=date.fromisoformat(recorded))
        item = add_recording(cat, Recording(file=file, series=series, fields=fields,
                                            cleared=status != "draft", form_ref="AUT-1"),
                             actor="test")
        if status == WITHDRAWN:
            cat.set_status(item.slug, WITHDRAWN, actor="test")
    cat.close()
    return folder


@pytest.fixture(scope="module")
def bilan_archive(tmp_path_factory, media) -> Path:
    return make_bilan_archive(tmp_path_factory.mktemp("bilan") / "archive", media)


@pytest.fixture
def archive_cli():
    """Run the real `clea` in-process, as tests/conftest.py's ``archive.clea`` does."""
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.cli.commands import register

    register(cli)

    def run(folder: Path, *args: str):
        return CliRunner().invoke(cli, ["--archive", str(folder), *args],
                                  catch_exceptions=False)

    return run
