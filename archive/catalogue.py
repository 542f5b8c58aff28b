"""The catalogue: one archive folder, its SQLite database and its originals.

Every public method is one user action: one SQLite transaction, and any file it
put in the store is removed again if the transaction fails, so a refused or
crashed action leaves the archive exactly as it was (invariant 2 and 4).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from . import db, records, text, vocabulary
from . import figures as figure_input
from .actor import default_actor, vouches_for_public_text
from .collate import french_key, french_sorted
from .errors import N_, ClearError
from .fields import RESIDENCE_KIND, SERIES_CATEGORY
from .identifiers import check_slug
from .items import ItemActions
from .jingles import JingleActions
from .labels import label
from .model import AUDIO, MEDIA, PUBLIC_STATUSES, MediaFacts, Original, Residence, Series
from .store import OriginalsStore, Staged

DB_NAME = "catalogue.sqlite"
MAX_CATEGORY = 100
STORE_NAME = "originals"


class Catalogue(ItemActions, JingleActions):
    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.folder = Path(folder)
        self.conn = conn
        self.store = OriginalsStore(self.folder / STORE_NAME)
        self._created: list[str] = []

    # -- opening ---------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path) -> Catalogue:
        folder = Path(folder)
        if (folder / DB_NAME).exists():
            raise ClearError(N_("an archive already exists here"), folder, code="archive.exists")
        if folder.exists() and not folder.is_dir():
            raise ClearError(N_("is a file, not a folder"), folder, code="path.not-a-folder")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STORE_NAME).mkdir(exist_ok=True)
        return cls(folder, db.connect(folder / DB_NAME))

    @classmethod
    def open(cls, folder: Path) -> Catalogue:
        folder = Path(folder)
        if not (folder / DB_NAME).is_file():
            raise ClearError(
                N_("no clea archive here (create one with `clea init DIR`, or say which "
                   "with --archive DIR or CLEA_ARCHIVE)"), folder, code="archive.missing",
            )
        return cls(folder, db.connect(folder / DB_NAME))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- actions ---------------------------------------------------------------

    @contextlib.contextmanager
    def action(self) -> Iterator[sqlite3.Connection]:
        """One user action: a transaction, plus undo of the store files it added."""
        outer = self.conn.in_transaction
        if not outer:
            self._created = []
        try:
            with db.transaction(self.conn) as conn:
                yield conn
        except BaseException:
            if not outer:
                for sha in self._created:
                    self.store.discard(sha)
            raise
        finally:
            if not outer:
                self._created = []

    def record(self, item_id: int | None, action: str, actor: str, **detail: object) -> None:
        self.conn.execute(
            "INSERT INTO history (item_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
            (item_id, db.now(), actor, action, json.dumps(detail, ensure_ascii=False, default=str)),
        )

    # -- originals ---------------------------------------------------------------

    def holder_of(self, sha256: str) -> str | None:
        """The slug of the item (or series) already holding this original, if any."""
        row = self.conn.execute(
            "SELECT slug FROM items WHERE original_sha = ? OR transcript_sha = ? "
            "OR chapters_sha = ? OR cover_sha = ? "
            "UNION ALL SELECT slug FROM series WHERE cover_sha = ? OR intro_sha = ?"
            " OR outro_sha = ? LIMIT 1",
            (sha256,) * 7,
        ).fetchone()
        return row[0] if row else None

    def keep(self, staged: Staged, purpose: str, facts: MediaFacts | None = None) -> str:
        """Record and commit a staged file inside the current action; returns its sha256."""
        if not self.conn.in_transaction:
            raise RuntimeError("keep() must run inside Catalogue.action()")
        exists = self.conn.execute(
            "SELECT 1 FROM originals WHERE sha256 = ?", (staged.sha256,)
        ).fetchone()
        if not exists:
            self.conn.execute(
                "INSERT INTO originals (sha256, size, name, purpose, medium, format, duration,"
                " channels, width, height, pages, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    staged.sha256, staged.size, staged.source.name, purpose,
                    facts.medium if facts else None, facts.format if facts else None,
                    facts.duration if facts else None, facts.channels if facts else None,
                    facts.width if facts else None, facts.height if facts else None,
                    facts.pages if facts else None, db.now(),
                ),
            )
        _, created = self.store.commit(staged)
        if created:
            self._created.append(staged.sha256)
        return staged.sha256

    def originals(self) -> list[tuple[str, int, str]]:
        """Every stored original as (sha256, size, name), for verify."""
        rows = self.conn.execute("SELECT sha256, size, name FROM originals ORDER BY stored_at")
        return [(r[0], r[1], r[2]) for r in rows]

    def original(self, sha256: str) -> Original:
        row = self.conn.execute("SELECT * FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise ClearError(N_("no such original"), sha256, code="store.unknown-original")
        return records.original(row)

    def original_path(self, sha256: str) -> Path:
        return self.store.path_for(sha256)

    # -- residences --------------------------------------------------------------

    def add_residence(
        self, slug: str, title: str, *, kind: str = RESIDENCE_KIND, description: str = "",
        artists: tuple[str, ...] = (), places: tuple[str, ...] = (), themes: tuple[str, ...] = (),
        start: date | None = None, end: date | None = None,
        figures: Mapping[str, object] | None = None, actor: str | None = None,
    ) -> Residence:
        check_slug(slug, "residence")
        title = text.check(title, "title", required=True)
        values = _residence_values(kind, description, start, end)
        counts = figure_input.checked(figures or {}, slug)
        with self.action() as conn:
            if conn.execute("SELECT 1 FROM residences WHERE slug = ?", (slug,)).fetchone():
                raise ClearError(N_("a residence with this slug already exists"), slug,
                                 code="residence.duplicate", field="slug")
            cur = conn.execute(
                "INSERT INTO residences (slug, title, kind, description, start_date, end_date,"
                " created_at) VALUES (?,?,?,?,?,?,?)",
                (slug, title, *values, db.now()),
            )
            self._set_residence_lists(cur.lastrowid, artists, places, themes)
            self._set_figures(cur.lastrowid, counts)
            self.record(None, "residence-added", actor or default_actor(), residence=slug,
                        **({"figures": counts} if counts else {}))
        return self.residence(slug)

    def edit_residence(
        self, slug: str, *, title: str | None = None, kind: str | None = None,
        description: str | None = None, artists: tuple[str, ...] | None = None,
        places: tuple[str, ...] | None = None, themes: tuple[str, ...] | None = None,
        start: date | None = None, end: date | None = None,
        figures: Mapping[str, object] | None = None, actor: str | None = None,
        role: str | None = None,
    ) -> Residence:
        """Change what is given; ``figures`` sets the figures it names (``None`` as a
        value removes one) and keeps the others."""
        old = self.residence(slug)
        self._may_change(role, "residence", slug, self.residence_is_public(slug))
        counts = figure_input.checked(figures or {}, slug)
        new_title = text.check(title if title is not None else old.title, "title", required=True)
        values = _residence_values(
            kind if kind is not None else old.kind,
            description if description is not None else old.description,
            start or old.start, end or old.end,
        )
        with self.action() as conn:
            conn.execute(
                "UPDATE residences SET title=?, kind=?, description=?, start_date=?, end_date=?"
                " WHERE id=?", (new_title, *values, old.id),
            )
            self._set_residence_lists(
                old.id,
                artists if artists is not None else old.artists,
                places if places is not None else old.places,
                themes if themes is not None else old.themes,
                replace=True,
            )
            self._set_figures(old.id, counts)
            self.record(None, "residence-edited", actor or default_actor(), residence=slug,
                        **({"figures": counts} if counts else {}))
        return self.residence(slug)

    # -- who may change what the public reads -----------------------------------------

    def series_is_public(self, slug: str) -> bool:
        """Whether the series reaches the public outputs: it holds a cleared or
        published item (a series without one is on no page and in no feed)."""
        marks = ",".join("?" * len(PUBLIC_STATUSES))
        return self.conn.execute(
            "SELECT 1 FROM items JOIN series ON series.id = items.series_id"
            f" WHERE series.slug = ? AND items.status IN ({marks}) LIMIT 1",
            (slug, *PUBLIC_STATUSES)).fetchone() is not None

    def residence_is_public(self, slug: str) -> bool:
        """Whether one of the residence's series reaches the public outputs."""
        marks = ",".join("?" * len(PUBLIC_STATUSES))
        return self.conn.execute(
            "SELECT 1 FROM items JOIN series ON series.id = items.series_id"
            " JOIN residences ON residences.id = series.residence_id"
            f" WHERE residences.slug = ? AND items.status IN ({marks}) LIMIT 1",
            (slug, *PUBLIC_STATUSES)).fetchone() is not None

    def may_change(self, role: str | None, what: str, slug: str) -> bool:
        """Whether ``role`` may edit this series or residence (``what``).

        Series and residence texts have no clearance of their own: once public
        they go out at the next build as they are. Anyone may create one and
        shape it while it is private; once public, only a responsable edits it.
        """
        public = (self.series_is_public(slug) if what == "series"
                  else self.residence_is_public(slug))
        return vouches_for_public_text(role) or not public

    @staticmethod
    def _may_change(role: str | None, what: str, slug: str, public: bool) -> None:
        if public and not vouches_for_public_text(role):
            if what == "series":
                raise ClearError(N_("only a responsable may change a series that is public "
                                    "(it holds cleared or published recordings)"), slug,
                                 code="series.public-responsable-only")
            raise ClearError(N_("only a responsable may change a residence that is public "
                                "(it holds cleared or published recordings)"), slug,
                             code="residence.public-responsable-only")

    def _set_residence_lists(self, rid: int, artists, places, themes, replace=False) -> None:
        for table, values, what in (
            ("residence_artists", artists, "artist"),
            ("residence_places", places, "place"),
            ("residence_themes", themes, "theme"),
        ):
            if replace:
                self.conn.execute(f"DELETE FROM {table} WHERE residence_id = ?", (rid,))
            for pos, name in enumerate(values):
                name = text.check(name, what, required=True, field=table[len("residence_"):])
                self.conn.execute(
                    f"INSERT INTO {table} (residence_id, position, name) VALUES (?,?,?)",
                    (rid, pos, name),
                )

    def _set_figures(self, rid: int, counts: Mapping[str, int | None]) -> None:
        for code, value in counts.items():
            if value is None:
                self.conn.execute(
                    "DELETE FROM residence_figures WHERE residence_id = ? AND figure = ?",
                    (rid, code))
            else:
                self.conn.execute(
                    "INSERT INTO residence_figures (residence_id, figure, value) VALUES (?,?,?)"
                    " ON CONFLICT (residence_id, figure) DO UPDATE SET value = excluded.value",
                    (rid, code, value))

    def residence(self, slug: str) -> Residence:
        row = self.conn.execute("SELECT * FROM residences WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            raise ClearError(N_("no residence with this slug (see `clea residence list`)"), slug,
                             code="residence.unknown", field="residence")
        return records.residence(self.conn, row)

    def residences(self) -> list[Residence]:
        """Oldest first; on the same start date (or none), in French order of title."""
        rows = self.conn.execute("SELECT * FROM residences ORDER BY start_date").fetchall()
        found = [records.residence(self.conn, r) for r in rows]
        return sorted(found, key=lambda r: (r.start is not None, r.start or date.min,
                                            french_key(r.title)))

    # -- series ----------------------------------------------------------------

    _SERIES_SELECT = (
        "SELECT series.*, residences.slug AS residence_slug FROM series "
        "LEFT JOIN residences ON residences.id = series.residence_id"
    )

    def add_series(
        self, slug: str, title: str, *, medium: str = AUDIO, residence: str | None = None,
        description: str = "", cover: Staged | None = None, numbered: bool = True,
        category: str = SERIES_CATEGORY, actor: str | None = None,
    ) -> Series:
        check_slug(slug, "series")
        title = text.check(title, "title", required=True)
        description = text.check(description, "description", multiline=True)
        category = _category(category)
        if medium not in MEDIA:
            raise ClearError(N_("the medium must be audio, video, image or document, not "
                                "{medium!r}"),
                             code="series.bad-medium", field="medium", medium=medium)
        with self.action() as conn:
            if conn.execute("SELECT 1 FROM series WHERE slug = ?", (slug,)).fetchone():
                raise ClearError(N_("a series with this slug already exists"), slug,
                                 code="series.duplicate", field="slug")
            rid = self.residence(residence).id if residence else None
            cover_sha = self.keep(cover, "cover") if cover else None
            conn.execute(
                "INSERT INTO series (slug, title, medium, description, residence_id, cover_sha,"
                " numbered, category, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (slug, title, medium, description, rid, cover_sha, int(numbered), category,
                 db.now()),
            )
            self.record(None, "series-added", actor or default_actor(), series=slug)
        return self.series(slug)

    def edit_series(
        self, slug: str, *, title: str | None = None, description: str | None = None,
        residence: str | None = None, cover: Staged | None = None, numbered: bool | None = None,
        category: str | None = None, actor: str | None = None, role: str | None = None,
    ) -> Series:
        old = self.series(slug)
        self._may_change(role, "series", slug, self.series_is_public(slug))
        new_title = text.check(title if title is not None else old.title, "title", required=True)
        new_desc = text.check(
            description if description is not None else old.description, "description",
            multiline=True,
        )
        with self.action() as conn:
            rid = self.residence(residence).id if residence else None
            if residence is None:
                row = conn.execute("SELECT residence_id FROM series WHERE id=?", (old.id,)).fetchone()
                rid = row[0]
            cover_sha = self.keep(cover, "cover") if cover else old.cover_sha
            conn.execute(
                "UPDATE series SET title=?, description=?, residence_id=?, cover_sha=?,"
                " numbered=?, category=? WHERE id=?",
                (new_title, new_desc, rid, cover_sha,
                 int(old.numbered if numbered is None else numbered),
                 _category(category) if category else old.category, old.id),
            )
            self.record(None, "series-edited", actor or default_actor(), series=slug)
        return self.series(slug)

    def series(self, slug: str) -> Series:
        row = self.conn.execute(self._SERIES_SELECT + " WHERE series.slug = ?", (slug,)).fetchone()
        if row is None:
            raise ClearError(N_("no series with this slug (see `clea series list`)"), slug,
                             code="series.unknown", field="series")
        return records.series(row)

    def series_list(self) -> list[Series]:
        """Every series in French order of title (« Éclats » before « Quartiers »)."""
        rows = self.conn.execute(self._SERIES_SELECT).fetchall()
        return french_sorted((records.series(r) for r in rows), key=lambda s: s.title)

    def item_counts(self) -> dict[str, int]:
        """How many items each series holds, whatever their status, in one query
        (a series without any is absent): the series list shows it for each."""
        rows = self.conn.execute(
            "SELECT series.slug, COUNT(*) FROM items JOIN series ON series.id = items.series_id"
            " GROUP BY series.slug")
        return {slug: n for slug, n in rows}


def _category(value: str) -> str:
    # An Apple Podcasts category name ("Kids & Family"): one short line.
    value = text.check(value, "category", required=True).strip()
    if len(value) > MAX_CATEGORY:
        category = label("category")
        raise ClearError(N_("{what} is {length} characters long; the limit is {limit}"),
                         code="text.too-long", field=category.field, what=category.the,
                         length=len(value), limit=MAX_CATEGORY)
    return value


def _residence_values(kind, description, start, end):
    kind = vocabulary.residence_kind(kind)
    description = text.check(description, "description", multiline=True)
    if start and end and end < start:
        raise ClearError(N_("the residence ends ({end}) before it starts ({start})"),
                         code="residence.ends-before-start", field="end", end=end, start=start)
    return (kind, description, start.isoformat() if start else None,
            end.isoformat() if end else None)
