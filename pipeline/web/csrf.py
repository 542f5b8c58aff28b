"""CSRF protection: one random token per session, required on every POST.

Logging in starts a new session with a new token (``sessions.log_in``): a
token seen before log-in is worth nothing after.

Forms carry it in a hidden ``csrf_token`` field; scripts send it in the
``X-CSRF-Token`` header, which is checked before the body is parsed, so a
forged upload is refused without reading a gigabyte first.
"""

from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token() -> str:
    """This session's token (made on first use); templates call it as ``csrf_token()``."""
    value = session.get(SESSION_KEY)
    if not value:
        value = session[SESSION_KEY] = secrets.token_urlsafe(32)
    return value


def protect() -> None:
    """Refuse (400) an unsafe request whose token is missing or wrong."""
    if request.method in SAFE_METHODS:
        return
    expected = session.get(SESSION_KEY)
    given = request.headers.get(HEADER) or request.form.get(FIELD)
    if not expected or not given or not hmac.compare_digest(str(given), str(expected)):
        abort(400, description="csrf")
