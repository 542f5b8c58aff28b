"""Plain data views of records for ``--json`` output (and the web interface)."""

from __future__ import annotations

from archive import HistoryEntry, Item


def item_json(item: Item, history: list[HistoryEntry] | None = None) -> dict:
    data = {
        "slug": item.slug,
        "guid": item.guid,
        "title": item.title,
        "series": item.series,
        "kind": item.kind,
        "status": item.status,
        "medium": item.medium,
        "description": item.description,
        "audiences": list(item.audiences),
        "themes": list(item.themes),
        "place": item.place,
        "language": item.language,
        "licence": item.licence,
        "group": item.group,
        "contributors": [{"name": c.name, "role": c.role, "minor": c.minor}
                         for c in item.contributors],
        "recorded": item.recorded.isoformat() if item.recorded else None,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "episode": item.episode,
        "duration": item.original.duration,
        "original": {"sha256": item.original.sha256, "size": item.original.size,
                     "name": item.original.name, "format": item.original.format},
        "transcript": item.transcript_sha,
        "chapters": item.chapters_sha,
        "cover": item.cover_sha,
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
    }
    if history is not None:
        data["history"] = [{"at": h.at.isoformat(), "actor": h.actor, "action": h.action,
                            "detail": h.detail} for h in history]
    return data
