"""The library's refusals in the reader's language, beside the input they are about.

An error carries its English text, its parameters and the form field it
concerns (``archive/errors.py``); it is translated here, at the last moment,
from the message catalogue, in the language the browser asks for
(``Accept-Language``, French when it asks for nothing we speak). The pages'
own wording is French; only these messages follow the browser.
"""

from __future__ import annotations

from flask import g, has_request_context, request

from archive import ClearError
from media import MediaError
from pipeline.plumbing.i18n import DEFAULT, Translate, negotiate, translator

# The library names some fields as the command line does; a page may call its
# input otherwise. Page -> {library field -> input}.
INPUTS: dict[str, dict[str, str]] = {
    "stats": {"start": "du", "from": "du", "end": "au", "to": "au"},
}


def language() -> str:
    """``"fr"`` or ``"en"`` for this request (French outside a request)."""
    if not has_request_context():
        return DEFAULT
    lang = g.get("lang")
    if lang is None:
        lang = g.lang = negotiate(request.headers.get("Accept-Language"))
    return lang


def translate() -> Translate:
    return translator(language())


def said(exc: ClearError | MediaError) -> str:
    """The reason of ``exc`` as one sentence for the page, in the request's language.

    The reason, not the line: the subject of an upload is the server's
    temporary path, which means nothing to the reader (the field says which file).
    """
    text = exc.reason(translate())
    return text[:1].upper() + text[1:]


def field_of(exc: ClearError | MediaError, subjects: dict[str, str] | None = None,
             page: str | None = None) -> str:
    """The input a refusal is about: by its subject (which uploaded file), else the
    field the error names (renamed for ``page``); ``"form"`` for the whole form."""
    if exc.subject and subjects and exc.subject in subjects:
        return subjects[exc.subject]
    if exc.field:
        return INPUTS.get(page or "", {}).get(exc.field, exc.field)
    return "form"


def refusal(exc: ClearError | MediaError, subjects: dict[str, str] | None = None,
            page: str | None = None) -> tuple[str, str]:
    """``(input, message)`` for a refused form."""
    return field_of(exc, subjects, page), said(exc)
