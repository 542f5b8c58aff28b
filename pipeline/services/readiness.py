"""Is the archive ready to go public? The settings a careless set-up leaves wrong.

``clea init`` without ``--base-url`` writes ``http://localhost:8000/``, and the
owner e-mail ``podcast@example.org`` is a placeholder; both end up in every feed
(enclosure addresses, ``itunes:email``, ``podcast:locked owner``) and podcast
apps keep what they first read. So ``clea build`` warns, and ``clea publish``
(command line and web) refuses while they hold; previewing with ``clea serve``
is unaffected. The messages are in French: the web interface shows them too.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from archive import N_, ClearError
from pipeline.plumbing.config import CONFIG_NAME, Settings
from pipeline.plumbing.credentials import hide

# Names that never reach the public: reserved for examples and tests (RFC 2606,
# RFC 6761) and the usual names of local networks.
_RESERVED = ("example.com", "example.net", "example.org")
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
_LOCAL_SUFFIXES = (".local", ".lan", ".home", ".internal", ".intranet", ".localdomain",
                   ".home.arpa")
_EMAIL = re.compile(r"[^@\s]+@([^@\s]+\.[^@\s]+)")


@dataclass(frozen=True)
class Finding:
    """One thing not ready: which setting, what is wrong, what to do."""

    setting: str  # e.g. "[archive] base_url", or a topic for what is not a setting
    problem: str
    fix: str
    blocks: bool = False  # publishing is refused while this holds

    def line(self) -> str:
        where = f"{CONFIG_NAME}, {self.setting}" if self.setting.startswith("[") else self.setting
        return f"{where} : {self.problem} {self.fix}"


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
    shown = hide(url)
    parsed = urlparse(url)
    host = parsed.hostname or ""
    setting = f"[archive] {key}"
    fix = ("mettez l'adresse publique du site, en https://, puis relancez `clea build` "
           "(les applications de podcast gardent l'adresse qu'elles ont lue en premier).")
    if is_local_host(host):
        return [Finding(setting, f"« {shown} » est une adresse locale, que les auditeurs ne "
                                 "peuvent pas ouvrir ;", fix, blocks=True)]
    if parsed.scheme != "https":
        return [Finding(setting, f"« {shown} » n'est pas en https:// (les applications de "
                                 "podcast et les navigateurs s'en méfient) ;", fix, blocks=True)]
    if is_reserved_host(host):
        return [Finding(setting, f"« {shown} » est une adresse d'exemple ;",
                        "mettez la vraie adresse publique du site avant de publier.")]
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
            f"« {settings.owner_email} » n'est pas une vraie adresse ; elle serait écrite dans "
            "chaque flux (itunes:email, podcast:locked) ;",
            "mettez l'adresse de la personne qui répond des podcasts (Apple et les annuaires "
            "y écrivent pour vérifier qui les publie).", blocks=True))
    return found


def settings_findings(settings: Settings) -> list[Finding]:
    """Every finding about the settings themselves, blocking or not (for ``clea doctor``)."""
    found = [f for key in ("base_url", "media_base_url") for f in _address(settings, key)]
    found += [f for f in publish_blockers(settings) if f.setting == "[archive] owner_email"]
    defaults = Settings()
    for key, what in (("owner_name", "le nom du responsable des podcasts"),
                      ("author", "l'auteur affiché par les applications")):
        if not getattr(settings, key).strip() or (
                getattr(settings, key) == getattr(defaults, key)):
            found.append(Finding(f"[archive] {key}",
                                 f"« {getattr(settings, key)} » est la valeur d'exemple ;",
                                 f"mettez {what} (le nom de la médiathèque, du réseau…)."))
    return found


def require_ready(settings: Settings) -> None:
    """Refuse to publish while a blocking setting holds; one line per setting."""
    blockers = publish_blockers(settings)
    if blockers:
        raise ClearError(N_("publishing refused: the site is not ready to be public "
                            "(`clea doctor` says all that is missing)\n{findings}"),
                         code="publish.not-ready",
                         findings="\n".join(f.line() for f in blockers))
