# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""TLS pinned to the organisation's one certificate (the contact card's).

No hand-rolled TLS: the standard ``ssl`` module does the handshake, with a context that trusts
exactly the card's certificate and nothing else (no system CA store), and every response is then
checked again: the SHA-256 of the certificate the peer presented must equal the card's
fingerprint. The second check also refuses a certificate *issued by* a pinned certificate that
happens to be a CA. Host names are not checked: the pin is stronger than a name, and the same
certificate serves the onion address, which no public CA would name.

Part of the sender process: no vault, no key (see :mod:`app.send`).
"""

from __future__ import annotations

import hashlib
import ssl

import httpx

from app.errors import AppError


def cert_sha256(der: bytes) -> str:
    """SHA-256 hex (lower case) of a DER certificate: the card's ``cert_sha256``."""
    return hashlib.sha256(der).hexdigest()


def pem_to_der(pem: str) -> bytes:
    """The DER bytes of one PEM certificate (``send.bad_certificate`` when it is not one)."""
    try:
        return ssl.PEM_cert_to_DER_cert(pem.strip() + "\n")
    except (ValueError, TypeError):
        raise AppError("send.bad_certificate") from None


def pinned_context(pem: str, fingerprint: str) -> ssl.SSLContext:
    """An SSL context that trusts only this certificate, whose SHA-256 must be ``fingerprint``."""
    if cert_sha256(pem_to_der(pem)) != fingerprint:
        raise AppError("send.bad_certificate")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = False  # the pin replaces the name (module docstring)
    ctx.verify_mode = ssl.CERT_REQUIRED
    # a leaf certificate is its own trust anchor here (not only a self-signed root)
    ctx.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    try:
        ctx.load_verify_locations(cadata=pem)
    except ssl.SSLError:
        raise AppError("send.bad_certificate") from None
    return ctx


def check_peer(resp: httpx.Response, fingerprint: str) -> None:
    """Refuse the response unless the connection's peer certificate is the pinned one."""
    stream = resp.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    der = ssl_object.getpeercert(True) if ssl_object is not None else None
    if not der or cert_sha256(der) != fingerprint:
        raise AppError("send.wrong_certificate")


def pinned_client(pem: str, fingerprint: str, *, proxy: str | None,
                  timeout: float = 60.0) -> httpx.Client:
    """An ``httpx.Client`` that reaches the server only through ``proxy`` (when given), trusts
    only the pinned certificate and checks it on every response. No environment proxy settings
    are read (``trust_env=False``): the route is the one the defender chose, never another."""
    def hook(resp: httpx.Response) -> None:
        check_peer(resp, fingerprint)

    return httpx.Client(verify=pinned_context(pem, fingerprint), proxy=proxy, trust_env=False,
                        timeout=httpx.Timeout(timeout, connect=min(timeout, 30.0)),
                        follow_redirects=False, event_hooks={"response": [hook]},
                        headers={"User-Agent": "bayyina"})


__all__ = ["cert_sha256", "check_peer", "pem_to_der", "pinned_client", "pinned_context"]
