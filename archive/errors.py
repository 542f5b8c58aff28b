"""The errors a user can cause, and the few that are not bugs: one hierarchy.

Everything raised from here is caught at the command-line (or web) boundary
and shown as one line; any other exception is a bug and keeps its traceback.
``media`` raises these too (``media.MediaError`` is a ``ClearError``): this
module is the one piece of ``archive`` that the other packages may import
below ``pipeline`` (docs/design.md, "Arrows").

An error carries what a front-end needs to say it well, never a sentence to
pick apart:

- ``code``: stable, English, dotted (``item.duplicate``); tests and the
  ``--json`` output use it;
- ``text``: the English message with ``{named}`` parameters, marked with
  ``N_`` so Babel extracts it into the message catalogues; the front-end
  translates it at the last moment (``line(translate)``);
- ``params``: the values for the text (a slug, a size, a line number); a
  ``Term`` (a field's name, a medium) is translated with the text;
- ``subject``: what was wrong (a file, a slug, a sheet line), shown first;
- ``field``: the form field it concerns (``file``, ``title``, ``transcript``…),
  so the web interface puts the message beside the right input.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path


def N_(text: str) -> str:
    """Mark ``text`` for translation without translating it (gettext's convention)."""
    return text


def _same(text: str) -> str:
    return text


class Term(str):
    """A word of a message that is translated with it: a field's name, a medium, a status.

    Write the English marked for extraction where the word is chosen
    (``Term(N_("the title"))``); an error translates its ``Term`` parameters
    with its text, so « the title is empty » becomes « il manque le titre ».
    Plain ``str`` parameters (a slug, a file name, a value the user typed) are
    never translated.
    """

    __slots__ = ()


class ClearError(Exception):
    """A user's mistake: bad input, unknown slug, refused action."""

    def __init__(self, text: str, subject: str | Path | None = None, *,
                 code: str, field: str | None = None, **params: object) -> None:
        self.text = text
        self.code = code
        self.field = field
        self.params = params
        self.subject = str(subject) if subject is not None else None
        super().__init__(self.line())

    def __reduce__(self):
        # A worker process (the build's QR pool) sends its errors back pickled;
        # the default would call __init__ with the English line alone.
        return _rebuilt, (type(self), self.__dict__)

    def reason(self, translate: Callable[[str], str] = _same) -> str:
        """The message without its subject, in the language of ``translate``."""
        values = {name: _shown(value, translate) for name, value in self.params.items()}
        return translate(self.text).format(**values)

    def line(self, translate: Callable[[str], str] = _same) -> str:
        """One line: the subject, then the reason (English unless ``translate`` says)."""
        reason = self.reason(translate)
        if not self.subject:
            return reason
        return translate(_WITH_SUBJECT).format(subject=self.subject, reason=reason)


def _rebuilt(cls: type[ClearError], state: dict[str, object]) -> ClearError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.line())
    return error


# How a subject leads its reason: French puts a no-break space before the colon.
_WITH_SUBJECT = N_("{subject}: {reason}")


def _shown(value: object, translate: Callable[[str], str]) -> object:
    # A word of the sentence, or an error inside an error (a refused row of a
    # sheet), speaks the language of the sentence; so does anything else that
    # says itself in one line as an error does (a readiness finding).
    if isinstance(value, Term):
        return translate(value)
    if _says(value):
        return value.line(translate)  # type: ignore[attr-defined]
    if isinstance(value, list | tuple) and value and all(_says(v) for v in value):
        return "\n".join(v.line(translate) for v in value)
    return value


def _says(value: object) -> bool:
    """An error, or another message with ``line(translate)`` (never a plain string)."""
    return isinstance(value, ClearError) or (
        not isinstance(value, str) and callable(getattr(value, "line", None)))


class FixityError(ClearError):
    """An original in the store no longer matches its checksum, or is missing."""


class PublishError(ClearError):
    """A publish target refused or failed after retries."""


class DiskFullError(ClearError):
    """The disk (or the user's quota) is full: said plainly, naming the file."""


# What a full disk raises: the file system's error, or SQLite's own.
STORAGE_ERRORS = (OSError, sqlite3.OperationalError)


def disk_full(exc: BaseException, catalogue: str | Path | None = None) -> DiskFullError | None:
    """The plain one-line error for a full disk, or None if ``exc`` is something else.

    Every write goes through a temporary file (``archive.atomic``), removed on
    failure, and every catalogue change is one transaction, rolled back: nothing
    half-written is left. SQLite says "database or disk is full" without naming
    its file: ``catalogue`` names it.
    """
    if isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc):
        subject: str | Path | None = catalogue
    elif isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        subject = exc.filename or None
    else:
        return None
    return DiskFullError(N_("the disk is full; nothing half-written was kept: free some space "
                            "and run the command again"), subject, code="disk.full")
