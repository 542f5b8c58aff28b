"""Residences and series: add, edit, list; a series' cover is checked and staged here.

A residence's figures come as ``KEY=N`` texts (the command line) or as a
mapping (the form); ``archive.figures`` checks both the same way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from archive import AUDIO, Residence, Series
from archive.fields import RESIDENCE_KIND, SERIES_CATEGORY
from pipeline.services.ingest import stage_sidecar
from pipeline.services.jingles import JingleFile, set_series_jingles

if TYPE_CHECKING:
    from pipeline.api.library import Library


@dataclass(frozen=True)
class ResidenceValues:
    """What is said about a residence; on an edit, ``None`` (or a missing figure)
    leaves a value as it is, and a figure given empty removes it."""

    title: str | None = None
    kind: str | None = None
    description: str | None = None
    artists: tuple[str, ...] | None = None
    places: tuple[str, ...] | None = None
    themes: tuple[str, ...] | None = None
    start: date | None = None
    end: date | None = None
    figures: Mapping[str, object] = field(default_factory=dict)

    def given(self) -> dict[str, object]:
        values = {k: v for k, v in vars(self).items() if v is not None and k != "figures"}
        if self.figures:
            values["figures"] = dict(self.figures)
        return values


@dataclass(frozen=True)
class NewSeries:
    slug: str
    title: str
    medium: str = AUDIO
    residence: str | None = None
    description: str = ""
    cover: Path | None = None
    numbered: bool = True
    category: str = SERIES_CATEGORY


@dataclass(frozen=True)
class SeriesChanges:
    """An edit of a series: ``None`` leaves a value as it is (its slug and medium stay);
    ``residence=""`` takes it out of its residence."""

    title: str | None = None
    residence: str | None = None
    description: str | None = None
    cover: Path | None = None
    numbered: bool | None = None
    category: str | None = None
    # An audio series' « générique »: new files, or their removal.
    intro: JingleFile | None = None
    outro: JingleFile | None = None
    no_intro: bool = False
    no_outro: bool = False

    @property
    def jingles(self) -> bool:
        return any((self.intro, self.outro, self.no_intro, self.no_outro))

    @property
    def texts(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in ("title", "residence", "description", "numbered",
                                             "category")}


class Residences:
    """The residence and series actions of ``Library``."""

    def add_residence(self: Library, slug: str, values: ResidenceValues) -> Residence:
        given = values.given()
        given.setdefault("kind", RESIDENCE_KIND)
        return self.catalogue.add_residence(slug, str(given.pop("title", "")),
                                            actor=self.actor.name, **given)

    def edit_residence(self: Library, slug: str, values: ResidenceValues) -> Residence:
        return self.catalogue.edit_residence(slug, actor=self.actor.name, role=self.actor.role,
                                             **values.given())

    def residences(self: Library) -> list[Residence]:
        return self.catalogue.residences()

    def residence(self: Library, slug: str) -> Residence:
        return self.catalogue.residence(slug)

    def add_series(self: Library, new: NewSeries) -> Series:
        cat = self.catalogue
        with contextlib.ExitStack() as stack:
            cover = stage_sidecar(cat, Path(new.cover), "cover", stack) if new.cover else None
            return cat.add_series(new.slug, new.title, medium=new.medium,
                                  residence=new.residence or None, description=new.description,
                                  cover=cover, numbered=new.numbered,
                                  category=new.category or SERIES_CATEGORY,
                                  actor=self.actor.name)

    def edit_series(self: Library, slug: str, changes: SeriesChanges) -> Series:
        """Change a series' texts and cover, and its intro and outro, in one action:
        a refused jingle leaves the texts as they were too. A new intro or outro
        re-encodes this series' episodes only, at the next build."""
        cat = self.catalogue
        texts = changes.texts
        who = {"actor": self.actor.name, "role": self.actor.role}
        with cat.action(), contextlib.ExitStack() as stack:
            series = None
            if changes.cover or any(v is not None for v in texts.values()) or not changes.jingles:
                cover = (stage_sidecar(cat, Path(changes.cover), "cover", stack)
                         if changes.cover else None)
                series = cat.edit_series(slug, cover=cover, **who, **texts)
            if changes.jingles:
                series = set_series_jingles(cat, slug, intro=changes.intro, outro=changes.outro,
                                            no_intro=changes.no_intro,
                                            no_outro=changes.no_outro, **who)
            return series

    def series_list(self: Library) -> list[Series]:
        return self.catalogue.series_list()

    def series(self: Library, slug: str) -> Series:
        return self.catalogue.series(slug)

    def series_counts(self: Library) -> dict[str, int]:
        """How many recordings each series holds (one query)."""
        return self.catalogue.item_counts()

    def may_change(self: Library, what: str, slug: str) -> bool:
        """Whether this actor may edit that residence or series (a public one is a
        responsable's)."""
        return self.catalogue.may_change(self.actor.role, what, slug)
