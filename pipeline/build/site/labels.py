"""French labels for numbers and dates, and their machine forms.

Pages show "12 mars 2025", "3 min 05 s" and "3,2 Mo"; the same values go to
``<time datetime>`` and JSON-LD as ISO 8601, so both are computed here once.
"""

from __future__ import annotations

from datetime import date, datetime

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    first = "1er" if value.day == 1 else str(value.day)
    return f"{first} {MONTHS[value.month - 1]} {value.year}"


def iso_day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def duration(seconds: float) -> str:
    """Spoken French: "45 s", "3 min 05 s", "1 h 02 min"."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def iso_duration(seconds: float) -> str:
    """ISO 8601, as schema.org and ``<time datetime>`` want it: ``PT3M5S``."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out + (f"{secs}S" if secs or out == "PT" else "")


def clock(seconds: float) -> str:
    """A chapter's start: "01:30", or "1:02:03" past the hour."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def size(nbytes: int) -> str:
    """French decimal comma and units: "850 ko", "3,2 Mo", "1,1 Go"."""
    for unit, scale in (("Go", 1e9), ("Mo", 1e6), ("ko", 1e3)):
        if nbytes >= scale:
            value = nbytes / scale
            text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
            return text.replace(".", ",").replace(",0", "") + f" {unit}"
    return f"{nbytes} octets"


def date_range(start: date | None, end: date | None) -> str:
    if start and end:
        return f"du {day(start)} au {day(end)}"
    if start:
        return f"depuis le {day(start)}"
    if end:
        return f"jusqu'au {day(end)}"
    return ""


def summary(text: str, limit: int = 180) -> str:
    """The first sentences of a description, cut at a word, for cards and meta tags."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


MEDIUM_WORDS = {"audio": "audio", "video": "vidéo", "image": "", "document": ""}


def medium(kind_label: str, medium_code: str) -> str:
    """The word after the kind ("Conte audio"), or nothing when the kind already
    says it ("Pastille vidéo", not "Pastille vidéo vidéo")."""
    word = MEDIUM_WORDS.get(medium_code, medium_code)
    return "" if word in kind_label.casefold() else word
