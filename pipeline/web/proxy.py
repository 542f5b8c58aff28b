"""Believing a reverse proxy, and only the ones in ``[web] trusted_proxies``.

Behind nginx, every request comes from the proxy's address over plain HTTP;
the proxy says who the client is and that it spoke HTTPS in X-Forwarded-For
and X-Forwarded-Proto. The session cookie is ``Secure`` and log-in limits and
logs use the client's address only if those headers are believed, and they
must be believed only from the proxy: a client that reaches the server
directly could otherwise claim any address (and escape its limits) or HTTPS.

waitress's own ``trusted_proxy`` takes one exact address; the setting is a
list of addresses or networks, so the peer is checked here, and the headers
are read by waitress's own parser (the code behind its ``trusted_proxy``),
trusting one proxy: of ``X-Forwarded-For: a, b`` only ``b``, the address the
proxy itself saw, counts. From any other peer, or without ``--behind-proxy``,
every forwarded header is removed before the application sees it.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable

from waitress.proxy_headers import (
    PROXY_HEADERS,
    MalformedProxyHeader,
    clear_untrusted_headers,
    parse_proxy_headers,
)
from werkzeug.exceptions import BadRequest

TRUSTED_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"})
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
log = logging.getLogger("clea.web")


def networks(addresses: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(a, strict=False) for a in addresses)


class ProxyHeaders:
    """WSGI middleware: the forwarded headers of trusted proxies, nobody else's."""

    def __init__(self, app, trusted: Iterable[str]) -> None:  # noqa: ANN001 - a WSGI app
        self.app = app
        self.trusted = networks(trusted)

    def trusts(self, peer: str) -> bool:
        address = _address(peer)
        if address is None:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped  # ::ffff:127.0.0.1 from a dual-stack socket
        return any(address in network for network in self.trusted)

    def __call__(self, environ, start_response):  # noqa: ANN001 - WSGI signature
        untrusted = PROXY_HEADERS
        peer = environ.get("REMOTE_ADDR", "")
        if self.trusts(peer):
            try:
                untrusted = parse_proxy_headers(environ, trusted_proxy_count=1,
                                                trusted_proxy_headers=set(TRUSTED_HEADERS))
            except MalformedProxyHeader as exc:
                return self._refuse(environ, start_response, peer, exc.header, exc.value)
            if _address(environ.get("REMOTE_ADDR", "")) is None:
                return self._refuse(environ, start_response, peer, "X-Forwarded-For",
                                    environ.get("REMOTE_ADDR", ""))
        clear_untrusted_headers(environ, untrusted)
        return self.app(environ, start_response)

    @staticmethod
    def _refuse(environ, start_response, peer: str, header: str, value: str):  # noqa: ANN001
        # The proxy's mistake, not a user's: said once in the log, 400 to the client.
        log.warning("malformed %s header %r from the proxy at %s", header, value[:200], peer)
        return BadRequest("En-tête du proxy mal formé.")(environ, start_response)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None
