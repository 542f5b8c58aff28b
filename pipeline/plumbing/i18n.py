"""Which language clea speaks, and the message catalogues that say it.

Messages are written in English in the code (the gettext ``msgid``) and
translated from ``pipeline/locale/<lang>/LC_MESSAGES/clea.po``, compiled to
``.mo`` by ``make`` (``pybabel compile``). French is the default: the
librarians' web interface, the site and the feeds are French, so the command
line is too, unless the locale asks for English.

The language comes from the usual gettext variables, in gettext's order
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); the first one set
decides. A ``C`` or ``POSIX`` locale (a bare container, a cron job) means
French, not English: it says nothing about the reader. The web interface
chooses per request from ``Accept-Language`` (``negotiate``).
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import dates as babel_dates
from babel import numbers as babel_numbers

DOMAIN = "clea"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("fr", "en")
DEFAULT = "fr"
_ENV_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

Translate = Callable[[str], str]


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``"fr"`` or ``"en"``, from the gettext variables of ``environ``."""
    environ = os.environ if environ is None else environ
    for name in _ENV_ORDER:
        value = environ.get(name, "").strip()
        if not value:
            continue
        # LANGUAGE is a priority list ("en_GB:fr"); the others hold one locale.
        for candidate in value.split(":") if name == "LANGUAGE" else [value]:
            code = _code(candidate)
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return DEFAULT
        return DEFAULT
    return DEFAULT


def negotiate(accept_language: str | None) -> str:
    """The best of our languages for an ``Accept-Language`` header; French if none fits."""
    best, best_q = DEFAULT, 0.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        code = _code(tag)
        if code not in LANGUAGES:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = code, q
    return best


def _code(locale_name: str) -> str:
    # "en_GB.UTF-8@euro" -> "en"; "C.UTF-8" -> "c"
    return locale_name.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language``; English (the msgids) needs none."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def translator(language: str) -> Translate:
    return translations(language).gettext


def activate(language: str) -> Translate:
    """Make ``language`` this process's language, click's own messages included.

    click translates its messages ("No such option", "Usage:") with the
    standard library's ``gettext.gettext``, which reads ``LANGUAGE`` at each
    call: binding our domain and setting that variable is the documented way
    to translate them. Only the command line calls this; the web interface
    passes a translator per request instead.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language
    return translator(language)


def local_zone() -> ZoneInfo:
    """The zone dates are shown in: ``TZ`` if it names one, else Paris (the archives are French)."""
    name = os.environ.get("TZ", "").lstrip(":")
    for candidate in (name, "Europe/Paris"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def when(value: datetime, language: str) -> str:
    """A moment for people: local time, the language's own words and typography.

    « 30 novembre 2026 à 14:05 (UTC+1) » in French, « 30 November 2026 at
    14:05 (UTC+1) » in English. Stored times are UTC; a naive one is taken as UTC.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(local_zone())
    day = babel_dates.format_date(local, format="long", locale=language)
    clock = babel_dates.format_time(local, format="HH:mm", locale=language)
    offset = local.utcoffset() or timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    zone = f"UTC{hours:+d}" + (f":{rest // 60:02d}" if rest else "") if hours or rest else "UTC"
    joiner = " à " if language == "fr" else " at "
    return f"{day}{joiner}{clock} ({zone})"


def day(value: date, language: str) -> str:
    """A calendar day for people: « 12 mars 2025 » / « 12 March 2025 »."""
    return babel_dates.format_date(value, format="long", locale=language)


def decimal(value: float, language: str, digits: int = 1) -> str:
    """« 1,5 » in French, « 1.5 » in English: a measured number for people."""
    return babel_numbers.format_decimal(round(value, digits), format="0." + "0" * digits,
                                        locale=language)
