"""Identifiers fixed at creation: slugs and item GUIDs.

A slug is ASCII, lower-case, from the title, unique in its table, and never
changes afterwards (docs/design.md, invariant 1). A GUID is a random UUID, so two
items with the same title in two series never share one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from slugify import slugify

from .errors import N_, ClearError, Term

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
# Names that would collide with fixed build paths (feeds/all.xml, feeds/all-video.xml).
BUILD_WORDS = frozenset({"all", "all-video", "residences", "publics", "index", "assets", "media"})
# The fixed words of the web interface's addresses (/enregistrements/ajouter,
# /series/<slug>/couverture…): an item titled « Ajouter » must not get a page
# hidden behind the add form. tests/web checks this against every route.
INTERFACE_WORDS = frozenset({
    "ajouter", "modifier", "valider", "retirer", "original", "couverture", "enregistrements",
    "series", "residences", "publier", "verification", "taches", "connexion", "deconnexion",
    "static", "bilan", "ecoutes", "oai", "generique",
})
RESERVED = BUILD_WORDS | INTERFACE_WORDS


def make_slug(title: str, taken: Callable[[str], bool], fallback: str = "item") -> str:
    """A fresh slug from ``title``: the first of base, base-2, base-3… not taken."""
    base = slugify(title, max_length=MAX_SLUG, word_boundary=True) or fallback
    if base in RESERVED:
        base = f"{base}-{fallback}"
    candidate, n = base, 2
    while taken(candidate):
        suffix = f"-{n}"
        candidate = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
        n += 1
    return candidate


# Whose slug it is, as a message says it ("series slug 'x' is reserved").
_OWNERS = {"residence": Term(N_("residence")), "series": Term(N_("series"))}


def check_slug(slug: str, what: str) -> str:
    """Validate a slug the user chose (residences and series are named by hand)."""
    if not _SLUG_RE.match(slug or "") or len(slug) > MAX_SLUG:
        raise ClearError(
            N_("{what} slug {slug!r} must be lower-case ASCII letters, digits and dashes "
               "(for example {example!r})"),
            code="slug.malformed", field="slug", what=_OWNERS[what], slug=slug,
            example=slugify(slug or what, max_length=MAX_SLUG) or "ma-serie")
    if slug in RESERVED:
        raise ClearError(N_("{what} slug {slug!r} is reserved; choose another"),
                         code="slug.reserved", field="slug", what=_OWNERS[what], slug=slug)
    return slug


def new_guid() -> str:
    return str(uuid.uuid4())
