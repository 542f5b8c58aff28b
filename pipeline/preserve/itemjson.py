"""The catalogue's own JSON for records: every field, written so it reads back exact.

A deposit carries it beside the Dublin Core (which says less and is lossy):
``from_json(to_json(x)) == x`` for items, series, residences and history.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from archive import Contributor, HistoryEntry, Item, Original, Residence, Series
from archive.deposit import StoredFile

FORMAT = "clea-deposit/1"


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def to_json(record: object) -> dict:
    return _plain(record)  # type: ignore[return-value]


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def item_from_json(d: dict) -> Item:
    return Item(**{
        **d,
        "audiences": tuple(d["audiences"]), "themes": tuple(d["themes"]),
        "contributors": tuple(Contributor(**c) for c in d["contributors"]),
        "original": Original(**d["original"]),
        "recorded": _day(d["recorded"]), "published_at": _time(d["published_at"]),
        "created_at": _time(d["created_at"]), "updated_at": _time(d["updated_at"]),
    })


def series_from_json(d: dict) -> Series:
    return Series(**{**d, "created_at": _time(d["created_at"])})


def residence_from_json(d: dict) -> Residence:
    return Residence(**{
        **d, "artists": tuple(d["artists"]), "places": tuple(d["places"]),
        "themes": tuple(d["themes"]), "start": _day(d["start"]), "end": _day(d["end"]),
    })


def history_from_json(d: dict) -> HistoryEntry:
    return HistoryEntry(at=_time(d["at"]), actor=d["actor"], action=d["action"],
                        detail=d.get("detail") or {})


def file_from_json(d: dict) -> StoredFile:
    return StoredFile(**d)
