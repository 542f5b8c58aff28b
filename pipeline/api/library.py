"""The ``Library``: one archive opened for one actor, with every action on it.

The command line and the web interface parse what they are given, call one
method here and present what it returns; staging side files, defaults,
paths, rights and the public view are decided here, once. The methods are
grouped by area in the sibling modules (``items``, ``catalogue``,
``accounts``, ``work``, ``public``, ``reports``); this module only holds them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archive import Catalogue, ClearError
from archive.actor import default_actor
from archive.users import RESPONSABLE
from pipeline.api.accounts import Accounts
from pipeline.api.catalogue import Residences
from pipeline.api.items import Items
from pipeline.api.public import Public
from pipeline.api.reports import Reports
from pipeline.api.work import Work
from pipeline.plumbing import config

default_site = config.site_folder


@dataclass(frozen=True)
class Actor:
    """Who acts: the name the history keeps and the role that bounds what they may do.

    ``role=None`` is the command line: the system user, who holds the archive's
    files, answers for them as a responsable does (``archive/actor.py``).
    """

    name: str
    role: str | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls(default_actor(), None)

    @property
    def is_responsable(self) -> bool:
        return self.role is None or self.role == RESPONSABLE


class Library(Items, Residences, Accounts, Work, Public, Reports):
    """An archive folder opened for ``actor``.

    ``Library.open(folder)`` opens (and ``close()`` closes) its own catalogue
    connection; ``Library(cat, actor)`` borrows one (a web request's, the
    worker's): a sqlite3 connection is never shared between threads here.
    ``settings`` are read from ``clea.toml`` when first needed unless given.
    """

    def __init__(self, cat: Catalogue, actor: Actor | None = None,
                 settings: config.Settings | None = None) -> None:
        self.catalogue = cat
        self.actor = actor or Actor.system()
        self._settings = settings
        self._owned = False

    @classmethod
    def open(cls, folder: Path, actor: Actor | None = None) -> Library:
        lib = cls(Catalogue.open(Path(folder)), actor)
        lib._owned = True
        return lib

    @property
    def folder(self) -> Path:
        return self.catalogue.folder

    @property
    def settings(self) -> config.Settings:
        if self._settings is None:
            self._settings = config.load(self.folder)
        return self._settings

    def current_settings(self) -> config.Settings:
        """The settings as ``clea.toml`` says now (an administrator may just have
        added a target or fixed the base URL), or those known if it cannot be read."""
        try:
            return config.load(self.folder)
        except ClearError:
            return self.settings

    @property
    def site(self) -> Path:
        return default_site(self.folder)

    def close(self) -> None:
        if self._owned:
            self.catalogue.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
