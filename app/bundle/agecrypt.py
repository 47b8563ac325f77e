# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The optional age v1 layer around a bundle, streamed in-process (no plaintext on disk).

* X25519 recipients (``age1...``): pyrage ``encrypt_io``/``decrypt_io``. Both stream (measured with
  pyrage 1.4.0: 8 KiB reads, 64 KiB writes, flat RSS), so we drive them with Python file-like
  adapters over iterators and callbacks: no thread, no pipe, no temporary file.
* Passphrase (scrypt stanza): pyrage only offers an in-memory API, so the stanza and the STREAM
  payload (C2SP age.md) are implemented here with ``cryptography``. Interoperability with
  pyrage/rage is covered by the tests.

Before anything is decrypted the header is parsed here (``docs/design.md`` §Bundles: Encryption with
age, Hostile input): only X25519 stanzas (plus rage's ``*-grease`` stanzas), or exactly one scrypt
stanza with log2 N <= 20; a header cap; armored and unknown formats are rejected with a clear code.
The scrypt check costs microseconds, so a hostile 2^22 header never reaches scrypt.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.bundle.options import check_protection
from app.errors import UsageError, VerificationFailed

log = logging.getLogger(__name__)

AGE_MAGIC = b"age-encryption.org/v1\n"
ARMOR_MAGIC = b"-----BEGIN AGE ENCRYPTED FILE-----"
MAX_HEADER = 16 * 1024
MAX_SCRYPT_LOG2 = 20
ENCRYPT_SCRYPT_LOG2 = 18  # age's default; 256 MiB of scrypt memory
CHUNK = 64 * 1024
_TAG = 16
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_B64_NOPAD = re.compile(r"[A-Za-z0-9+/]*")


@dataclass(frozen=True)
class AgeHeader:
    """A pre-checked header: ``kind`` is ``"x25519"`` or ``"scrypt"``."""

    kind: str
    raw: bytes  # the complete header including the MAC line
    stanzas: tuple[tuple[tuple[str, ...], bytes], ...]


def is_age(prefix: bytes) -> bool:
    """True when ``prefix`` starts like an age file (binary or armored)."""
    return prefix.startswith((AGE_MAGIC, ARMOR_MAGIC))


def _b64d(text: str, length: int | None = None) -> bytes:
    if not _B64_NOPAD.fullmatch(text) or len(text) % 4 == 1:
        raise VerificationFailed("bundle.age_header")
    try:
        out = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise VerificationFailed("bundle.age_header") from None
    if base64.b64encode(out).decode().rstrip("=") != text or (length and len(out) != length):
        raise VerificationFailed("bundle.age_header")
    return out


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def read_header(stream: BinaryIO) -> AgeHeader:
    """Read and pre-check the age header from ``stream`` (which is left just after it).

    Raises:
        VerificationFailed: ``bundle.age_armored``, ``bundle.age_header`` (unknown format,
            over-long, unknown or mixed stanzas, malformed) or ``bundle.scrypt_work_factor``.
    """
    first = stream.read(len(AGE_MAGIC))
    if first.startswith(ARMOR_MAGIC[: len(first)]) and len(first) > 10:
        raise VerificationFailed("bundle.age_armored")
    if first != AGE_MAGIC:
        raise VerificationFailed("bundle.age_header")
    raw = bytearray(first)
    stanzas: list[tuple[tuple[str, ...], bytes]] = []
    line = _line(stream, raw)
    while line.startswith("-> "):
        args = tuple(line[3:].split(" "))
        body_parts = []
        while True:
            bl = _line(stream, raw)
            if len(bl) > 64:
                raise VerificationFailed("bundle.age_header")
            body_parts.append(bl)
            if len(bl) < 64:
                break
        stanzas.append((args, _b64d("".join(body_parts))))
        line = _line(stream, raw)
    if not line.startswith("--- ") or not stanzas:
        raise VerificationFailed("bundle.age_header")
    _b64d(line[4:], 32)
    return AgeHeader(_classify(stanzas), bytes(raw), tuple(stanzas))


def _line(stream: BinaryIO, raw: bytearray) -> str:
    buf = bytearray()
    while True:
        c = stream.read(1)
        if not c:
            raise VerificationFailed("bundle.age_header")
        raw += c
        if len(raw) > MAX_HEADER:
            raise VerificationFailed("bundle.age_header")
        if c == b"\n":
            break
        buf += c
    try:
        text = buf.decode("ascii")
    except UnicodeDecodeError:
        raise VerificationFailed("bundle.age_header") from None
    if any(not 33 <= ord(ch) <= 126 and ch != " " for ch in text):
        raise VerificationFailed("bundle.age_header")
    return text


def _classify(stanzas: list[tuple[tuple[str, ...], bytes]]) -> str:
    types = [args[0] for args, _ in stanzas]
    if "scrypt" in types:
        if len(stanzas) != 1:
            raise VerificationFailed("bundle.age_header")
        args, body = stanzas[0]
        if len(args) != 3 or len(body) != 32 or not re.fullmatch(r"[1-9][0-9]?", args[2]):
            raise VerificationFailed("bundle.age_header")
        _b64d(args[1], 16)
        if int(args[2]) > MAX_SCRYPT_LOG2:
            raise VerificationFailed("bundle.scrypt_work_factor", log2n=int(args[2]))
        return "scrypt"
    x25519 = 0
    for args, body in stanzas:
        if args[0] == "X25519":
            if len(args) != 2 or len(body) != 32:
                raise VerificationFailed("bundle.age_header")
            _b64d(args[1], 32)
            x25519 += 1
        elif not (args[0].endswith("-grease") and len(body) <= 256):
            raise VerificationFailed("bundle.age_header")
    if x25519 == 0 or x25519 > 64:
        raise VerificationFailed("bundle.age_header")
    return "x25519"


# -- keys -----------------------------------------------------------------------------------
def keygen_recipient() -> tuple[str, str]:
    """A new X25519 identity: (identity file text as ``age-keygen`` writes it, ``age1...``)."""
    ident = pyrage.x25519.Identity.generate()
    recipient = str(ident.to_public())
    created = datetime.now(UTC).replace(microsecond=0).isoformat()
    return f"# created: {created}\n# public key: {recipient}\n{ident}\n", recipient


def parse_recipients(untrusted: Iterable[str]) -> list[pyrage.x25519.Recipient]:
    """Parse ``age1...`` recipient strings. Raises UsageError ``bundle.bad_recipient``."""
    out = []
    for text in untrusted:
        text = text.strip()
        try:
            out.append(pyrage.x25519.Recipient.from_str(text))
        except (pyrage.RecipientError, ValueError):
            raise UsageError("bundle.bad_recipient", recipient=text[:80]) from None
    if not out:
        raise UsageError("bundle.bad_recipient", recipient="")
    return out


def parse_identities(untrusted_text: str) -> list[pyrage.x25519.Identity]:
    """Parse an age identity file (comments allowed). Raises UsageError ``bundle.bad_identity``."""
    out = []
    for line in untrusted_text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            out.append(pyrage.x25519.Identity.from_str(line))
        except (pyrage.IdentityError, ValueError):
            raise UsageError("bundle.bad_identity") from None
    if not out:
        raise UsageError("bundle.bad_identity")
    return out


# -- adapters -------------------------------------------------------------------------------
class _IterReader(io.RawIOBase):
    """A readable raw stream over an iterator of byte chunks; keeps the iterator's exception."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._it = chunks
        self._cur = memoryview(b"")
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._cur:
            try:
                self._cur = memoryview(next(self._it))
            except StopIteration:
                return 0
            except BaseException as exc:  # re-raised by the caller, after pyrage unwinds
                self.error = exc
                raise OSError("source failed") from exc
        k = min(len(b), len(self._cur))
        b[:k] = self._cur[:k]
        self._cur = self._cur[k:]
        return k


class _CallbackWriter(io.RawIOBase):
    def __init__(self, sink: Callable[[bytes], None]) -> None:
        self._sink = sink

    def writable(self) -> bool:
        return True

    def write(self, b: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._sink(bytes(b))
        return len(b)


class _Prefixed(io.RawIOBase):
    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            k = min(len(b), len(self._prefix))
            b[:k] = self._prefix[:k]
            self._prefix = self._prefix[k:]
            return k
        data = self._rest.read(len(b))
        b[: len(data)] = data
        return len(data)


# -- encryption -----------------------------------------------------------------------------
def encrypt_stream(chunks: Iterator[bytes], out: BinaryIO, *, recipients: Iterable[str] = (),
                   passphrase: str | None = None,
                   scrypt_log2: int = ENCRYPT_SCRYPT_LOG2) -> bytes:
    """Encrypt the byte chunks to ``out``: to X25519 recipients, or (only) with a passphrase.

    Returns the file key, so that the writer can decrypt its read-back with
    :func:`decrypt_with_file_key` (it holds no recipient's identity); never stored.

    Written here with ``cryptography`` (ChaCha20-Poly1305 at about 1.3 GB/s on 64 KiB chunks)
    rather than pyrage (about 0.4 GB/s through its file interface): the age v1 format is small and
    fixed, every bundle is read back, and the tests decrypt our output with the stock ``age`` CLI
    and with pyrage, two independent implementations.
    """
    recips = list(recipients)
    if recips:  # an empty list falls through to parse_recipients (bundle.bad_recipient)
        check_protection(recips, passphrase_given=passphrase is not None)
    if passphrase is not None:
        return _scrypt_encrypt(chunks, out, passphrase, scrypt_log2)
    parse_recipients(recips)  # validates every string first (bundle.bad_recipient)
    file_key = os.urandom(16)
    stanzas = [_x25519_stanza(_recipient_key(r), file_key) for r in recips]
    _write_header(out, file_key, stanzas)
    _write_payload(chunks, out, file_key)
    return file_key


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_X25519_LABEL = b"age-encryption.org/v1/X25519"


def _bech32_polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _recipient_key(untrusted: str) -> bytes:
    """The 32-byte X25519 public key of an ``age1…`` recipient (bech32, checksum verified)."""
    text = untrusted.strip().lower()
    hrp, _, data = text.rpartition("1")
    try:
        values = [_BECH32.index(c) for c in data]
    except ValueError:
        raise UsageError("bundle.bad_recipient", recipient=untrusted[:80]) from None
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    if hrp != "age" or len(values) < 7 or _bech32_polymod(expanded + values) != 1:
        raise UsageError("bundle.bad_recipient", recipient=untrusted[:80])
    acc, bits, out = 0, 0, bytearray()
    for v in values[:-6]:
        acc = (acc << 5) | v
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if len(out) != 32:
        raise UsageError("bundle.bad_recipient", recipient=untrusted[:80])
    return bytes(out)


def _x25519_stanza(recipient: bytes, file_key: bytes) -> bytes:
    """``-> X25519 <ephemeral share>`` and the wrapped file key (age v1 spec, X25519 recipient)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    ephemeral = X25519PrivateKey.generate()
    share = ephemeral.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    if shared == bytes(32):
        raise UsageError("bundle.bad_recipient", recipient="(low-order key)")
    wrap = _hkdf(shared, share + recipient, _X25519_LABEL)
    body = ChaCha20Poly1305(wrap).encrypt(bytes(12), file_key, None)
    return f"-> X25519 {_b64e(share)}\n{_b64e(body)}\n".encode()


def _write_header(out: BinaryIO, file_key: bytes, stanzas: list[bytes]) -> None:
    hdr = AGE_MAGIC + b"".join(stanzas) + b"---"
    out.write(hdr + b" " + _b64e(_header_mac(file_key, hdr)).encode() + b"\n")


def _write_payload(chunks: Iterable[bytes], out: BinaryIO, file_key: bytes) -> None:
    """age's STREAM: a 16-byte nonce, then 64 KiB ChaCha20-Poly1305 chunks, the last one flagged.

    One chunk is always held back, since only the end of the input tells which chunk is last.
    """
    nonce = os.urandom(16)
    out.write(nonce)
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    counter = 0
    buf = bytearray()
    start = 0  # consumed prefix of buf, trimmed lazily (no O(n) shift per chunk)
    for chunk in chunks:
        buf += chunk
        view = memoryview(buf)
        while len(buf) - start > CHUNK:
            out.write(aead.encrypt(counter.to_bytes(11, "big") + b"\x00",
                                   view[start:start + CHUNK], None))
            start += CHUNK
            counter += 1
        view.release()
        if start:
            del buf[:start]
            start = 0
    out.write(aead.encrypt(counter.to_bytes(11, "big") + b"\x01", bytes(buf), None))


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, info).derive(ikm)


def _header_mac(file_key: bytes, header_upto_dashes: bytes) -> bytes:
    return hmac.new(_hkdf(file_key, b"", b"header"), header_upto_dashes, "sha256").digest()


def _wrap_key(passphrase: str, salt: bytes, log2n: int) -> bytes:
    return Scrypt(_SCRYPT_LABEL + salt, 32, 2**log2n, 8, 1).derive(passphrase.encode("utf-8"))


def _scrypt_encrypt(chunks: Iterator[bytes], out: BinaryIO, passphrase: str, log2n: int) -> bytes:
    if not passphrase:
        raise UsageError("bundle.empty_passphrase")
    file_key, salt = os.urandom(16), os.urandom(16)
    body = ChaCha20Poly1305(_wrap_key(passphrase, salt, log2n)).encrypt(bytes(12), file_key, None)
    _write_header(out, file_key, [f"-> scrypt {_b64e(salt)} {log2n}\n{_b64e(body)}\n".encode()])
    _write_payload(chunks, out, file_key)
    return file_key


# -- decryption -----------------------------------------------------------------------------
def decrypt_stream(stream: BinaryIO, sink: Callable[[bytes], None], *,
                   identity: str | None = None, passphrase: str | None = None) -> AgeHeader:
    """Pre-check the header, then decrypt ``stream`` chunk by chunk into ``sink``.

    ``sink`` sees authenticated 64 KiB chunks; an exception it raises propagates unchanged.

    Raises:
        VerificationFailed: header codes (see :func:`read_header`), ``bundle.wrong_identity``,
            ``bundle.wrong_passphrase``, ``bundle.decrypt_failed``.
        UsageError: ``bundle.identity_required`` / ``bundle.passphrase_required``.
    """
    header = read_header(stream)
    if header.kind == "scrypt":
        if passphrase is None:
            raise UsageError("bundle.passphrase_required")
        _scrypt_decrypt(header, stream, sink, passphrase)
        return header
    if identity is None:
        raise UsageError("bundle.identity_required")
    identities = parse_identities(identity)
    try:
        pyrage.decrypt_io(io.BufferedReader(_Prefixed(header.raw, stream), CHUNK),
                          _CallbackWriter(sink), identities)
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise VerificationFailed("bundle.wrong_identity") from None
        raise VerificationFailed("bundle.decrypt_failed") from None
    except OSError as exc:
        # Streaming payload failures surface as io errors ("decryption error", truncation).
        text = str(exc).lower()
        if "decrypt" in text or "truncat" in text or "eof" in text or "chunk" in text:
            raise VerificationFailed("bundle.decrypt_failed") from None
        raise
    return header


def _scrypt_decrypt(header: AgeHeader, stream: BinaryIO, sink: Callable[[bytes], None],
                    passphrase: str) -> None:
    args, body = header.stanzas[0]
    salt = _b64d(args[1], 16)
    try:
        file_key = ChaCha20Poly1305(_wrap_key(passphrase, salt, int(args[2]))).decrypt(
            bytes(12), body, None)
    except InvalidTag:
        raise VerificationFailed("bundle.wrong_passphrase") from None
    _decrypt_payload(header, stream, sink, file_key)


def decrypt_with_file_key(stream: BinaryIO, sink: Callable[[bytes], None],
                          file_key: bytes) -> AgeHeader:
    """Decrypt a file this process just encrypted, with the file key it returned: the header MAC
    and every payload chunk are authenticated, whoever the recipients are."""
    header = read_header(stream)
    _decrypt_payload(header, stream, sink, file_key)
    return header


def _decrypt_payload(header: AgeHeader, stream: BinaryIO, sink: Callable[[bytes], None],
                     file_key: bytes) -> None:
    mac_line = header.raw.rsplit(b"\n", 2)[-2]
    upto = header.raw[: len(header.raw) - len(mac_line) - 1] + b"---"
    if not hmac.compare_digest(_b64d(mac_line[4:].decode(), 32), _header_mac(file_key, upto)):
        raise VerificationFailed("bundle.decrypt_failed")
    nonce = _read_exact(stream, 16)
    if len(nonce) != 16:
        raise VerificationFailed("bundle.decrypt_failed")
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    counter = 0
    cur = _read_exact(stream, CHUNK + _TAG)
    while True:
        nxt = _read_exact(stream, CHUNK + _TAG) if len(cur) == CHUNK + _TAG else b""
        last = not nxt
        if len(cur) < _TAG or (last and len(cur) == _TAG and counter > 0):
            raise VerificationFailed("bundle.decrypt_failed")
        flag = b"\x01" if last else b"\x00"
        try:
            plain = aead.decrypt(counter.to_bytes(11, "big") + flag, cur, None)
        except InvalidTag:
            raise VerificationFailed("bundle.decrypt_failed") from None
        sink(plain)
        if last:
            return
        cur, counter = nxt, counter + 1


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    parts, got = [], 0
    while got < n:
        b = stream.read(n - got)
        if not b:
            break
        parts.append(b)
        got += len(b)
    return b"".join(parts)
