"""clea's archive: what exists (residences, series, items, contributors, rights)
and the originals store. Imports nothing from media, feeds or pipeline."""

from .actor import default_actor
from .catalogue import Catalogue
from .errors import N_, ClearError, FixityError, PublishError, Term
from .fields import ItemFields, parse_contributor, parse_date
from .items import Attachments, ItemFilter
from .model import (
    AUDIO,
    CLEARED,
    DOCUMENT,
    DRAFT,
    IMAGE,
    PLAYED,
    PUBLIC_STATUSES,
    PUBLISHED,
    VIDEO,
    WITHDRAWN,
    Contributor,
    HistoryEntry,
    Item,
    MediaFacts,
    Original,
    Residence,
    Series,
)

__all__ = [
    "AUDIO", "CLEARED", "DOCUMENT", "DRAFT", "IMAGE", "PLAYED", "PUBLIC_STATUSES", "PUBLISHED", "VIDEO", "WITHDRAWN",
    "Attachments", "Catalogue", "ClearError", "Contributor", "FixityError", "HistoryEntry",
    "Item", "ItemFields", "ItemFilter", "MediaFacts", "N_", "Original", "PublishError",
    "Residence", "Series", "Term", "default_actor", "parse_contributor", "parse_date",
]
