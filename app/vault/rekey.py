# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``passwd --rekey``: a new master key, the whole database re-encrypted, the old key file useless.

A routine passphrase change only rewraps the master key (``Vault.change_passphrase``): a copy of
the old key file still opens the vault with the old passphrase. A rekey replaces the master key
and the database's salt, so the old key file opens nothing any more.

Crash safety — at every instant one of the two key files opens the database:

1. the new key file is written as ``vault.key.pending`` (fsynced, the folder too) while the
   database still has the old key;
2. ``PRAGMA rekey`` re-encrypts every page with the new key and the new salt in one transaction
   (atomic in WAL mode too: killed at any moment, exactly one key opens the database, measured);
3. the custody entry ``vault.rekey`` is appended under the new key;
4. ``vault.key.pending`` replaces ``vault.key`` (atomic rename, folder fsynced).

On open with a pending file, the key that opens the database is current (each tried with its
salt given explicitly: the header's salt is stale while the rekey sits in the WAL). When the
pending key opens it, the switch is finished (steps 3–4, once); when the key in place does, the
pending file is stale and removed.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import AppError, WrongPassphrase
from app.tasks import ProgressFn, notify
from app.vault import custody
from app.vault.connection import Connection, connect, damage_guard
from app.vault.keys import KdfParams, KeyFile, Opened, _fsync_dir, _slot_plain, new_db_salt, wipe

if TYPE_CHECKING:
    from app.vault.core import Vault

KEY_FILE = "vault.key"
PENDING_KEY_FILE = "vault.key.pending"
DB_FILE = "vault.db"
STAGE = "vault.rekey"


def _step(name: str) -> None:
    """A named point between the steps (tests inject crashes here)."""


def db_salt(path: Path, name: str = DB_FILE) -> bytes | None:
    """The database's salt: its first 16 bytes, plaintext in SQLCipher 4."""
    try:
        with open(Path(path) / name, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    return head if len(head) == 16 else None


def read_pending(path: Path) -> KeyFile | None:
    """The pending key file of an interrupted rekey; None when there is none, or when it cannot
    be read or is damaged (it is then unusable, and stale unless the rekey committed — in which
    case the key file in place is told as superseded)."""
    try:
        raw = (Path(path) / PENDING_KEY_FILE).read_bytes()
    except OSError:
        return None
    try:
        return KeyFile.from_json(raw)
    except AppError:
        return None


def remove_stale_pending(path: Path) -> None:
    """After the key file in place opened the database: any pending file is stale."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(Path(path) / PENDING_KEY_FILE)
        _fsync_dir(Path(path))


def rekey(vault: Vault, old: str, new: str, kdf: KdfParams | None = None,
          progress: ProgressFn | None = None) -> int:
    """Re-encrypt ``vault`` under a new master key wrapped with ``new``; the number of pages."""
    from app.vault.core import _require_passphrase

    _require_passphrase(new)
    path = vault.path
    name = vault.db_name
    new_master = bytearray(secrets.token_bytes(32))
    salt = new_db_salt(vault.vault_id)
    if vault._key_file.version == 2:
        # the other slots (a decoy's) are kept: same salt and parameters, this slot replaced;
        # db_salt names the new salt until published (see _after_open for file 1)
        pending = copy.deepcopy(vault._key_file)
        opened = pending.open(old)  # proves the old passphrase (WrongPassphrase)
        try:
            pending.put_slot(new, opened.slot, _slot_plain(new_master, opened.db_index,
                                                           opened.erase_others,
                                                           opened.log_key or b""))
        finally:
            wipe(opened.master)
        pending.db_salt = salt
    else:
        wipe(vault._key_file.unwrap(old))  # proves the old passphrase (WrongPassphrase)
        pending = KeyFile.create(new, kdf or vault.kdf, bytes(new_master),
                                 vault_id=vault.vault_id, db_salt=salt)
    try:
        vault.close_connections()
        old_master = vault._master_key
        if old_master is None:
            raise AppError("vault.locked")
        conn = connect(path / name, old_master)
        try:
            with damage_guard():
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
            notify(progress, 0, pages, STAGE)
            pending.save(path / PENDING_KEY_FILE)  # 1
            _step("pending_written")
            with damage_guard():
                conn.execute(f"PRAGMA rekey = \"x'{bytes(new_master).hex()}{salt.hex()}'\"")  # 2
                _step("db_rekeyed_in_wal")  # committed, the file header still has the old salt
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _step("db_rekeyed")
            notify(progress, pages, pages, STAGE)
        finally:
            conn.close()
        if db_salt(path, name) != salt:
            raise AppError("vault.damaged", reason="rekey did not change the database salt")
        conn = connect(path / name, new_master)
        try:
            record(conn, pending, pages=pages, resumed=False)  # 3
            _step("custody_recorded")
        finally:
            conn.close()
        publish(path)  # 4
        _step("published")
        if name != DB_FILE:  # db_salt names file 0's salt, whichever file the vault is in
            pending.db_salt = db_salt(path)
            with contextlib.suppress(OSError):
                pending.save(path / KEY_FILE)
    except BaseException:
        wipe(new_master)
        vault.lock()  # whatever state the folder is in, the next open resolves it
        raise
    vault._switch_key(pending, new_master)
    return pages


def record(conn: Connection, key_file: KeyFile, *, pages: int | None, resumed: bool) -> None:
    """Append ``vault.rekey`` for this key generation unless it is already the last one."""
    salt_hex = (key_file.db_salt or b"").hex()
    with damage_guard():
        row = conn.execute("SELECT details FROM custody WHERE action = 'vault.rekey'"
                           " ORDER BY seq DESC LIMIT 1").fetchone()
        if row is not None and json.loads(row[0]).get("db_salt") == salt_hex:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            custody.append(conn, "vault.rekey", [f"vault:{key_file.vault_id}"],
                           {"kdf": key_file.kdf.__dict__, "db_salt": salt_hex, "pages": pages,
                            "resumed": resumed})
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def publish(path: Path) -> None:
    os.replace(Path(path) / PENDING_KEY_FILE, Path(path) / KEY_FILE)
    _fsync_dir(Path(path))


def open_with_pending(path: Path, key_file: KeyFile, pending: KeyFile,
                      passphrase: str) -> Vault:
    """Open a vault left with a pending key file: whichever key opens the database is current.

    Both keys are tried with their salt given explicitly: until the rekey is checkpointed, the
    salt in the database file's header is the old one even when the new key is committed (in the
    WAL), and a key without its salt opens neither state (measured). The passphrase decides which
    key file is tried; the same passphrase for both tries the pending one first.
    """
    from app.vault.core import open_unlocked
    from app.vault.duress import DB_FILES

    path = Path(path)
    new_opened = _open_or_none(pending, passphrase)
    new_master = None if new_opened is None else new_opened.master
    new_name = DB_FILES[new_opened.db_index] if new_opened is not None else DB_FILE
    if new_master is not None and pending.db_salt is not None:
        db = path / new_name
        try:
            conn = connect(db, bytes(new_master) + pending.db_salt)
        except AppError:
            wipe(new_master)  # the rekey never committed: the pending file is stale
        else:
            try:
                record(conn, pending, pages=None, resumed=True)  # 3, once
                with damage_guard():
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                if db_salt(path, new_name) != pending.db_salt:
                    raise AppError("vault.damaged", reason="rekey not checkpointed")
                publish(path)  # 4
            except BaseException:
                conn.close()
                wipe(new_master)
                raise
            return open_unlocked(path, pending, new_master, conn, new_name,
                                 None if new_opened is None else new_opened.log_key)
    elif new_master is not None:
        wipe(new_master)
    opened = key_file.open(passphrase)  # WrongPassphrase when neither file takes it
    master = opened.master
    name = DB_FILES[opened.db_index]
    salt = (key_file.db_salt or b"") if name == DB_FILE else (db_salt(path, name) or b"")
    try:
        conn = connect(path / name, bytes(master) + salt)
    except AppError as exc:
        wipe(master)
        if new_master is None and exc.code == "vault.damaged":
            # the old passphrase, and the database already under the new key
            raise WrongPassphrase("vault.passphrase_replaced") from None
        raise
    vault = open_unlocked(path, key_file, master, conn, name, opened.log_key)
    remove_stale_pending(path)
    return vault


def _open_or_none(key_file: KeyFile, passphrase: str) -> Opened | None:
    try:
        return key_file.open(passphrase)
    except WrongPassphrase:
        return None
