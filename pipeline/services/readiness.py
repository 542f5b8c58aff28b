"""Is the archive ready to go public? The settings a careless set-up leaves wrong.

``clea init`` without ``--base-url`` writes ``http://localhost:8000/``, and the
owner e-mail ``podcast@example.org`` is a placeholder; both end up in every feed
(enclosure addresses, ``itunes:email``, ``podcast:locked owner``) and podcast
apps keep what they first read. So ``clea build`` warns, and ``clea publish``
(command line and web) refuses while they hold; previewing with ``clea serve``
is unaffected.

A finding says it as an error does (``archive/errors.py``): English templates
marked with ``N_`` and their parameters, translated only when shown
(``line(translate)``): by the command line in its language, by the web page in
the reader's, and inside the ``publish.not-ready`` refusal in the refusal's.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

from archive import N_, ClearError, Term
from pipeline.plumbing.config import CONFIG_NAME, Settings
from pipeline.plumbing.credentials import hide

# Names that never reach the public: reserved for examples and tests (RFC 2606,
# RFC 6761) and the usual names of local networks.
_RESERVED = ("example.com", "example.net", "example.org")
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
_LOCAL_SUFFIXES = (".local", ".lan", ".home", ".internal", ".intranet", ".localdomain",
                   ".home.arpa")
_EMAIL = re.compile(r"[^@\s]+@([^@\s]+\.[^@\s]+)")
# Where a finding leads its reason; the same message as an error's subject.
_WITH_SUBJECT = N_("{subject}: {reason}")


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Finding:
    """One thing not ready: which setting, what is wrong, what to do.

    ``problem`` and ``fix`` are English templates (``N_``) filled from
    ``params``; a ``Term`` parameter is translated with them, a ``ClearError``
    one is said in the same language (credentials masked), anything else (an
    address, a path, a slug) is shown as it is.
    """

    setting: str  # "[archive] base_url", a file's path, or a Term naming a topic
    problem: str
    fix: str
    blocks: bool = False  # publishing is refused while this holds
    params: Mapping[str, object] = field(default_factory=dict)

    def where(self, translate: Callable[[str], str] = _same) -> str:
        """The setting in ``clea.toml``, the topic in the reader's language, or the file."""
        if self.setting.startswith("["):
            return f"{CONFIG_NAME}, {self.setting}"
        if isinstance(self.setting, Term):
            return translate(self.setting).format(**self._values(translate))
        return self.setting

    def reason(self, translate: Callable[[str], str] = _same) -> str:
        """What is wrong, then what to do, in the language of ``translate``."""
        values = self._values(translate)
        return (f"{translate(self.problem).format(**values)} "
                f"{translate(self.fix).format(**values)}")

    def line(self, translate: Callable[[str], str] = _same) -> str:
        """One line: where, then what is wrong and what to do (English unless told)."""
        return translate(_WITH_SUBJECT).format(subject=self.where(translate),
                                               reason=self.reason(translate))

    def _values(self, translate: Callable[[str], str]) -> dict[str, object]:
        return {name: _shown(value, translate) for name, value in self.params.items()}


def _shown(value: object, translate: Callable[[str], str]) -> object:
    if isinstance(value, Term):
        return translate(value)
    if isinstance(value, ClearError | Reason):
        return hide(value.line(translate))
    return value


@dataclass(frozen=True)
class Reason:
    """An error's reason without its subject, as a finding's parameter (the finding
    names the subject already)."""

    error: ClearError

    def line(self, translate: Callable[[str], str] = _same) -> str:
        return self.error.reason(translate)


def is_reserved_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host in _RESERVED or any(host.endswith("." + d) for d in _RESERVED) or \
        host.endswith(_RESERVED_SUFFIXES)


def is_local_host(host: str) -> bool:
    """localhost, a private or loopback address, or a name only a local network knows."""
    host = host.lower().rstrip(".").strip("[]")
    if not host or host == "localhost" or host.endswith((".localhost", *_LOCAL_SUFFIXES)):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host  # a bare machine name
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_unspecified \
        or ip.is_reserved


def _address(settings: Settings, key: str) -> list[Finding]:
    url = getattr(settings, key)
    if not url:
        return []
    parsed = urlparse(url)
    host = parsed.hostname or ""
    setting = f"[archive] {key}"
    params = {"address": hide(url)}
    fix = N_("put the site's public address, in https://, then run `clea build` again "
             "(podcast apps keep the address they read first).")
    if is_local_host(host):
        return [Finding(setting, N_("“{address}” is a local address, which listeners cannot "
                                    "open;"), fix, blocks=True, params=params)]
    if parsed.scheme != "https":
        return [Finding(setting, N_("“{address}” is not in https:// (podcast apps and "
                                    "browsers distrust it);"), fix, blocks=True, params=params)]
    if is_reserved_host(host):
        return [Finding(setting, N_("“{address}” is an example address;"),
                        N_("put the site's real public address before publishing."),
                        params=params)]
    return []


def email_placeholder(email: str) -> bool:
    match = _EMAIL.fullmatch(email.strip())
    if match is None:
        return True
    domain = match.group(1).lower()
    return is_reserved_host(domain) or is_local_host(domain)


def publish_blockers(settings: Settings) -> list[Finding]:
    """What makes ``clea publish`` refuse: the site's addresses and the owner e-mail."""
    found = [f for key in ("base_url", "media_base_url") for f in _address(settings, key)
             if f.blocks]
    if email_placeholder(settings.owner_email):
        found.append(Finding(
            "[archive] owner_email",
            N_("“{email}” is not a real address; it would be written into every feed "
               "(itunes:email, podcast:locked);"),
            N_("put the address of the person who answers for the podcasts (Apple and the "
               "directories write to it to check who publishes them)."),
            blocks=True, params={"email": settings.owner_email}))
    return found


def settings_findings(settings: Settings) -> list[Finding]:
    """Every finding about the settings themselves, blocking or not (for ``clea doctor``)."""
    found = [f for key in ("base_url", "media_base_url") for f in _address(settings, key)]
    found += [f for f in publish_blockers(settings) if f.setting == "[archive] owner_email"]
    defaults = Settings()
    for key, what in (("owner_name", N_("the name of the person in charge of the podcasts")),
                      ("author", N_("the author podcast apps show"))):
        if not getattr(settings, key).strip() or (
                getattr(settings, key) == getattr(defaults, key)):
            found.append(Finding(f"[archive] {key}", N_("“{value}” is the example value;"),
                                 N_("put {what} (the library's name, the network's…)."),
                                 params={"value": getattr(settings, key), "what": Term(what)}))
    return found


def require_ready(settings: Settings) -> None:
    """Refuse to publish while a blocking setting holds; one line per setting."""
    blockers = publish_blockers(settings)
    if blockers:
        raise ClearError(N_("publishing refused: the site is not ready to be public "
                            "(`clea doctor` says all that is missing)\n{findings}"),
                         code="publish.not-ready", findings=blockers)
