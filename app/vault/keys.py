# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The vault's key hierarchy (after Tella Desktop): passphrase → Argon2id → KEK → AES-256-GCM wrap
of a random 256-bit master key, which opens the SQLCipher database as a raw key.

The key file (``vault.key``, JSON) holds only: format, vault id, KDF parameters and salt, a
key-check value, the wrapped master key, the salt of the database it opens (``db_salt``: the
plaintext first 16 bytes of ``vault.db``, which bind the file to its vault and to its key
generation) and a checksum of its own content. It reveals that a vault
exists and how costly a guess is, nothing else.

Version 2 (issue 16) has :data:`SLOT_COUNT` key slots of one size, all under one KDF salt and one
set of parameters: the vault's slot, a decoy vault's slot when she made one, and random bytes of
the same size for the rest. One derivation, then an AES-GCM attempt on every slot (so the time
does not tell which slot opened); what a slot holds — the master key, which of the two database
files it opens, the "erase the other slots when I open" choice, the attempt-log key — is only
inside the encryption. The ``attempts`` section is written on a failed unlock, without any key:
plain, and authenticated only at the next successful unlock (``seen.mac`` under the log key that
every slot carries) — see :mod:`app.vault.duress`. Version 1 files (one slot and a key check)
still open and are rewritten as version 2 on the next unlock.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.errors import AppError, VerificationFailed, WrongPassphrase

KEY_FILE_FORMAT = "bayyina-vault-key"
KEY_FILE_VERSION = 2
SLOT_COUNT = 4
LOG_KEY_LENGTH = 32
SLOT_PLAIN_LENGTH = 32 + 1 + LOG_KEY_LENGTH  # master key | flags | attempt-log key
SLOT_WRAPPED_LENGTH = SLOT_PLAIN_LENGTH + 16
FLAG_DB_INDEX = 0x01  # which of the two database files the slot opens
FLAG_ERASE_OTHERS = 0x02  # opening this slot overwrites every other slot (the decoy's option)
_SLOT_AAD = b"bayyina key slot v2|"
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
class Slot:
    nonce: bytes
    wrapped: bytes

    @classmethod
    def random(cls) -> Slot:
        """An unused slot: random bytes of a used slot's size."""
        return cls(os.urandom(12), os.urandom(SLOT_WRAPPED_LENGTH))


@dataclass
class Attempts:
    """The failed-unlock record (plain: a failed unlock has no key to sign it with) and what the
    last successful unlock saw of it (``seen_*``, signed by ``seen_mac`` under the log key)."""

    failed: int = 0  # every failed unlock ever; only grows
    last_failed_at: str | None = None
    wipe_after: int | None = None
    show_remaining: bool = False
    seen_failed: int = 0
    seen_at: str | None = None
    seen_mac: bytes = b"\0" * 32

    def signed_part(self, vault_id: str) -> bytes:
        return _canonical({"vault_id": vault_id, "seen_failed": self.seen_failed,
                           "seen_at": self.seen_at, "wipe_after": self.wipe_after,
                           "show_remaining": self.show_remaining})

    def sign(self, vault_id: str, log_key: bytes) -> None:
        self.seen_mac = hmac.new(log_key, self.signed_part(vault_id), hashlib.sha256).digest()

    def verifies(self, vault_id: str, log_key: bytes) -> bool:
        mac = hmac.new(log_key, self.signed_part(vault_id), hashlib.sha256).digest()
        return hmac.compare_digest(mac, self.seen_mac)


@dataclass
class Opened:
    """What a passphrase opened: the master key and what its slot says."""

    master: bytearray
    slot: int  # -1 for a version 1 key file
    db_index: int
    erase_others: bool
    log_key: bytes | None  # None for a version 1 key file


def _slot_plain(master: bytes | bytearray, db_index: int, erase_others: bool,
                log_key: bytes) -> bytes:
    flags = (FLAG_DB_INDEX if db_index else 0) | (FLAG_ERASE_OTHERS if erase_others else 0)
    return bytes(master) + bytes([flags]) + log_key


@dataclass
class KeyFile:
    vault_id: str
    kdf: KdfParams
    salt: bytes
    key_check: bytes
    wrap_nonce: bytes
    wrapped_key: bytes
    db_salt: bytes | None = None  # None in key files written before issue 12
    version: int = 1
    slots: list[Slot] = field(default_factory=list)
    attempts: Attempts = field(default_factory=Attempts)
    erased_at: str | None = None

    # --- creation and rewrapping -------------------------------------------------------------
    @classmethod
    def create(cls, passphrase: str, params: KdfParams, master_key: bytes,
               vault_id: str | None = None, db_salt: bytes | None = None,
               log_key: bytes | None = None) -> KeyFile:
        """A version 2 key file: the master key in a random one of the slots, opening database
        file 0; the other slots random."""
        vault_id = vault_id or secrets.token_hex(16)
        kf = cls(vault_id, params, os.urandom(16), b"", b"", b"", db_salt, version=2,
                 slots=[Slot.random() for _ in range(SLOT_COUNT)])
        kf.put_slot(passphrase, secrets.randbelow(SLOT_COUNT),
                    _slot_plain(master_key, 0, False,
                                log_key or secrets.token_bytes(LOG_KEY_LENGTH)))
        return kf

    @classmethod
    def create_v1(cls, passphrase: str, params: KdfParams, master_key: bytes,
                  vault_id: str | None = None, db_salt: bytes | None = None) -> KeyFile:
        """A version 1 key file, as written before issue 16 (for compatibility tests)."""
        vault_id = vault_id or secrets.token_hex(16)
        kf = cls(vault_id, params, b"", b"", b"", b"", db_salt)
        kf._wrap(passphrase, params, master_key)
        return kf

    def rewrap(self, passphrase: str, params: KdfParams, master_key: bytes) -> None:
        """A new passphrase for ``master_key``. Version 2: the slot that holds ``master_key`` is
        rewrapped under the same salt and parameters (the other slots stay openable by their
        own passphrases); a version 1 file becomes a version 2 file."""
        if self.version == 1:
            fresh = KeyFile.create(passphrase, params, master_key, self.vault_id, self.db_salt)
            self.version, self.kdf, self.salt, self.slots = 2, fresh.kdf, fresh.salt, fresh.slots
            self.key_check = self.wrap_nonce = self.wrapped_key = b""
            return
        raise AppError("vault.key_file_damaged", reason="rewrap of a version 2 file")

    def change_slot(self, old: str, new: str) -> None:
        """The slot ``old`` opens, rewrapped under ``new`` (version 2)."""
        opened = self.open(old)
        try:
            self.put_slot(new, opened.slot, _slot_plain(opened.master, opened.db_index,
                                                        opened.erase_others,
                                                        opened.log_key or b""))
        finally:
            wipe(opened.master)

    def put_slot(self, passphrase: str, index: int, plain: bytes) -> None:
        kek = derive_kek(passphrase, self.salt, self.kdf)
        try:
            nonce = os.urandom(12)
            self.slots[index] = Slot(nonce, AESGCM(bytes(kek)).encrypt(
                nonce, plain, _SLOT_AAD + self.vault_id.encode()))
        finally:
            wipe(kek)

    def erase_slots(self, keep: int | None = None) -> None:
        """Overwrite every slot but ``keep`` with random bytes (crypto-erase)."""
        self.slots = [s if i == keep else Slot.random() for i, s in enumerate(self.slots)]

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
    def open(self, passphrase: str) -> Opened:
        """What ``passphrase`` opens, or WrongPassphrase. Version 2: one derivation, then every
        slot tried (all of them, whichever matches)."""
        if self.erased_at is not None:
            raise AppError("vault.erased", at=(self.erased_at or "?")[:16].replace("T", " "))
        if self.version == 1:
            return Opened(self._unwrap_v1(passphrase), -1, 0, False, None)
        kek = derive_kek(passphrase, self.salt, self.kdf)
        found: Opened | None = None
        try:
            aes, aad = AESGCM(bytes(kek)), _SLOT_AAD + self.vault_id.encode()
            for i, slot in enumerate(self.slots):
                try:
                    plain = aes.decrypt(slot.nonce, slot.wrapped, aad)
                except InvalidTag:
                    continue
                if found is None and len(plain) == SLOT_PLAIN_LENGTH:
                    found = Opened(bytearray(plain[:32]), i, plain[32] & FLAG_DB_INDEX,
                                   bool(plain[32] & FLAG_ERASE_OTHERS), bytes(plain[33:]))
        finally:
            wipe(kek)
        if found is None:
            raise WrongPassphrase()
        return found

    def unwrap(self, passphrase: str) -> bytearray:
        """The master key ``passphrase`` opens, or WrongPassphrase."""
        return self.open(passphrase).master

    def _unwrap_v1(self, passphrase: str) -> bytearray:
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
        if self.version == 2:
            return self._to_json_v2()
        body: dict[str, object] = {
            "format": KEY_FILE_FORMAT,
            "version": 1,
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

    def _to_json_v2(self) -> bytes:
        a = self.attempts
        body: dict[str, object] = {
            "format": KEY_FILE_FORMAT, "version": 2, "vault_id": self.vault_id,
            "kdf": {**asdict(self.kdf), "salt": _b64(self.salt)},
            "slots": [{"nonce": _b64(s.nonce), "wrapped": _b64(s.wrapped)} for s in self.slots],
            "db_salt": None if self.db_salt is None else self.db_salt.hex(),
            "attempts": {"failed": a.failed, "last_failed_at": a.last_failed_at,
                         "wipe_after": a.wipe_after, "show_remaining": a.show_remaining,
                         "seen": {"failed": a.seen_failed, "at": a.seen_at,
                                  "mac": _b64(a.seen_mac)}},
            "erased_at": self.erased_at,
        }
        body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
        return json.dumps(body, indent=2, sort_keys=True).encode() + b"\n"

    @classmethod
    def _from_body_v2(cls, body: dict[str, object]) -> KeyFile:
        kdf = body["kdf"]
        if not isinstance(kdf, dict):
            raise ValueError("kdf")
        params = KdfParams(iterations=_int(kdf["iterations"]), memory_kib=_int(kdf["memory_kib"]),
                           lanes=_int(kdf["lanes"]), alg=str(kdf["alg"]))
        raw_slots = body["slots"]
        if not isinstance(raw_slots, list):
            raise ValueError("slots")
        slots = [Slot(_unb64(s["nonce"]), _unb64(s["wrapped"])) for s in raw_slots]
        a = body["attempts"]
        if not isinstance(a, dict) or not isinstance(a["seen"], dict):
            raise ValueError("attempts")
        seen = a["seen"]
        wipe_after = a["wipe_after"]
        attempts = Attempts(failed=_int(a["failed"]), last_failed_at=_opt_str(a["last_failed_at"]),
                            wipe_after=None if wipe_after is None else _int(wipe_after),
                            show_remaining=a["show_remaining"] is True,
                            seen_failed=_int(seen["failed"]), seen_at=_opt_str(seen["at"]),
                            seen_mac=_unb64(seen["mac"]))
        db_salt = body["db_salt"]
        return cls(vault_id=str(body["vault_id"]), kdf=params, salt=_unb64(kdf["salt"]),
                   key_check=b"", wrap_nonce=b"", wrapped_key=b"",
                   db_salt=None if db_salt is None else bytes.fromhex(str(db_salt)), version=2,
                   slots=slots, attempts=attempts, erased_at=_opt_str(body["erased_at"]))

    @classmethod
    def from_json(cls, raw: bytes) -> KeyFile:
        try:
            body = json.loads(raw.decode("utf-8"))
            checksum = body.pop("checksum")
            if hashlib.sha256(_canonical(body)).hexdigest() != checksum:
                raise ValueError("checksum")
            if body["format"] != KEY_FILE_FORMAT or body["version"] not in (1, 2):
                raise ValueError("format")
            if body["version"] == 2:
                kf = cls._from_body_v2(body)
                kf.check_bounds()
                return kf
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
        if self.version == 2:
            a = self.attempts
            v2 = {"kdf salt": len(self.salt) in SALT_LENGTHS,
                  "slots": len(self.slots) == SLOT_COUNT and all(
                      len(s.nonce) == 12 and len(s.wrapped) == SLOT_WRAPPED_LENGTH
                      for s in self.slots),
                  "vault id": _VAULT_ID.fullmatch(self.vault_id) is not None,
                  "db salt": self.db_salt is None or len(self.db_salt) == DB_SALT_LENGTH,
                  "attempts": 0 <= a.failed < 2**53 and 0 <= a.seen_failed < 2**53
                  and len(a.seen_mac) == 32
                  and (a.wipe_after is None or 1 <= a.wipe_after <= 1000)}
            for what, ok in v2.items():
                if not ok:
                    raise VerificationFailed("vault.key_file_tampered", reason=what)
            return
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


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("integer")
    return value


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError("text")
    return value


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
