"""French contributor roles mapped onto the Podcast Taxonomy Project.

``podcast:person`` takes a ``role`` and a ``group`` from the taxonomy
(https://github.com/Podcastindex-org/podcast-namespace/blob/main/taxonomy.json);
apps translate them, so a feed says "narrator", not "conteuse". Roles are
free text in the catalogue: we match on the start of each word, so
"autrice", "auteur" and "auteur-illustrateur" all find "author". A role we
cannot place is a guest, the taxonomy's catch-all for someone heard once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# (French word stems, taxonomy role, taxonomy group); the first match wins,
# so more specific stems come first.
_TABLE: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("co-anim", "coanim"), "co-host", "cast"),
    (("journalist", "anim", "present", "interview"), "host", "cast"),
    (("narrat", "voix", "conteu", "conteur", "lect", "lecture", "recit"), "narrator", "cast"),
    (("comedien", "acteur", "actrice", "doubl"), "voice actor", "cast"),
    (("invit", "temoin"), "guest", "cast"),
    (("reporter", "report"), "reporter", "cast"),
    (("chanson", "parolier", "paroliere"), "songwriter", "writing"),
    (("compos", "musique", "musicien", "music"), "composer", "audio post-production"),
    (("aut", "ecri", "ecrivain", "texte", "poete", "poet"), "author", "writing"),
    (("scenar", "redact"), "writer", "writing"),
    (("tradu",), "translator", "writing"),
    (("transcri", "sous-titr"), "transcriber", "writing"),
    (("recherch", "document"), "researcher", "writing"),
    (("realis", "mise en scene", "metteu"), "director", "creative direction"),
    (("direct", "artisti"), "creative director", "creative direction"),
    (("product",), "producer", "creative direction"),
    (("habillage", "design sonore", "bruit"), "sound designer", "audio post-production"),
    (("prise de son", "ingenieur du son", "son", "enregistr"), "audio engineer",
     "audio production"),
    (("mix", "mastering"), "post production engineer", "audio production"),
    (("illustr", "graphi", "dessin", "photo"), "cover art designer", "visuals"),
    (("camera", "cadr", "image"), "camera operator", "video production"),
    (("montage", "monteu"), "editor", "video post-production"),
    (("coordin", "mediat", "bibliothec", "enseign", "professeu"), "production coordinator",
     "administration"),
)
GUEST = ("guest", "cast")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.split(r"[\s,;/()]+", text)).strip()


@lru_cache(maxsize=1024)  # a few dozen distinct roles, asked for once per episode
def taxonomy_role(role: str, medium: str = "audio") -> tuple[str, str]:
    """``(role, group)`` in the taxonomy for a French role such as "autrice".

    "montage" is an audio editor in an audio feed and an editor (video
    post-production) in a video one; everything unknown is a guest.
    """
    folded = _fold(role)
    if not folded:
        return GUEST
    words = folded.split()
    for stems, taxonomy, group in _TABLE:
        for stem in stems:
            hit = folded.startswith(stem) if " " in stem else any(w.startswith(stem) for w in words)
            if hit:
                if taxonomy == "editor" and medium == "audio":
                    return "audio editor", "audio post-production"
                return taxonomy, group
    return GUEST
