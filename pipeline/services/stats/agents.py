"""Who asked: a known bot (not counted), or which app, named coarsely.

Bots and crawlers come from ``crawler-user-agents``, the community list of
crawler patterns (hundreds of them, released several times a year), the list
most podcast hosts and analytics tools start from. Apps come from ``ua-parser``
with its maintained ``uap-core`` rules (released monthly as
``ua-parser-builtins``), which name the podcast apps (Apple Podcasts, Overcast,
Pocket Casts, Podcast Addict, AntennaPod, Spotify…) as well as browsers; we
only turn its family names into the names listeners know.

Both are slow per string (a fraction of a millisecond) and logs repeat the
same few thousand agents, so answers are cached for the import, in memory.
"""

from __future__ import annotations

from functools import lru_cache

import crawleruseragents
from ua_parser import parse_user_agent

OTHER = "autre"
# ua-parser's family → the name an app goes by. Families not listed keep their name.
_APPS = {
    "Podcasts": "Apple Podcasts",
    "iTunes": "Apple Podcasts",
    "PodcastAddict": "Podcast Addict",
    "Pocket Casts": "Pocket Casts",
    "Mobile Safari UI/WKWebView": "Apple (lecteur intégré)",
    "Mobile Safari": "Navigateur Safari",
    "Safari": "Navigateur Safari",
    "Chrome": "Navigateur Chrome",
    "Chrome Mobile": "Navigateur Chrome",
    "Chrome Mobile WebView": "Navigateur Chrome",
    "Chrome Mobile iOS": "Navigateur Chrome",
    "Firefox": "Navigateur Firefox",
    "Firefox Mobile": "Navigateur Firefox",
    "Firefox iOS": "Navigateur Firefox",
    "Edge": "Navigateur Edge",
    "Edge Mobile": "Navigateur Edge",
    "Samsung Internet": "Navigateur Samsung",
    "Opera": "Navigateur Opera",
}
# Agents whose family ua-parser does not know, by a word they always contain.
_WORDS = (("Deezer", "Deezer"), ("Castbox", "Castbox"), ("CastBox", "Castbox"),
          ("Podcast Republic", "Podcast Republic"), ("Radio France", "Radio France"))
APP_NAME_MAX = 60
# The crawler list names a few podcast companies by their feed crawler's name
# ("Overcast/"); their players' own agents say so and are listeners, not bots.
_PLAYERS = ("; iOS podcast app)",)


@lru_cache(maxsize=65536)
def is_bot(agent: str) -> bool:
    """A known crawler, or no user agent at all (IAB: such requests are not counted)."""
    agent = agent.strip()
    if not agent or agent == "-":
        return True
    if any(marker in agent for marker in _PLAYERS):
        return False
    return crawleruseragents.is_crawler(agent)


@lru_cache(maxsize=65536)
def app_of(agent: str) -> str:
    """The app or platform's name, never the agent string itself."""
    for word, name in _WORDS:
        if word in agent:
            return name
    parsed = parse_user_agent(agent)
    family = parsed.family if parsed is not None else ""
    if not family or family == "Other":
        return OTHER
    return _APPS.get(family, family)[:APP_NAME_MAX]
