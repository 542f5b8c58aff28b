"""Series intros and outros (« générique »): which short original a series joins to
its episodes.

Mixed into ``Catalogue``. The files are checked by content before they get
here (``media.jingles.check``); this module only stores them as originals
(purpose ``intro`` / ``outro``, content-addressed like covers) and points the
series at them, in one transaction with the history line. Only audio series
take them: a video would need pictures for the intro's seconds.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .actor import default_actor
from .errors import N_, ClearError, Term
from .model import AUDIO, MediaFacts, Series
from .store import Staged

INTRO, OUTRO = "intro", "outro"
_NAMES = {INTRO: Term(N_("intro")), OUTRO: Term(N_("outro"))}


@dataclass(frozen=True)
class StagedJingle:
    """A checked intro or outro, staged in the store, with what its probe found."""

    staged: Staged
    facts: MediaFacts


@dataclass(frozen=True)
class JingleChange:
    """What to do with a series' intro or outro: ``None`` keeps it, ``remove`` drops it."""

    new: StagedJingle | None = None
    remove: bool = False

    @property
    def changes(self) -> bool:
        return self.new is not None or self.remove


class JingleActions:
    conn: sqlite3.Connection

    def set_jingles(self, slug: str, *, intro: JingleChange = JingleChange(),
                    outro: JingleChange = JingleChange(), actor: str | None = None,
                    role: str | None = None) -> Series:
        """Give series ``slug`` a new intro and/or outro, or remove them."""
        old = self.series(slug)  # type: ignore[attr-defined]
        for which, change in ((INTRO, intro), (OUTRO, outro)):
            if change.new is not None and change.remove:
                raise ClearError(N_("give a new {which} or remove it, not both"), slug,
                                 code="series.jingle-conflict", field=which,
                                 which=_NAMES[which])
        if not (intro.changes or outro.changes):
            return old
        if old.medium != AUDIO:
            field = INTRO if intro.changes else OUTRO
            raise ClearError(N_("intros and outros are for audio series only (this one is "
                                "{medium})"), slug, code="series.jingle-not-audio", field=field,
                             medium=old.medium)
        self._may_change(role, "series", slug,  # type: ignore[attr-defined]
                         self.series_is_public(slug))  # type: ignore[attr-defined]
        with self.action() as conn:  # type: ignore[attr-defined]
            shas = {}
            for which, change, current in ((INTRO, intro, old.intro_sha),
                                           (OUTRO, outro, old.outro_sha)):
                if change.new is not None:
                    shas[which] = self.keep(change.new.staged, which,  # type: ignore[attr-defined]
                                            change.new.facts)
                else:
                    shas[which] = None if change.remove else current
            conn.execute("UPDATE series SET intro_sha = ?, outro_sha = ? WHERE id = ?",
                         (shas[INTRO], shas[OUTRO], old.id))
            self.record(None, "series-jingles", actor or default_actor(),  # type: ignore[attr-defined]
                        intro=shas[INTRO], outro=shas[OUTRO], series=slug)  # a deposit
            # writes details back with sorted keys: record them so, they round-trip as is
        return self.series(slug)  # type: ignore[attr-defined]
