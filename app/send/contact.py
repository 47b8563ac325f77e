# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Signed contact cards (issue 18): how an organisation tells a defender where and how to send.

A card is canonical JSON, signed with the organisation's Ed25519 key (its vault's signing key,
the one its receipts are signed with)::

    {"format": "bayyina-contact", "format_version": "1", "made_at", "name",
     "recipient": "age1…" (the bundles are encrypted to it),
     "url": "https://…/files/" (the tus endpoint), "onion_url": "https://….onion/files/" | null,
     "cert_der": b64 (the server's TLS certificate, pinned), "cert_sha256",
     "signing_key": b64 (raw Ed25519), "signing_fingerprint", "signature": b64}

(signed: ``DOMAIN + canonical_json(card without "signature")``). A card proves that whoever holds
that signing key made it; the defender compares :func:`display_fingerprint` of the signing key
with the organisation over another channel, as for a bundle signer on first contact.

The small form, for a QR code, is ``bayyina-contact:`` followed by the URL-safe base64 of the
zlib-compressed card: the same bytes, verified the same way. Pure functions, no vault, no I/O.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from app.bundle.agecrypt import parse_recipients
from app.bundle.manifest import (
    _B64_32,
    _HEX64,
    _Invalid,
    _obj,
    _str,
    _ts,
    canonical_json,
    loads_strict,
)
from app.bundle.signing import SignerPublicKey, SigningKey, display_fingerprint
from app.bundle.writer import utc_now_iso
from app.errors import UsageError, VerificationFailed

DOMAIN = b"bayyina contact card v1\n"
FORMAT = "bayyina-contact"
QR_PREFIX = "bayyina-contact:"
MAX_CARD = 16 << 10
_HTTPS = re.compile(r"https://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?")
_ONION = re.compile(r"https://[a-z2-7]{56}\.onion(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?")
_B64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_CARD = _obj({
    "format": _str(choices=(FORMAT,)), "format_version": _str(choices=("1",)), "made_at": _ts,
    "name": _str(max_len=200), "recipient": _str(max_len=200), "url": _str(_HTTPS, 300),
    "cert_der": _str(_B64, 8000), "cert_sha256": _str(_HEX64),
    "signing_key": _str(_B64_32), "signing_fingerprint": _str(_HEX64),
    "signature": _str(max_len=100)},
    {"onion_url": lambda v, where: None if v is None else _str(_ONION, 300)(v, where)})


@dataclass(frozen=True)
class Card:
    """A verified contact card."""

    name: str
    recipient: str
    url: str
    onion_url: str | None
    cert_der: bytes
    cert_sha256: str
    signing_key: str  # b64 raw Ed25519
    signing_fingerprint: str
    made_at: str
    raw: bytes  # the canonical signed JSON

    @property
    def cert_pem(self) -> str:
        return pem_from_der(self.cert_der)

    @property
    def display_signing_fingerprint(self) -> str:
        return display_fingerprint(self.signing_fingerprint)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


def pem_from_der(der: bytes) -> str:
    cert = x509.load_der_x509_certificate(der)
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _cert_der(untrusted_pem: bytes) -> bytes:
    try:
        cert = x509.load_pem_x509_certificate(untrusted_pem)
    except ValueError:
        raise UsageError("send.bad_certificate") from None
    return cert.public_bytes(serialization.Encoding.DER)


def _url(untrusted: str, pattern: re.Pattern[str], code: str) -> str:
    url = untrusted.strip()
    if not pattern.fullmatch(url):
        raise UsageError(code, url=url[:300])
    return url if url.endswith("/") else url + "/"


def make_card(key: SigningKey, *, name: str, recipient: str, url: str, cert_pem: bytes,
              onion_url: str | None = None) -> bytes:
    """The organisation's signed card (canonical JSON, newline-terminated).

    Raises:
        UsageError: ``contact.empty_name``, ``bundle.bad_recipient``, ``contact.bad_url``,
            ``contact.bad_onion``, ``send.bad_certificate``.
    """
    name = " ".join(name.split())[:200]
    if not name:
        raise UsageError("contact.empty_name")
    age = str(parse_recipients([recipient])[0])
    der = _cert_der(cert_pem)
    pub = key.public
    body: dict[str, Any] = {
        "format": FORMAT, "format_version": "1", "made_at": utc_now_iso(), "name": name,
        "recipient": age, "url": _url(url, _HTTPS, "contact.bad_url"),
        "onion_url": _url(onion_url, _ONION, "contact.bad_onion") if onion_url else None,
        "cert_der": base64.b64encode(der).decode("ascii"),
        "cert_sha256": hashlib.sha256(der).hexdigest(),
        "signing_key": base64.b64encode(pub.raw).decode("ascii"),
        "signing_fingerprint": pub.fingerprint}
    body["signature"] = base64.b64encode(key.sign_raw(DOMAIN + canonical_json(body))).decode()
    return canonical_json(body) + b"\n"


def qr_payload(card: bytes) -> str:
    """The small form of a card, for a QR code."""
    return QR_PREFIX + base64.urlsafe_b64encode(zlib.compress(card.strip(), 9)).decode("ascii")


def write_qr(card: bytes, out: Any, kind: str = "png") -> None:
    """A QR code of the card's small form (``segno``) written to the binary file ``out``, as
    ``png`` or ``svg``."""
    import segno

    segno.make(qr_payload(card), error="m", micro=False).save(out, kind=kind, scale=4,
                                                              border=4)


def _unwrap(untrusted: bytes) -> bytes:
    text = untrusted.strip()
    if not text.startswith(QR_PREFIX.encode()):
        return text
    try:
        packed = base64.urlsafe_b64decode(text[len(QR_PREFIX):])
        obj = zlib.decompressobj()
        data = obj.decompress(packed, MAX_CARD + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise VerificationFailed("contact.invalid", reason="encoding") from None
    if len(data) > MAX_CARD or obj.unconsumed_tail:
        raise VerificationFailed("contact.invalid", reason="size")
    return data


def parse_card(untrusted: bytes) -> Card:
    """Strict loader for a card file or its QR payload: schema, certificate, signature.

    Raises:
        VerificationFailed: ``contact.invalid`` (with a reason), ``contact.bad_signature``.
    """
    if len(untrusted) > 2 * MAX_CARD:
        raise VerificationFailed("contact.invalid", reason="size")
    body = loads_strict(_unwrap(untrusted), "contact.invalid")
    try:
        _CARD(body, "card")
    except _Invalid as exc:
        raise VerificationFailed("contact.invalid", reason=str(exc)[:200]) from None
    try:
        der = base64.b64decode(body["cert_der"], validate=True)
        x509.load_der_x509_certificate(der)
        age = str(parse_recipients([body["recipient"]])[0])
    except (binascii.Error, ValueError, UsageError):
        raise VerificationFailed("contact.invalid", reason="certificate or recipient") from None
    if hashlib.sha256(der).hexdigest() != body["cert_sha256"] or age != body["recipient"]:
        raise VerificationFailed("contact.invalid", reason="certificate fingerprint")
    key = SignerPublicKey(base64.b64decode(body["signing_key"]))
    if key.fingerprint != body["signing_fingerprint"]:
        raise VerificationFailed("contact.invalid", reason="signing fingerprint")
    try:
        sig = base64.b64decode(body["signature"], validate=True)
    except binascii.Error:
        sig = b""
    if not key.verify_raw(DOMAIN + canonical_json(
            {k: v for k, v in body.items() if k != "signature"}), sig):
        raise VerificationFailed("contact.bad_signature")
    return Card(body["name"], body["recipient"], body["url"], body.get("onion_url"), der,
                body["cert_sha256"], body["signing_key"], body["signing_fingerprint"],
                body["made_at"], canonical_json(body))


__all__ = ["Card", "make_card", "parse_card", "qr_payload", "write_qr"]
