# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The route to the organisation: direct, or through a SOCKS5 proxy (Tor Browser's, the system's).

Through a proxy, the card's ``.onion`` URL is used when it has one, and the host name is sent to
the proxy unresolved (``httpx``/``socksio`` send it as a domain name), so no DNS query leaves this
machine. A route never changes on its own: when the proxy is unreachable the send fails and says
so; it never falls back to a direct connection.

Part of the sender process: no vault, no key (see :mod:`app.send`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.errors import UsageError

_SOCKS = re.compile(r"socks5h?://(?P<host>\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(?P<port>[0-9]{1,5})/?")


@dataclass(frozen=True)
class Route:
    """``proxy`` is ``socks5://HOST:PORT`` or None (direct)."""

    proxy: str | None = None

    @property
    def kind(self) -> str:
        return "socks5" if self.proxy else "direct"

    def url_for(self, url: str, onion_url: str | None) -> str:
        """The URL this route uses: the onion one through a proxy when the card has one."""
        return onion_url if self.proxy and onion_url else url

    def describe(self, url: str, onion_url: str | None) -> dict[str, str | None]:
        """What the app tells the defender: how, through what, to where."""
        target = self.url_for(url, onion_url)
        return {"route": self.kind, "proxy": self.proxy, "url": target,
                "onion": "yes" if self.proxy and onion_url else "no"}


def parse_via(untrusted: str | None) -> Route:
    """``--via socks5://HOST:PORT`` (``socks5h://`` accepted, the same thing here) or None.

    Raises:
        UsageError: ``send.bad_via`` for anything else.
    """
    if untrusted is None or untrusted == "":
        return Route(None)
    m = _SOCKS.fullmatch(untrusted.strip())
    if not m or not 0 < int(m.group("port")) < 65536:
        raise UsageError("send.bad_via", via=untrusted)
    return Route(f"socks5://{m.group('host')}:{int(m.group('port'))}")


__all__ = ["Route", "parse_via"]
