"""Item actions: add, edit, change status, read, list, history.

Mixed into ``Catalogue``; kept apart because items are most of the catalogue's
behaviour and deserve a module of their own.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from . import db, records
from .actor import RECLEAR_NOTE, default_actor, vouches_for_public_text
from .errors import N_, ClearError, Term
from .fields import Changes, ItemFields, public_view
from .identifiers import make_slug, new_guid
from .labels import MEDIA, STATUSES, label
from .model import (
    CLEARED,
    DRAFT,
    IMAGE,
    PUBLIC_STATUSES,
    PUBLISHED,
    VIDEO,
    WITHDRAWN,
    HistoryEntry,
    Item,
    MediaFacts,
)
from .store import Staged

# status -> statuses it may move to, and the verb a user types for it
_TRANSITIONS = {
    CLEARED: ({DRAFT, WITHDRAWN, CLEARED}, Term(N_("clear"))),
    WITHDRAWN: ({CLEARED, PUBLISHED, DRAFT}, Term(N_("withdraw"))),
    PUBLISHED: ({CLEARED, PUBLISHED}, Term(N_("publish"))),
    DRAFT: ({CLEARED}, Term(N_("unclear"))),
}


@dataclass
class Attachments:
    """Staged side files of an item; ``None`` leaves the current one in place."""

    transcript: Staged | None = None
    chapters: Staged | None = None
    cover: Staged | None = None


@dataclass
class ItemFilter:
    series: str | None = None
    status: str | None = None
    audience: str | None = None
    residence: str | None = None
    search: str | None = None


MAX_SEARCH = 200  # characters; SQLite refuses LIKE patterns past 50,000


def _like_literal(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ItemActions:
    conn: sqlite3.Connection

    def add_item(
        self, fields: ItemFields, *, series: str, original: Staged, facts: MediaFacts,
        attachments: Attachments | None = None, cleared: bool = False,
        form_ref: str = "", actor: str | None = None, role: str | None = None,
    ) -> Item:
        """Store one new recording. ``facts`` come from probing ``original``."""
        actor = actor or default_actor()
        if cleared and not vouches_for_public_text(role):
            raise ClearError(N_("only a responsable may {verb} an item"), fields.title,
                             code="item.responsable-only", field="cleared",
                             verb=_TRANSITIONS[CLEARED][1])
        fields = fields.validated()
        attachments = attachments or Attachments()
        with self.action() as conn:
            target = self.series(series)
            _same_medium(facts.medium, target.medium, series, original.source)
            if cleared:
                _clearable(facts.medium, fields.alt, fields.title)
            holder = self.holder_of(original.sha256)
            if holder:
                raise ClearError(N_("this recording is already in the archive as {holder!r}"),
                                 original.source, code="item.duplicate", field="file",
                                 holder=holder)
            sha = self.keep(original, "media", facts)
            side = {name: self.keep(s, name) if s else None for name, s in (
                ("transcript", attachments.transcript), ("chapters", attachments.chapters),
                ("cover", attachments.cover))}
            slug = make_slug(fields.title, self._slug_taken, fallback="enregistrement")
            episode = conn.execute(
                "SELECT COALESCE(MAX(episode), 0) + 1 FROM items WHERE series_id = ?", (target.id,)
            ).fetchone()[0]
            stamp = db.now()
            status = CLEARED if cleared else DRAFT
            cur = conn.execute(
                "INSERT INTO items (slug, guid, series_id, title, description, kind, place,"
                " language, licence, group_label, recorded, published_at, status, episode,"
                " original_sha, transcript_sha, chapters_sha, cover_sha, created_at, updated_at,"
                " alt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (slug, new_guid(), target.id, fields.title, fields.description, fields.kind,
                 fields.place, fields.language, fields.licence, fields.group,
                 fields.recorded.isoformat() if fields.recorded else None,
                 stamp if cleared else None, status, episode, sha,
                 side["transcript"], side["chapters"], side["cover"], stamp, stamp, fields.alt),
            )
            self._write_lists(cur.lastrowid, fields)
            self.record(cur.lastrowid, "added", actor, file=original.source.name, series=series)
            if cleared:
                self.record(cur.lastrowid, "cleared", actor, form=form_ref)
        return self.item(slug)

    def edit_item(
        self, slug: str, changes: dict[str, object], *, attachments: Attachments | None = None,
        series: str | None = None, actor: str | None = None, role: str | None = None,
    ) -> Item:
        """Change what is said about an item. Its slug, GUID and original never change.

        An edit by someone whose words need a responsable's reading (``role``, see
        ``archive.actor``) that changes anything public about a cleared or
        published item sends it back to draft in the same transaction: it leaves
        the public outputs at the next build until a responsable clears it again.
        """
        item = self.item(slug)
        old = self.fields_of(item)
        new = Changes(dict(changes)).apply_to(old)
        attachments = attachments or Attachments()
        moved = bool(series and series != item.series)
        public_change = (moved or any(vars(attachments).values())
                         or public_view(new) != public_view(old))
        reclear = (item.status in PUBLIC_STATUSES and public_change
                   and not vouches_for_public_text(role))
        if item.status in PUBLIC_STATUSES and not reclear:
            _clearable(item.medium, new.alt, slug)
        with self.action() as conn:
            series_id = conn.execute("SELECT series_id FROM items WHERE id=?", (item.id,)).fetchone()[0]
            if series and series != item.series:
                target = self.series(series)
                if target.medium != item.medium:
                    raise ClearError(
                        N_("series {series!r} is {medium}; this item is {item_medium}"), slug,
                        code="item.series-medium", field="series", series=series,
                        medium=MEDIA[target.medium], item_medium=MEDIA[item.medium])
                series_id = target.id
            side = {
                name: (self.keep(s, name) if s else getattr(item, f"{name}_sha"))
                for name, s in (("transcript", attachments.transcript),
                                ("chapters", attachments.chapters), ("cover", attachments.cover))
            }
            conn.execute(
                "UPDATE items SET title=?, description=?, kind=?, place=?, language=?, licence=?,"
                " group_label=?, recorded=?, series_id=?, transcript_sha=?, chapters_sha=?,"
                " cover_sha=?, alt=?, updated_at=? WHERE id=?",
                (new.title, new.description, new.kind, new.place, new.language, new.licence,
                 new.group, new.recorded.isoformat() if new.recorded else None, series_id,
                 side["transcript"], side["chapters"], side["cover"], new.alt, db.now(),
                 item.id),
            )
            self._write_lists(item.id, new, replace=True)
            changed = sorted(set(changes) | {k for k, v in attachments.__dict__.items() if v}
                             | ({"series"} if moved else set()))
            self.record(item.id, "edited", actor or default_actor(), fields=changed)
            if reclear:
                conn.execute("UPDATE items SET status=? WHERE id=?", (DRAFT, item.id))
                self.record(item.id, "back-to-draft", actor or default_actor(),
                            note=RECLEAR_NOTE)
        return self.item(slug)

    def set_status(self, slug: str, status: str, *, form_ref: str = "",
                   actor: str | None = None, note: str = "", role: str | None = None) -> Item:
        """Move an item along draft → cleared → published → withdrawn (a responsable's
        decision: refused to any other known ``role``)."""
        allowed, verb = _TRANSITIONS[status]
        if not vouches_for_public_text(role):
            raise ClearError(N_("only a responsable may {verb} an item"), slug,
                             code="item.responsable-only", verb=verb)
        item = self.item(slug)
        if item.status not in allowed:
            raise ClearError(N_("cannot {verb} an item that is {status}"), slug,
                             code="item.status-refused", verb=verb, status=STATUSES[item.status])
        if status == item.status:
            return item
        if status in PUBLIC_STATUSES:
            _clearable(item.medium, item.alt, slug)
        with self.action() as conn:
            first_public = item.published_at is None and status in PUBLIC_STATUSES
            conn.execute(
                "UPDATE items SET status=?, updated_at=?"
                + (", published_at=?" if first_public else "") + " WHERE id=?",
                (status, db.now(), *( [db.now()] if first_public else []), item.id),
            )
            detail = {"form": form_ref} if status == CLEARED else {}
            if note:
                detail["note"] = note
            action = {CLEARED: "cleared", WITHDRAWN: "withdrawn", PUBLISHED: "published",
                      DRAFT: "back-to-draft"}[status]
            self.record(item.id, action, actor or default_actor(), **detail)
        return self.item(slug)

    def mark_published(self, slugs: list[str], actor: str | None = None) -> int:
        """After a successful publish: cleared items that went out become published."""
        count = 0
        with self.action() as conn:
            for slug in slugs:
                row = conn.execute("SELECT id, status FROM items WHERE slug=?", (slug,)).fetchone()
                if row and row["status"] == CLEARED:
                    conn.execute("UPDATE items SET status=?, updated_at=? WHERE id=?",
                                 (PUBLISHED, db.now(), row["id"]))
                    self.record(row["id"], "published", actor or default_actor())
                    count += 1
        return count

    # -- reading -----------------------------------------------------------------

    def item(self, slug: str) -> Item:
        rows = self.conn.execute(records.ITEM_SELECT + " WHERE items.slug = ?", (slug,)).fetchall()
        if not rows:
            raise ClearError(N_("no item with this slug (see `clea list`)"), slug,
                             code="item.unknown", field="slug")
        return records.items(self.conn, rows)[0]

    def items(self, where: ItemFilter | None = None) -> list[Item]:
        where = where or ItemFilter()
        sql, args = [], []
        if where.series:
            sql.append("series.slug = ?")
            args.append(where.series)
        if where.status:
            sql.append("items.status = ?")
            args.append(where.status)
        if where.audience:
            sql.append("items.id IN (SELECT item_id FROM item_audiences WHERE audience = ?)")
            args.append(where.audience)
        if where.residence:
            sql.append("series.residence_id = (SELECT id FROM residences WHERE slug = ?)")
            args.append(where.residence)
        if where.search:
            if len(where.search) > MAX_SEARCH:
                search = label("search")
                raise ClearError(N_("{what} is {length} characters long; the limit is {limit}"),
                                 code="text.too-long", field=search.field, what=search.the,
                                 length=len(where.search), limit=MAX_SEARCH)
            # % and _ are what the person typed, not wildcards.
            sql.append("(items.title LIKE ? ESCAPE '\\' OR items.description LIKE ? ESCAPE '\\'"
                       " OR items.slug LIKE ? ESCAPE '\\')")
            args += [f"%{_like_literal(where.search)}%"] * 3
        query = records.ITEM_SELECT + (" WHERE " + " AND ".join(sql) if sql else "")
        query += " ORDER BY items.created_at DESC, items.id DESC"
        return records.items(self.conn, self.conn.execute(query, args).fetchall())

    def public_items(self) -> list[Item]:
        """Items that may reach a public output: cleared or published, nothing else."""
        marks = ",".join("?" * len(PUBLIC_STATUSES))
        rows = self.conn.execute(
            records.ITEM_SELECT + f" WHERE items.status IN ({marks}) ORDER BY items.id",
            PUBLIC_STATUSES,
        ).fetchall()
        return records.items(self.conn, rows)

    def minor_names(self) -> list[str]:
        """Every minor's name recorded in the catalogue, whatever the item's status: the
        build holds back a document whose text names one of them."""
        rows = self.conn.execute("SELECT DISTINCT name FROM contributors WHERE minor = 1")
        return sorted(r[0] for r in rows)

    def history(self, slug: str) -> list[HistoryEntry]:
        item = self.item(slug)
        rows = self.conn.execute(
            "SELECT * FROM history WHERE item_id = ? ORDER BY id", (item.id,)
        ).fetchall()
        return [records.history(r) for r in rows]

    @staticmethod
    def fields_of(item: Item) -> ItemFields:
        return ItemFields(
            title=item.title, description=item.description, kind=item.kind,
            audiences=item.audiences, themes=item.themes, place=item.place,
            language=item.language, licence=item.licence, contributors=item.contributors,
            group=item.group, recorded=item.recorded, alt=item.alt,
        )

    # -- helpers -------------------------------------------------------------------

    def _slug_taken(self, slug: str) -> bool:
        return self.conn.execute("SELECT 1 FROM items WHERE slug = ?", (slug,)).fetchone() is not None

    def _write_lists(self, item_id: int, fields: ItemFields, replace: bool = False) -> None:
        if replace:
            for table in ("item_audiences", "item_themes", "contributors"):
                self.conn.execute(f"DELETE FROM {table} WHERE item_id = ?", (item_id,))
        self.conn.executemany(
            "INSERT INTO item_audiences (item_id, audience) VALUES (?, ?)",
            [(item_id, a) for a in fields.audiences],
        )
        self.conn.executemany(
            "INSERT INTO item_themes (item_id, position, theme) VALUES (?, ?, ?)",
            [(item_id, i, t) for i, t in enumerate(fields.themes)],
        )
        self.conn.executemany(
            "INSERT INTO contributors (item_id, position, name, role, minor) VALUES (?,?,?,?,?)",
            [(item_id, i, c.name, c.role, int(c.minor)) for i, c in enumerate(fields.contributors)],
        )


def _same_medium(found: str, wanted: str, series: str, source: object) -> None:
    """A file goes only into a series of its own medium: the message says which to use."""
    if found == wanted:
        return
    if found == VIDEO and wanted == "audio":
        raise ClearError(
            N_("this is a video file but series {series!r} is audio; add it to a video "
               "series (clea series add SLUG --medium video)"),
            source, code="item.wrong-medium.video-file", field="file", series=series)
    if found == "audio" and wanted == VIDEO:
        raise ClearError(
            N_("this is an audio file but series {series!r} is video; add it to an "
               "audio series"),
            source, code="item.wrong-medium.audio-file", field="file", series=series)
    raise ClearError(
        N_("this file is {found} but series {series!r} is {wanted}; add it to a series of "
           "its medium (clea series add SLUG --medium {medium})"),
        source, code="item.wrong-medium", field="file", series=series,
        found=MEDIA[found], wanted=MEDIA[wanted], medium=found)


def _clearable(medium: str, alt: str, subject: object) -> None:
    """An image reaches the public only with a text alternative (RGAA criterion 1.1):
    refused when it is cleared, published, or when a public image would lose its text."""
    if medium == IMAGE and not (alt or "").strip():
        raise ClearError(
            N_("an image needs its alternative text before it can be cleared: say what it "
               "shows (--alt \"…\", the « Texte alternatif » field)"),
            str(subject), code="item.alt-missing", field="alt")
