"""Where the residences happen: coordinates for ``podcast:location``.

Podcasting 2.0 asks for a ``geo`` URI (RFC 5870) or an OpenStreetMap id
beside the place's name, so an app can show the place on a map. No
geocoding service is reachable from a build, and the archive's places are
few: the towns of the Agglomération Maubeuge Val de Sambre where the 2025
residences took place. Their town-hall coordinates are written here,
rounded to 4 decimals (about 10 m; the uncertainty is the town itself).
No OSM ids: a wrong id would place an episode in another country.

A catalogue place is free text ("École Jean-Jaurès, Feignies",
"Médiathèque d'Hautmont"): the town is found among its words, accents,
case, hyphens and elisions ignored. A place naming no known town gets no
coordinates, only its name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Town -> (latitude, longitude), WGS 84.
TOWNS: dict[str, tuple[float, float]] = {
    "Maubeuge": (50.2775, 3.9728),
    "Feignies": (50.3031, 3.9189),
    "Hautmont": (50.2486, 3.9253),
    "Jeumont": (50.2953, 4.1019),
    "Ferrière-la-Grande": (50.2556, 3.9933),
    "Ferrière-la-Petite": (50.2406, 4.0231),
    "Louvroil": (50.2650, 3.9600),
    "Aulnoye-Aymeries": (50.2050, 3.8364),
}


def _words(text: str) -> tuple[str, ...]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return tuple(w for w in re.split(r"[^a-z0-9]+", folded) if w)


_KNOWN = sorted(((_words(name), name) for name in TOWNS), key=lambda pair: -len(pair[0]))


@lru_cache(maxsize=1024)  # a few distinct places, asked for once per episode
def town_in(place: str) -> str | None:
    """The known town a place names, the longest name first ("Ferrière-la-Grande")."""
    words = _words(place or "")
    for town_words, name in _KNOWN:
        n = len(town_words)
        if any(words[i:i + n] == town_words for i in range(len(words) - n + 1)):
            return name
    return None


def geo(place: str) -> str | None:
    """``geo:lat,lon`` for the town a place names, or None when it names none."""
    town = town_in(place)
    if town is None:
        return None
    lat, lon = TOWNS[town]
    return f"geo:{lat:.4f},{lon:.4f}"
