# SPDX-License-Identifier: GPL-3.0-or-later
"""Through a SOCKS5 proxy (Tor's semantics), against a real one: microsocks on 127.0.0.1.

The sender runs under strace: through the proxy it connects to the proxy and to nothing else (no
direct connection to the inbox, no DNS query: the host name goes to the proxy unresolved, as
``socks5h`` does, and the proxy's log names the host as the card gave it). With an onion address
in the card the proxy is asked for the onion host; when the proxy cannot be reached the send
fails and says so, and nothing goes out directly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.send.helpers import (
    Inbox,
    Socks,
    entry,
    free_port,
    random_bundle,
    run_sender,
    sha256_file,
    start_socks,
    strace_prefix,
)

ONION = "https://" + "b" * 56 + ".onion/files/"
_CONNECT = re.compile(r"connect\(\d+, \{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\), "
                      r"(?:sin_addr=inet_addr\(\"([0-9.]+)\"\)"
                      r"|.*?inet_pton\(AF_INET6, \"([^\"]+)\")")
_SOCKET = re.compile(r"socket\((AF_[A-Z0-9]+), (SOCK_[A-Z]+)")


@pytest.fixture
def socks(tmp_path: Path) -> Iterator[Socks]:
    proxy = start_socks(tmp_path)
    yield proxy
    proxy.stop()


def _calls(log: Path) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    """(address, port) of every connect() and (family, type) of every socket() in the trace."""
    text = log.read_text(encoding="utf-8", errors="replace")
    connects = [(m.group(2) or m.group(3), int(m.group(1))) for m in _CONNECT.finditer(text)]
    sockets = [(m.group(1), m.group(2)) for m in _SOCKET.finditer(text)]
    return connects, sockets


def _received(inbox: Inbox, location: str) -> Path:
    return inbox.root / "uploads" / location.rstrip("/").rsplit("/", 1)[1]


def test_upload_through_socks5_goes_only_through_the_proxy(inbox: Inbox, socks: Socks,
                                                           tmp_path: Path) -> None:
    bundle = tmp_path / "b.age"
    sha = random_bundle(bundle, 3 << 20, seed=5)
    # the card's host is a name, not an address: only the proxy may resolve it
    url = f"https://localhost:{inbox.port}/files/"
    trace = tmp_path / "sender.strace"
    job = {"proxy": socks.url, "chunk": 1 << 20,
           "entries": [entry(inbox, bundle, sha, url=url)]}
    run = run_sender(job, prefix=strace_prefix(trace), timeout=120)
    assert run.code == 0, run.events[-3:]
    route = run.last("route")
    assert route == {"event": "route", "entry": 1, "route": "socks5", "proxy": socks.url,
                     "url": url, "onion": "no"}
    sent = run.last("sent")
    assert sent is not None
    assert sha256_file(_received(inbox, sent["location"])) == sha
    # the proxy carried the connection, and was given the host name (socks5h: remote DNS)
    assert f"localhost:{inbox.port}" in socks.connections()
    connects, sockets = _calls(trace)
    assert connects, "strace saw no connection at all"
    assert set(connects) == {("127.0.0.1", socks.port)}, connects
    # no DNS query from the sender (a UDP socket, or a connection to port 53)
    assert [s for s in sockets if s[0] in ("AF_INET", "AF_INET6") and s[1] == "SOCK_DGRAM"] == []
    assert all(port != 53 for _addr, port in connects)
    _received(inbox, sent["location"]).unlink()


def test_through_the_proxy_the_onion_address_is_used_and_never_the_direct_one(
        inbox: Inbox, socks: Socks, tmp_path: Path) -> None:
    bundle = tmp_path / "b.age"
    sha = random_bundle(bundle, 1 << 20, seed=6)
    trace = tmp_path / "sender.strace"
    before = set(inbox.uploads())
    job = {"proxy": socks.url, "entries": [entry(inbox, bundle, sha, onion_url=ONION)]}
    run = run_sender(job, prefix=strace_prefix(trace), timeout=120)
    route = run.last("route")
    assert route is not None and route["onion"] == "yes" and route["url"] == ONION
    # this proxy is not Tor: it cannot reach the onion host, and the send says so
    assert run.code == 1
    failed = run.last("failed")
    assert failed is not None and failed["code"] in ("send.proxy_unreachable", "send.unreachable")
    assert run.last("created") is None
    assert set(inbox.uploads()) == before
    connects, _ = _calls(trace)
    # only the proxy was contacted: no fall-back to the clearnet address of the card
    assert connects and set(connects) == {("127.0.0.1", socks.port)}, connects
    assert all(port != inbox.port for _a, port in connects)


def test_an_unreachable_proxy_fails_and_nothing_goes_direct(inbox: Inbox,
                                                            tmp_path: Path) -> None:
    bundle = tmp_path / "b.age"
    sha = random_bundle(bundle, 1 << 20, seed=7)
    dead = free_port()  # nothing listens there
    trace = tmp_path / "sender.strace"
    before = set(inbox.uploads())
    job = {"proxy": f"socks5://127.0.0.1:{dead}", "entries": [entry(inbox, bundle, sha)]}
    run = run_sender(job, prefix=strace_prefix(trace), timeout=120)
    assert run.code == 1
    failed = run.last("failed")
    assert failed is not None and failed["code"] == "send.proxy_unreachable", run.events
    assert failed["params"] == {"proxy": f"socks5://127.0.0.1:{dead}"}
    assert set(inbox.uploads()) == before
    connects, _ = _calls(trace)
    assert connects and set(connects) == {("127.0.0.1", dead)}, connects
