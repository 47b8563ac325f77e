# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The vault's key hierarchy (after Tella Desktop): passphrase → Argon2id → KEK → AES-256-GCM wrap
of a random 256-bit master key, which opens the SQLCipher database as a raw key.

The key file (``vault.key``, JSON) holds only: format, vault id, KDF parameters and salt, a
key-check value, the wrapped master key, the salt of the database it opens (``db_salt``: the
plaintext first 16 bytes of ``vault.db``, which bind the file to its vault and to its key
generation) and a checksum of its own content. It reveals that a vault
exists and how costly a guess is, nothing else. The key check (an HMAC of a constant under the KEK)
tells a wrong passphrase apart from a damaged key file or database, and no file changes on a failed
unlock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.errors import AppError, VerificationFailed, WrongPassphrase

KEY_FILE_FORMAT = "bayyina-vault-key"
KEY_FILE_VERSION = 1
MIN_MEMORY_KIB = 256 * 1024  # the floor for real vaults (issue #2): 256 MiB
TARGET_SECONDS = 0.7  # calibrated between 0.5 and 1 s on the machine that creates the vault
_KEY_CHECK_LABEL = b"bayyina key check v1"
_DB_SALT_LABEL = b"bayyina db salt v1|"
# Bounds checked before any derivation (issue 12): a tampered key file must not make an unlock hang
# or exhaust memory. This app creates 256 MiB x 2-12 passes x 4 lanes (calibrate) or the 8 MiB test
# profile; the ceilings leave 4x / 2.7x / 4x of room for faster machines and later defaults.
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB
MIN_MEMORY_KIB_ACCEPTED = 8 * 1024
MAX_ITERATIONS = 32
MAX_LANES = 16
SALT_LENGTHS = range(16, 65)
DB_SALT_LENGTH = 16
_VAULT_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters as stored in the key file."""

    iterations: int
    memory_kib: int
    lanes: int
    alg: str = "argon2id"

    @classmethod
    def testing(cls) -> KdfParams:
        """A deliberately cheap profile for tests. Never the default; never for real evidence."""
        return cls(iterations=1, memory_kib=8 * 1024, lanes=1)

    @property
    def is_below_floor(self) -> bool:
        return self.memory_kib < MIN_MEMORY_KIB

    def check_bounds(self) -> None:
        """Refuse (``vault.key_file_tampered``) what this app never writes, before deriving."""
        if self.alg != "argon2id":
            raise VerificationFailed("vault.key_file_tampered", reason="kdf algorithm")
        if not 1 <= self.iterations <= MAX_ITERATIONS:
            raise VerificationFailed("vault.key_file_tampered", reason="kdf iterations")
        if not 1 <= self.lanes <= MAX_LANES:
            raise VerificationFailed("vault.key_file_tampered", reason="kdf lanes")
        if not max(MIN_MEMORY_KIB_ACCEPTED, 8 * self.lanes) <= self.memory_kib <= MAX_MEMORY_KIB:
            raise VerificationFailed("vault.key_file_tampered", reason="kdf memory")


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    params.check_bounds()
    if len(salt) not in SALT_LENGTHS:
        raise VerificationFailed("vault.key_file_tampered", reason="kdf salt")
    kdf = Argon2id(salt=salt, length=32, iterations=params.iterations, lanes=params.lanes,
                   memory_cost=params.memory_kib)
    return bytearray(kdf.derive(passphrase.encode("utf-8")))


def calibrate(target_s: float = TARGET_SECONDS, memory_kib: int = MIN_MEMORY_KIB,
              lanes: int = 4) -> KdfParams:
    """Pick the iteration count that makes one derivation take about ``target_s`` here."""
    t0 = time.perf_counter()
    Argon2id(salt=os.urandom(16), length=32, iterations=1, lanes=lanes,
             memory_cost=memory_kib).derive(b"calibration")
    one = max(time.perf_counter() - t0, 1e-3)
    iterations = max(2, min(12, round(target_s / one)))
    return KdfParams(iterations=iterations, memory_kib=memory_kib, lanes=lanes)


def vault_tag(vault_id: str) -> bytes:
    """The first 8 bytes of every database salt this vault gets (create, rekey): a key file whose
    ``db_salt`` differs from the database's salt is superseded when the database's salt starts
    with the tag of the key file's vault id, and from another vault otherwise."""
    return hashlib.sha256(_DB_SALT_LABEL + vault_id.encode()).digest()[:8]


def new_db_salt(vault_id: str) -> bytes:
    return vault_tag(vault_id) + os.urandom(DB_SALT_LENGTH - 8)


def wipe(buf: bytearray) -> None:
    """Best-effort zeroing of key material held in a bytearray."""
    for i in range(len(buf)):
        buf[i] = 0


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(obj: dict[str, object]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class KeyFile:
    vault_id: str
    kdf: KdfParams
    salt: bytes
    key_check: bytes
    wrap_nonce: bytes
    wrapped_key: bytes
    db_salt: bytes | None = None  # None in key files written before issue 12

    # --- creation and rewrapping -------------------------------------------------------------
    @classmethod
    def create(cls, passphrase: str, params: KdfParams, master_key: bytes,
               vault_id: str | None = None, db_salt: bytes | None = None) -> KeyFile:
        vault_id = vault_id or secrets.token_hex(16)
        kf = cls(vault_id, params, b"", b"", b"", b"", db_salt)
        kf._wrap(passphrase, params, master_key)
        return kf

    def rewrap(self, passphrase: str, params: KdfParams, master_key: bytes) -> None:
        self._wrap(passphrase, params, master_key)

    def _wrap(self, passphrase: str, params: KdfParams, master_key: bytes) -> None:
        salt = os.urandom(16)
        kek = derive_kek(passphrase, salt, params)
        try:
            nonce = os.urandom(12)
            wrapped = AESGCM(bytes(kek)).encrypt(nonce, master_key, self._aad())
            check = hmac.new(bytes(kek), _KEY_CHECK_LABEL + self.vault_id.encode(),
                             hashlib.sha256).digest()[:16]
        finally:
            wipe(kek)
        self.kdf, self.salt, self.key_check = params, salt, check
        self.wrap_nonce, self.wrapped_key = nonce, wrapped

    def _aad(self) -> bytes:
        return f"bayyina master key v1|{self.vault_id}".encode()

    # --- unlocking -----------------------------------------------------------------------------
    def unwrap(self, passphrase: str) -> bytearray:
        """The master key, or WrongPassphrase; a key file whose check passes but whose wrap fails
        is damaged (AppError ``vault.key_file_damaged``)."""
        kek = derive_kek(passphrase, self.salt, self.kdf)
        try:
            check = hmac.new(bytes(kek), _KEY_CHECK_LABEL + self.vault_id.encode(),
                             hashlib.sha256).digest()[:16]
            if not hmac.compare_digest(check, self.key_check):
                raise WrongPassphrase()
            try:
                return bytearray(AESGCM(bytes(kek)).decrypt(self.wrap_nonce, self.wrapped_key,
                                                            self._aad()))
            except InvalidTag:
                raise AppError("vault.key_file_damaged", reason="wrap") from None
        finally:
            wipe(kek)

    # --- serialisation -------------------------------------------------------------------------
    def to_json(self) -> bytes:
        body: dict[str, object] = {
            "format": KEY_FILE_FORMAT,
            "version": KEY_FILE_VERSION,
            "vault_id": self.vault_id,
            "kdf": {**asdict(self.kdf), "salt": _b64(self.salt)},
            "key_check": _b64(self.key_check),
            "master_key": {"alg": "aes-256-gcm", "nonce": _b64(self.wrap_nonce),
                           "wrapped": _b64(self.wrapped_key)},
        }
        if self.db_salt is not None:
            body["db_salt"] = self.db_salt.hex()
        body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
        return json.dumps(body, indent=2, sort_keys=True).encode() + b"\n"

    @classmethod
    def from_json(cls, raw: bytes) -> KeyFile:
        try:
            body = json.loads(raw.decode("utf-8"))
            checksum = body.pop("checksum")
            if hashlib.sha256(_canonical(body)).hexdigest() != checksum:
                raise ValueError("checksum")
            if body["format"] != KEY_FILE_FORMAT or body["version"] != KEY_FILE_VERSION:
                raise ValueError("format")
            kdf = body["kdf"]
            params = KdfParams(iterations=int(kdf["iterations"]), memory_kib=int(kdf["memory_kib"]),
                               lanes=int(kdf["lanes"]), alg=str(kdf["alg"]))
            mk = body["master_key"]
            if mk["alg"] != "aes-256-gcm":
                raise ValueError("alg")
            db_salt = body.get("db_salt")
            kf = cls(vault_id=str(body["vault_id"]), kdf=params, salt=_unb64(kdf["salt"]),
                     key_check=_unb64(body["key_check"]), wrap_nonce=_unb64(mk["nonce"]),
                     wrapped_key=_unb64(mk["wrapped"]),
                     db_salt=None if db_salt is None else bytes.fromhex(str(db_salt)))
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError,
                OverflowError) as exc:
            raise AppError("vault.key_file_damaged", reason=type(exc).__name__) from None
        kf.check_bounds()
        return kf

    def check_bounds(self) -> None:
        """Every field as this app writes it; checked on load, before any derivation. The
        checksum is not keyed, so a file that passes it but fails here was edited on purpose."""
        self.kdf.check_bounds()
        sizes = {"kdf salt": len(self.salt) in SALT_LENGTHS, "key check": len(self.key_check) == 16,
                 "nonce": len(self.wrap_nonce) == 12, "wrapped key": len(self.wrapped_key) == 48,
                 "vault id": _VAULT_ID.fullmatch(self.vault_id) is not None,
                 "db salt": self.db_salt is None or len(self.db_salt) == DB_SALT_LENGTH}
        for what, ok in sizes.items():
            if not ok:
                raise VerificationFailed("vault.key_file_tampered", reason=what)

    def save(self, path: Path) -> None:
        """Atomic replace: write beside, fsync, rename, fsync the folder; the old file stays whole
        until then."""
        tmp = path.with_name(path.name + ".new")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, self.to_json())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
