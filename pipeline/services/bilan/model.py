"""The bilan's records: what each residence did and produced, and the total.

Plain frozen dataclasses, in the bilan's own vocabulary: the exports, the
charts, the web page and the public page only lay these out. Counts only:
no record here has a field that could hold a person's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Production:
    """One recording as the bilan counts it (from a catalogue item or a public episode)."""

    residence: str | None  # residence slug
    series: str  # series slug
    kind: str
    medium: str  # audio | video
    seconds: float
    audiences: tuple[str, ...]
    place: str
    themes: tuple[str, ...]
    year: int


@dataclass(frozen=True)
class Count:
    """One line of a breakdown: a code, its French label and how many."""

    code: str
    label: str
    value: int


@dataclass(frozen=True)
class Part:
    """One residence of the bilan, or the total (``slug`` empty)."""

    slug: str
    title: str
    kind_label: str
    start: date | None
    end: date | None
    artists: tuple[str, ...]
    places: tuple[str, ...]
    figures: tuple[Count, ...]  # recorded figures, vocabulary order
    people: int  # « personnes impliquées »: the sum of the people-counting figures
    productions: int
    by_kind: tuple[Count, ...]
    by_medium: tuple[Count, ...]
    audio_minutes: int
    video_minutes: int
    by_audience: tuple[Count, ...]
    by_place: tuple[Count, ...]
    by_theme: tuple[Count, ...]
    by_year: tuple[Count, ...]
    downloads: int | None = None  # None: no listening figures were given
    by_series_downloads: tuple[Count, ...] = ()

    @property
    def is_total(self) -> bool:
        return not self.slug

    def figure(self, code: str) -> int | None:
        return next((c.value for c in self.figures if c.code == code), None)


@dataclass(frozen=True)
class Bilan:
    year: int | None  # the year asked for, or None for every year
    residence: str | None  # the residence asked for, or None for all
    parts: tuple[Part, ...]  # one per residence, in date order
    total: Part
    listening: bool  # listening figures were given (and are in the parts)
    public: bool = False  # made from the public site's data only
