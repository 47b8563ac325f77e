# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Ed25519 signing keys and the two signature encodings of a bundle: minisign and raw.

A bundle's trust root is ``SHA256SUMS``. It is signed twice with the vault's Ed25519 key:

* ``SHA256SUMS.minisig`` -- minisign "ED" format (Ed25519 over BLAKE2b-512 of the file) with a
  trusted comment and a global signature, verifiable with ``minisign -Vm``;
* ``SHA256SUMS.sig`` -- the raw 64-byte Ed25519 signature of the file, for ``openssl pkeyutl``.

The fingerprint of a key is the SHA-256 hex of the raw 32-byte public key. The minisign key id is
the first 8 bytes of that hash, so it is stable for a given key. Pure functions, no I/O, no Qt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.errors import UsageError, VerificationFailed

log = logging.getLogger(__name__)

MINISIGN_ALG_PREHASHED = b"ED"
MINISIGN_ALG_LEGACY = b"Ed"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAX_COMMENT = 1024


def fingerprint(public_key: bytes) -> str:
    """SHA-256 hex (lower case) of a raw 32-byte Ed25519 public key."""
    _check_pk(public_key)
    return hashlib.sha256(public_key).hexdigest()


def display_fingerprint(fp: str) -> str:
    """The fingerprint for humans: 16 groups of 4 hex digits separated by spaces."""
    fp = normalize_fingerprint(fp)
    return " ".join(fp[i : i + 4] for i in range(0, 64, 4))


def normalize_fingerprint(untrusted_text: str) -> str:
    """Accept a fingerprint with or without spaces/colons, any case; return 64 lower-case hex.

    Raises:
        UsageError: ``bundle.bad_fingerprint`` when it is not 64 hex digits.
    """
    fp = re.sub(r"[\s:]", "", untrusted_text).lower()
    if not _HEX64.fullmatch(fp):
        raise UsageError("bundle.bad_fingerprint")
    return fp


def key_id(public_key: bytes) -> bytes:
    """The 8-byte minisign key id we use: the first 8 bytes of SHA-256(public key)."""
    _check_pk(public_key)
    return hashlib.sha256(public_key).digest()[:8]


def key_id_hex(kid: bytes) -> str:
    """A key id as minisign prints it: the little-endian 64-bit value in upper-case hex."""
    return format(int.from_bytes(kid, "little"), "016X")


@dataclass(frozen=True)
class SignerPublicKey:
    """A raw Ed25519 public key with its derived identifiers."""

    raw: bytes

    def __post_init__(self) -> None:
        _check_pk(self.raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    @property
    def key_id(self) -> bytes:
        return key_id(self.raw)

    @property
    def key_id_hex(self) -> str:
        return key_id_hex(self.key_id)

    def minisign_file(self) -> str:
        """The minisign public key file (two lines)."""
        return minisign_public_key_file(self.raw)

    def pem(self) -> str:
        """SubjectPublicKeyInfo PEM, for ``openssl pkeyutl -verify -pubin``."""
        return spki_pem(self.raw)

    def verify_raw(self, data: bytes, signature: bytes) -> bool:
        """True when ``signature`` is a valid raw Ed25519 signature of ``data``."""
        if len(signature) != 64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except InvalidSignature:
            return False
        return True


class SigningKey:
    """The vault's Ed25519 private key. The vault side keeps the seed; this wraps it for signing."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        raw = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public = SignerPublicKey(raw)

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> SigningKey:
        """Load from the 32-byte Ed25519 seed (the raw private key)."""
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    def sign_raw(self, data: bytes) -> bytes:
        """The raw 64-byte Ed25519 signature of ``data`` (``SHA256SUMS.sig``)."""
        return self._key.sign(data)

    def sign_minisign(self, data: bytes, trusted_comment: str,
                      untrusted_comment: str = "signature from bayyina vault key") -> str:
        """A minisign "ED" signature file for ``data`` with a trusted comment."""
        _check_comment(trusted_comment)
        _check_comment(untrusted_comment)
        prehash = hashlib.blake2b(data, digest_size=64).digest()
        sig = self._key.sign(prehash)
        global_sig = self._key.sign(sig + trusted_comment.encode("utf-8"))
        line2 = base64.b64encode(MINISIGN_ALG_PREHASHED + self.public.key_id + sig).decode()
        return (
            f"untrusted comment: {untrusted_comment}\n{line2}\n"
            f"trusted comment: {trusted_comment}\n{base64.b64encode(global_sig).decode()}\n"
        )


def minisign_public_key_file(public_key: bytes) -> str:
    """``untrusted comment:`` line plus base64("Ed" || key id || public key)."""
    kid = key_id(public_key)
    body = base64.b64encode(MINISIGN_ALG_LEGACY + kid + public_key).decode()
    return f"untrusted comment: minisign public key {key_id_hex(kid)}\n{body}\n"


def spki_pem(public_key: bytes) -> str:
    """The key as an SPKI PEM block."""
    return Ed25519PublicKey.from_public_bytes(public_key).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


@dataclass(frozen=True)
class MinisignSignature:
    """A parsed ``.minisig`` file."""

    alg: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes


def parse_minisign_signature(untrusted: bytes) -> MinisignSignature:
    """Parse a minisign signature file strictly (four lines, "ED" algorithm only).

    Raises:
        VerificationFailed: ``bundle.bad_signature`` when the file is malformed.
    """
    try:
        text = untrusted.decode("utf-8")
    except UnicodeDecodeError:
        raise VerificationFailed("bundle.bad_signature", file="SHA256SUMS.minisig") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    ok = (
        len(lines) == 4
        and lines[0].startswith("untrusted comment: ")
        and lines[2].startswith("trusted comment: ")
    )
    blob = _b64(lines[1]) if ok else None
    gsig = _b64(lines[3]) if ok else None
    if not ok or blob is None or gsig is None or len(blob) != 74 or len(gsig) != 64:
        raise VerificationFailed("bundle.bad_signature", file="SHA256SUMS.minisig")
    if blob[:2] != MINISIGN_ALG_PREHASHED:
        raise VerificationFailed("bundle.bad_signature", file="SHA256SUMS.minisig")
    return MinisignSignature(blob[:2], blob[2:10], blob[10:], lines[2][len("trusted comment: "):],
                             gsig)


def verify_minisign(public_key: SignerPublicKey, data: bytes, untrusted_sig: bytes) -> str:
    """Verify a minisign signature (including the trusted comment); return the trusted comment.

    Raises:
        VerificationFailed: ``bundle.bad_signature`` on any mismatch (key id, signature, comment).
    """
    sig = parse_minisign_signature(untrusted_sig)
    if sig.key_id != public_key.key_id:
        raise VerificationFailed("bundle.bad_signature", file="SHA256SUMS.minisig")
    prehash = hashlib.blake2b(data, digest_size=64).digest()
    if not public_key.verify_raw(prehash, sig.signature) or not public_key.verify_raw(
        sig.signature + sig.trusted_comment.encode("utf-8"), sig.global_signature
    ):
        raise VerificationFailed("bundle.bad_signature", file="SHA256SUMS.minisig")
    return sig.trusted_comment


@dataclass(frozen=True)
class PinnedSigner:
    """A signer the caller trusts: a full key, or only its fingerprint."""

    fingerprint: str
    public_key: SignerPublicKey | None = None

    def matches(self, key: SignerPublicKey) -> bool:
        return key.fingerprint == self.fingerprint


def parse_signer(untrusted: str | bytes) -> PinnedSigner:
    """Parse a pinned signer: a minisign public key file or bare key line, a PEM, or a fingerprint.

    Raises:
        UsageError: ``bundle.bad_signer_key`` when nothing usable is found.
    """
    if isinstance(untrusted, bytes):
        try:
            untrusted = untrusted.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError("bundle.bad_signer_key") from None
    text = untrusted.strip()
    if "-----BEGIN PUBLIC KEY-----" in text:
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise UsageError("bundle.bad_signer_key") from None
        if not isinstance(key, Ed25519PublicKey):
            raise UsageError("bundle.bad_signer_key")
        pk = SignerPublicKey(key.public_bytes(serialization.Encoding.Raw,
                                              serialization.PublicFormat.Raw))
        return PinnedSigner(pk.fingerprint, pk)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and lines[0].startswith("untrusted comment:"):
        lines = lines[1:]
    if len(lines) == 1:
        blob = _b64(lines[0])
        if blob is not None and len(blob) == 42 and blob[:2] == MINISIGN_ALG_LEGACY:
            pk = SignerPublicKey(blob[10:])
            if blob[2:10] != pk.key_id:
                log.info("pinned minisign key has a foreign key id; the key itself is pinned")
            return PinnedSigner(pk.fingerprint, pk)
        try:
            return PinnedSigner(normalize_fingerprint(lines[0]))
        except UsageError:
            pass
    raise UsageError("bundle.bad_signer_key")


def _b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


def _check_pk(public_key: bytes) -> None:
    if not isinstance(public_key, bytes) or len(public_key) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")


def _check_comment(comment: str) -> None:
    if "\n" in comment or "\r" in comment or len(comment) > _MAX_COMMENT:
        raise ValueError("minisign comments are one short line")
