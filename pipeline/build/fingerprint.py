"""Fingerprints: short digests that tell a build what changed since the last one.

``digest`` hashes the ``repr`` of its parts, which is exact but costs some 30 µs
for one episode (a dataclass ``repr`` walks every field, nested ones too): at
10,000 episodes that alone is a no-op build's whole budget. So records carry a
``revision`` made once, where they are made: an item's comes from the
catalogue (triggers raise it on every change, migration 0070), a rendition's is
the digest of its fields taken when the media stage makes it, and an episode's
combines the two. Pages and feed entries are then fingerprinted from these few
short strings (docs/design.md, "Incremental builds").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # public.py imports this module: the episode type is for reading only
    from pipeline.build.public import Episode


def digest(*parts: object) -> str:
    """A 128-bit hex digest of ``parts`` (strings, numbers, tuples, records)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def with_revisions(base: str, episodes: Iterable[Episode]) -> str:
    """``base`` followed by each episode's revision, in order: what a list page, a feed
    or a whole stage depends on, at one ``update`` an episode."""
    h = hashlib.blake2b(base.encode(), digest_size=16)
    for ep in episodes:
        h.update(ep.revision.encode())
    return h.hexdigest()


def combine(*fingerprints: str) -> str:
    """The digest of a few fingerprints (or other strings without NUL): what a page
    made of an episode, its series and the site depends on, at a microsecond each."""
    return hashlib.blake2b("\0".join(fingerprints).encode(), digest_size=16).hexdigest()
