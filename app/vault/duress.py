# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Coercion and seizure (issue 16): the decoy vault, wipe after N failed unlocks, the access log.

The folder always holds two database files, :data:`DB_FILES`. One is the vault; the other is a
decoy vault when she made one, and otherwise a placeholder of random bytes the size of a new
vault's database, whose first 8 bytes carry this vault's salt tag as every database salt does.
Which file a passphrase opens is written only inside its key slot (:mod:`app.vault.keys`); when a
decoy is made, the vault is moved to a random one of the two names, so neither the names nor the
key file tell which is which. What still can (``docs/threat-model.md``): the sizes of the two
files (a vault full of evidence against a small decoy), a copy of the folder taken before the
decoy was made, and the decoy's own custody log, which starts the day it was made.

Failed unlocks are counted in the key file's ``attempts`` section, written without any key (a
failed unlock has none): an adversary who edits the file can change them. The next successful
unlock checks what it can — the counter never went below what the last unlock saw, and the
wipe setting is the one she signed (``seen.mac``, under the log key all slots carry) — and tells
her when it did not hold. Restoring an older key file, or copying the folder before guessing,
is not detectable and defeats both the counter and the wipe.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import AppError
from app.vault.keys import (
    SLOT_COUNT,
    KeyFile,
    Opened,
    _fsync_dir,
    _slot_plain,
    new_db_salt,
    wipe,
)

if TYPE_CHECKING:
    from app.vault.core import Vault

KEY_FILE = "vault.key"
DB_FILES = ("vault.db", "vault.1.db")
PAGE = 4096
WIPE_CHOICES = (5, 10, 20)


@dataclass(frozen=True)
class AccessLog:
    """Failed unlocks since the last successful one, as the key file tells them."""

    failed_since_last_open: int
    last_failed_at: str | None
    altered: bool  # the record was set back or its settings changed without her passphrase
    wipe_after: int | None
    show_remaining: bool


def _now() -> str:
    from app.vault.custody import utc_now

    return utc_now()


def when(stamp: str | None) -> str:
    """A stored time as shown to her: ``2026-12-02 22:14``."""
    return "?" if not stamp else stamp[:16].replace("T", " ")


def db_path(path: Path, index: int) -> Path:
    return Path(path) / DB_FILES[index]


def write_placeholder(target: Path, vault_id: str, size: int) -> None:
    """Random bytes the size of a database (whole pages), headed by a tagged salt; fsynced."""
    size = max(PAGE, -(-size // PAGE) * PAGE)
    tmp = target.with_name(target.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, new_db_salt(vault_id))
        left = size - 16
        while left > 0:
            chunk = min(left, 1 << 20)
            os.write(fd, os.urandom(chunk))
            left -= chunk
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    _fsync_dir(target.parent)


# A new vault's database, measured after create_vault (schema 8, WAL checkpointed): 78 pages.
NEW_VAULT_DB_SIZE = 78 * PAGE


def upgrade_key_file(path: Path, key_file: KeyFile, passphrase: str,
                     opened: Opened) -> tuple[KeyFile, Opened]:
    """A version 1 key file that just opened: rewritten as version 2 (the vault in file 0), and
    the placeholder written beside it when there is none."""
    fresh = KeyFile.create(passphrase, key_file.kdf, bytes(opened.master), key_file.vault_id,
                           key_file.db_salt)
    other = db_path(path, 1)
    if not other.exists():
        write_placeholder(other, key_file.vault_id, NEW_VAULT_DB_SIZE)
    opened_now = fresh.open(passphrase)
    fresh.attempts.seen_at = _now()  # the attempt record, signed from the start
    fresh.attempts.sign(fresh.vault_id, opened_now.log_key or b"")
    fresh.save(Path(path) / KEY_FILE)
    return fresh, opened_now


def fix_hint(path: Path, key_file: KeyFile, passphrase: str, opened: Opened) -> None:
    """Rewrite the slot that opened with the database file its key really opens."""
    key_file.put_slot(passphrase, opened.slot, _slot_plain(opened.master, opened.db_index,
                                                           opened.erase_others,
                                                           opened.log_key or b""))
    with contextlib.suppress(OSError):
        key_file.save(Path(path) / KEY_FILE)


# --- failed unlocks --------------------------------------------------------------------------

def record_failure(path: Path, key_file: KeyFile) -> int | None:
    """Count a failed unlock in the key file; wipe when the limit is reached. The number of
    attempts left (None without a limit); raises ``vault.erased`` after the wipe."""
    if key_file.version != 2:
        return None  # a version 1 file gets the counter at its upgrade, on the next unlock
    a = key_file.attempts
    a.failed += 1
    a.last_failed_at = _now()
    since = max(0, a.failed - a.seen_failed)
    if a.wipe_after is not None and since >= a.wipe_after:
        erase(path, key_file)
        raise AppError("vault.erased", at=when(key_file.erased_at))
    with contextlib.suppress(OSError):
        key_file.save(Path(path) / KEY_FILE)
    return None if a.wipe_after is None else a.wipe_after - since


def erase(path: Path, key_file: KeyFile) -> None:
    """Crypto-erase: every slot overwritten with random bytes and the key file synced, then the
    database files (and any write-ahead log) removed. Nothing that opened the vault remains."""
    path = Path(path)
    key_file.erase_slots()
    key_file.erased_at = _now()
    key_file.attempts.wipe_after = None
    key_file.save(path / KEY_FILE)  # fsynced, the folder too, before anything is removed
    for name in DB_FILES:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path / (name + suffix))
    for leftover in path.glob("vault.key.*"):
        with contextlib.suppress(OSError):
            os.unlink(leftover)
    _fsync_dir(path)


def record_success(path: Path, key_file: KeyFile, opened: Opened) -> AccessLog:
    """After an unlock: the access log since the last one; the record signed as now seen; the
    other slots erased when the slot that opened asks for it (the decoy's option)."""
    a = key_file.attempts
    log_key = opened.log_key or b""
    # every version 2 record is signed from its creation: a missing or wrong signature, or a
    # counter below what was seen, was edited
    altered = not a.verifies(key_file.vault_id, log_key) or a.failed < a.seen_failed
    log = AccessLog(failed_since_last_open=max(0, a.failed - a.seen_failed),
                    last_failed_at=a.last_failed_at if a.failed > a.seen_failed else None,
                    altered=altered, wipe_after=a.wipe_after,
                    show_remaining=a.show_remaining)
    if not altered and a.failed == a.seen_failed and not opened.erase_others:
        return log  # nothing new: the key file is not rewritten
    a.seen_failed, a.seen_at = a.failed, _now()
    a.sign(key_file.vault_id, log_key)
    if opened.erase_others:
        key_file.erase_slots(keep=opened.slot)
    with contextlib.suppress(OSError):
        key_file.save(Path(path) / KEY_FILE)
    return log


def set_wipe_after(vault: Vault, limit: int | None, show_remaining: bool = False) -> None:
    """Wipe after ``limit`` failed unlocks in a row (one of :data:`WIPE_CHOICES`), or never."""
    if limit is not None and limit not in WIPE_CHOICES:
        raise AppError("safety.wipe_choice", choices=", ".join(map(str, WIPE_CHOICES)))
    key_file = vault._key_file
    if key_file.version != 2 or vault._log_key is None:
        raise AppError("vault.locked")
    a = key_file.attempts
    a.wipe_after, a.show_remaining = limit, bool(show_remaining and limit is not None)
    a.seen_failed = a.failed
    a.sign(key_file.vault_id, vault._log_key)
    key_file.save(vault.path / KEY_FILE)
    with vault.write() as tx:
        tx.custody("vault.safety", [f"vault:{vault.vault_id}"],
                   {"wipe_after": limit, "show_remaining": a.show_remaining})


# --- the decoy -------------------------------------------------------------------------------

def make_decoy(vault: Vault, passphrase: str, decoy_passphrase: str, *,
               erase_real_on_open: bool = False) -> None:
    """A decoy vault opened by ``decoy_passphrase``: a new, empty vault (its own keys, its own
    log, nothing of this one) in the other database file, in a free slot. The vault itself is
    moved to a random one of the two file names first. A decoy made earlier is replaced.

    Stopped at any point, the vault still opens with its passphrase: the database is moved by
    one atomic rename and keeps its key, and the file name in a slot is a hint that the open
    corrects (:func:`app.vault.core.open_vault`); the decoy's slot is written only once its
    database is complete."""
    from app.vault.core import _require_passphrase, build_database

    _require_passphrase(decoy_passphrase)
    key_file = vault._key_file
    if decoy_passphrase == passphrase:
        raise AppError("safety.same_passphrase")
    opened = key_file.open(passphrase)  # proves the passphrase; the slot and file of the vault
    try:
        if opened.slot < 0:
            raise AppError("vault.locked")
        path = vault.path
        vault.close_connections()
        real_index = opened.db_index
        if secrets.randbelow(2) != real_index:  # the vault moves to the other name
            os.replace(db_path(path, real_index), db_path(path, 1 - real_index))
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(str(db_path(path, real_index)) + suffix)
            real_index = 1 - real_index
            _fsync_dir(path)
        decoy_index = 1 - real_index
        decoy_master = bytearray(secrets.token_bytes(32))
        target = db_path(path, decoy_index)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        try:
            build_database(target, decoy_master, new_db_salt(key_file.vault_id),
                           key_file.vault_id, key_file.kdf)
            free = [i for i in range(SLOT_COUNT) if i != opened.slot]
            decoy_slot = free[secrets.randbelow(len(free))]
            key_file.erase_slots(keep=opened.slot)  # an older decoy's slot goes
            log_key = opened.log_key or b""
            key_file.put_slot(passphrase, opened.slot,
                              _slot_plain(opened.master, real_index, False, log_key))
            key_file.put_slot(decoy_passphrase, decoy_slot,
                              _slot_plain(decoy_master, decoy_index, erase_real_on_open, log_key))
            from app.vault.rekey import db_salt

            key_file.db_salt = db_salt(path, DB_FILES[0])
            key_file.save(path / KEY_FILE)
        finally:
            wipe(decoy_master)
        vault.db_name = DB_FILES[real_index]
    finally:
        wipe(opened.master)

