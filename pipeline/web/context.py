"""What a request works with: its own catalogue connection and the settings.

A sqlite3 connection must not be shared by two threads at once, and waitress
serves requests from several threads: each request opens its own (cheap) and
closes it when it ends.
"""

from __future__ import annotations

from flask import current_app, g

from archive import Catalogue
from pipeline.api import Actor, Library
from pipeline.plumbing import config


def catalogue() -> Catalogue:
    cat = g.get("cat")
    if cat is None:
        cat = g.cat = Catalogue.open(current_app.config["CLEA_ARCHIVE"])
    return cat


def library() -> Library:
    """The archive for the logged-in account: every action of a view goes through it."""
    lib = g.get("lib")
    if lib is None:
        lib = g.lib = Library(catalogue(), Actor(g.user.name, g.user.role), settings())
    return lib


def settings() -> config.Settings:
    return current_app.config["CLEA_SETTINGS"]


def close_catalogue(_exc: BaseException | None = None) -> None:
    g.pop("lib", None)
    cat = g.pop("cat", None)
    if cat is not None:
        cat.close()


def actor() -> str:
    """Who acts, as the item's history records it: the account name."""
    return g.user.name


def role() -> str:
    """What the account may do; passed to every library action with ``actor()``."""
    return g.user.role
