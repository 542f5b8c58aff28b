"""Computing the bilan: recorded figures per residence, and what the catalogue knows.

``compute`` is pure: residences, series and productions in, a ``Bilan`` out.
``from_catalogue`` feeds it the catalogue (every recording but the withdrawn
ones: a recording still waiting for its authorisations was made all the same);
the public site feeds it only its public episodes (``pipeline.build.site``).

Listening figures are not this module's: the caller passes downloads per
series slug (``listening``), from wherever they are counted, or nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from archive import WITHDRAWN, Catalogue, ClearError, Item, Residence, Series, vocabulary
from archive.errors import N_
from archive.figures import people
from pipeline.services.bilan.model import Bilan, Count, Part, Production

MEDIUM_LABELS = {"audio": "Audio", "video": "Vidéo"}
NO_PLACE = "(lieu non précisé)"


def production_of(item: Item, series: Series) -> Production:
    return Production(
        residence=series.residence, series=series.slug, kind=item.kind, medium=item.medium,
        seconds=float(item.original.duration or 0.0), audiences=item.audiences,
        place=item.place.strip(), themes=tuple(t.strip() for t in item.themes if t.strip()),
        year=item.year,
    )


def from_catalogue(cat: Catalogue, *, year: int | None = None, residence: str | None = None,
                   listening: Mapping[str, int] | None = None) -> Bilan:
    """The bilan of the catalogue, for one year and/or one residence if asked.

    ``listening``: downloads per series slug, or ``None`` when there are none
    (the bilan then has no listening section).
    """
    if residence is not None:
        cat.residence(residence)  # refuses an unknown slug, naming it
    check_year(year)
    series = cat.series_list()
    by_slug = {s.slug: s for s in series}
    productions = [production_of(item, by_slug[item.series]) for item in cat.items()
                   if item.status != WITHDRAWN]
    return compute(cat.residences(), series, productions, year=year, residence=residence,
                   listening=listening)


def check_year(year: int | None) -> None:
    if year is not None and not 1900 <= year <= 2999:
        raise ClearError(N_("the year {year} is not a year written YYYY"), code="bilan.year",
                         field="annee", year=year)


def compute(residences: Iterable[Residence], series: Iterable[Series],
            productions: Iterable[Production], *, year: int | None = None,
            residence: str | None = None, listening: Mapping[str, int] | None = None,
            public: bool = False) -> Bilan:
    series = list(series)
    titles = {s.slug: s.title for s in series}
    series_of: dict[str, list[str]] = {}
    for s in series:
        if s.residence:
            series_of.setdefault(s.residence, []).append(s.slug)
    made = [p for p in productions if year is None or p.year == year]
    chosen = [r for r in residences
              if (residence is None or r.slug == residence)
              and _active(r, year, [p for p in made if p.residence == r.slug])]
    chosen.sort(key=lambda r: (r.start or date.max, r.title))
    parts = tuple(
        _part(r.slug, r.title, vocabulary.RESIDENCE_KINDS.get(r.kind, r.kind), r,
              r.figure_map(), [p for p in made if p.residence == r.slug],
              _downloads(listening, series_of.get(r.slug, []), titles))
        for r in chosen)
    # The total covers the residences shown, and (for all residences) the series
    # that belong to none, so it is always the sum of what the page shows.
    shown = {r.slug for r in chosen}
    if residence is None:
        shown.add(None)  # type: ignore[arg-type]
    total_made = [p for p in made if p.residence in shown]
    total_series = [s.slug for s in series if s.residence in shown]
    summed: Counter[str] = Counter()
    for r in chosen:
        summed.update(r.figure_map())
    total = _part("", "Total", "", None, dict(summed), total_made,
                  _downloads(listening, total_series, titles))
    return Bilan(year=year, residence=residence, parts=parts, total=total,
                 listening=listening is not None, public=public)


def _active(r: Residence, year: int | None, made: Sequence[Production]) -> bool:
    """In the year's bilan: its dates meet the year, or (no dates) it made something then."""
    if year is None:
        return True
    if r.start or r.end:
        first = (r.start or r.end).year  # type: ignore[union-attr]
        last = (r.end or r.start).year  # type: ignore[union-attr]
        return first <= year <= last
    return bool(made)


def _downloads(listening: Mapping[str, int] | None, slugs: Sequence[str],
               titles: Mapping[str, str]) -> tuple[int | None, tuple[Count, ...]]:
    if listening is None:
        return None, ()
    rows = tuple(Count(s, titles.get(s, s), int(listening.get(s, 0))) for s in slugs)
    return sum(c.value for c in rows), tuple(sorted(rows, key=lambda c: (-c.value, c.label)))


def _part(slug: str, title: str, kind_label: str, r: Residence | None,
          figures: Mapping[str, int], made: Sequence[Production],
          listening: tuple[int | None, tuple[Count, ...]]) -> Part:
    seconds = Counter[str]()
    for p in made:
        seconds[p.medium] += p.seconds
    return Part(
        slug=slug, title=title, kind_label=kind_label,
        start=r.start if r else None, end=r.end if r else None,
        artists=r.artists if r else (), places=r.places if r else (),
        figures=tuple(Count(code, label, figures[code])
                      for code, label in vocabulary.FIGURES.items() if code in figures),
        people=people(figures), productions=len(made),
        by_kind=_counts(Counter(p.kind for p in made), vocabulary.KINDS),
        by_medium=_counts(Counter(p.medium for p in made), MEDIUM_LABELS, order=True),
        audio_minutes=round(seconds["audio"] / 60), video_minutes=round(seconds["video"] / 60),
        by_audience=_counts(Counter(a for p in made for a in p.audiences), vocabulary.AUDIENCES,
                            order=True),
        by_place=_counts(Counter(p.place or NO_PLACE for p in made), {}),
        by_theme=_counts(Counter(t for p in made for t in p.themes), {}),
        by_year=tuple(Count(str(y), str(y), n)
                      for y, n in sorted(Counter(p.year for p in made).items())),
        downloads=listening[0], by_series_downloads=listening[1],
    )


def _counts(counter: Counter[str], labels: Mapping[str, str], order: bool = False
            ) -> tuple[Count, ...]:
    """Most first (ties by label); ``order``: in the vocabulary's order instead."""
    rows = [Count(code, labels.get(code, code), n) for code, n in counter.items()]
    if order:
        position = {code: i for i, code in enumerate(labels)}
        rows.sort(key=lambda c: (position.get(c.code, len(position)), c.label))
    else:
        rows.sort(key=lambda c: (-c.value, c.label.casefold()))
    return tuple(rows)
