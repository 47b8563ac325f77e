# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The vault: one folder (``NAME.bayyina/``) holding ``vault.key`` and the encrypted ``vault.db``.

Everything about the evidence — originals, sanitised copies, thumbnails, metadata, tags, notes,
the custody log, the signing key — lives inside the SQLCipher database. Nothing is written beside it
in plaintext. Connections are per thread (SQLite's rule); every write goes through
:meth:`Vault.write`, which appends its custody entry in the same transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app import __version__
from app.errors import AppError, WrongPassphrase
from app.paths import safe_mkdir
from app.tasks import ProgressFn
from app.vault import custody, duress, migrations, rekey
from app.vault.connection import Connection, DatabaseError, connect, damage_guard, sqlcipher_version
from app.vault.duress import DB_FILES, AccessLog
from app.vault.keys import KdfParams, KeyFile, Opened, calibrate, new_db_salt, vault_tag, wipe

KEY_FILE = "vault.key"
DB_FILE = DB_FILES[0]


#: How long a writing thread waits for its turn: SQLite's busy timeout (``connect``).
WRITE_WAIT_S = 30.0


class WriteTurns:
    """First come, first served among this process's writing threads (a ticket lock).

    A thread waits at most :data:`WRITE_WAIT_S` (SQLite's own busy timeout) for its turn, then
    gets ``vault.busy`` as it would from SQLite. A thread already writing that asks again (a
    nested write, which SQLite refuses anyway) is not made to wait for itself."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0
        self._serving = 0
        self._owner: int | None = None
        self._abandoned: set[int] = set()

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        me = threading.get_ident()
        if self._owner == me:
            yield
            return
        with self._cond:
            ticket = self._next
            self._next += 1
            deadline = time.monotonic() + WRITE_WAIT_S
            while self._serving != ticket:
                left = deadline - time.monotonic()
                if left <= 0 or not self._cond.wait(left) and self._serving != ticket:
                    self._abandoned.add(ticket)  # served, and skipped, as soon as it comes up
                    raise AppError("vault.busy")
            self._owner = me
        try:
            yield
        finally:
            with self._cond:
                self._owner = None
                self._advance()

    def _advance(self) -> None:
        self._serving += 1
        while self._serving in self._abandoned:
            self._abandoned.discard(self._serving)
            self._serving += 1
        self._cond.notify_all()


@dataclass(frozen=True)
class VaultInfo:
    path: str
    vault_id: str
    schema_version: int
    items: int
    custody_entries: int
    fingerprint: str
    kdf: dict[str, Any]
    sqlcipher: str
    created_with: str


class Tx:
    """A write transaction. ``custody`` appends the entry that records this change."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def custody(self, action: str, subjects: list[str], details: dict[str, Any]) -> dict[str, Any]:
        return custody.append(self.conn, action, subjects, details)


class Vault:
    """An unlocked vault. Obtain one with :func:`create_vault` or :func:`open_vault`."""

    def __init__(self, path: Path, key_file: KeyFile, master_key: bytearray,
                 db_name: str = DB_FILE, log_key: bytes | None = None) -> None:
        self.path = path
        self.db_name = db_name  # which of the two database files this passphrase opened
        self._key_file = key_file
        self._master_key: bytearray | None = master_key
        self._log_key = log_key
        self.access_log: AccessLog | None = None  # failed unlocks before this one (issue 16)
        self._local = threading.local()
        self._conns: list[Connection] = []
        self._lock = threading.Lock()
        self._turns = WriteTurns()

    # --- connections ---------------------------------------------------------------------------
    @property
    def vault_id(self) -> str:
        return self._key_file.vault_id

    @property
    def kdf(self) -> KdfParams:
        return self._key_file.kdf

    @property
    def is_locked(self) -> bool:
        return self._master_key is None

    @property
    def conn(self) -> Connection:
        """This thread's connection (opened on first use)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._master_key is None:
                raise AppError("vault.locked")
            conn = connect(self.path / self.db_name, self._master_key)
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Tx]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any exception.

        The threads of this process take their turns in the order they asked
        (:class:`WriteTurns`): a thread committing batch after batch (a receipt staging its
        bytes) would otherwise win SQLite's lock again and again against a writer that sleeps in
        SQLite's busy handler between tries (bench receive: a tag saved meanwhile waited 1 s)."""
        conn = self.conn
        with self._turns.turn(), damage_guard():
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def read(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
        with damage_guard():
            return self.conn.execute(sql, params).fetchall()

    # --- meta and keys -------------------------------------------------------------------------
    def meta(self, key: str) -> Any:
        rows = self.read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def signing_key(self) -> Ed25519PrivateKey:
        raw = self.meta("signing_key")
        if raw is None:
            raise AppError("vault.damaged", reason="no signing key")
        return Ed25519PrivateKey.from_private_bytes(bytes(raw))

    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key().public_key()

    def public_key_bytes(self) -> bytes:
        return self.public_key().public_bytes(serialization.Encoding.Raw,
                                              serialization.PublicFormat.Raw)

    def fingerprint(self) -> str:
        """SHA-256 of the raw Ed25519 public key, hex."""
        return hashlib.sha256(self.public_key_bytes()).hexdigest()

    def info(self) -> VaultInfo:
        conn = self.conn
        with damage_guard():
            items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
            entries = conn.execute("SELECT count(*) FROM custody").fetchone()[0]
            created_with = self.meta("created_with") or ""
            return VaultInfo(
                path=str(self.path), vault_id=self.vault_id,
                schema_version=migrations.current_version(conn), items=int(items),
                custody_entries=int(entries), fingerprint=self.fingerprint(),
                kdf={"alg": self.kdf.alg, "iterations": self.kdf.iterations,
                     "memory_kib": self.kdf.memory_kib, "lanes": self.kdf.lanes},
                sqlcipher=sqlcipher_version(conn), created_with=str(created_with),
            )

    def verify_custody(self) -> custody.ChainReport:
        with damage_guard():
            return custody.verify(self.conn)

    def check_integrity(self) -> list[str]:
        """Full check of every page (HMAC) and of the b-trees. Empty list = healthy."""
        problems: list[str] = []
        try:
            with damage_guard():
                problems += [str(r[0]) for r in self.conn.execute("PRAGMA cipher_integrity_check")]
                rows = [str(r[0]) for r in self.conn.execute("PRAGMA integrity_check")]
                problems += [r for r in rows if r != "ok"]
        except AppError as exc:
            problems.append(str(exc.params.get("reason", exc.code)))
        return problems

    # --- passphrase and locking ----------------------------------------------------------------
    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        """Rewrap the master key; the database is not rewritten."""
        _require_passphrase(new)
        if self._key_file.version == 2:  # one salt for every slot: a decoy's stays openable
            self._key_file.change_slot(old, new)
        else:
            master = self._key_file.unwrap(old)  # proves the old passphrase (WrongPassphrase)
            try:
                self._key_file.rewrap(new, kdf or self._key_file.kdf, bytes(master))
            finally:
                wipe(master)
        with self.write() as tx:
            tx.custody("vault.passphrase_changed", [f"vault:{self.vault_id}"],
                       {"kdf": self._key_file.kdf.__dict__})
            self._key_file.save(self.path / KEY_FILE)

    def rekey(self, old: str, new: str, kdf: KdfParams | None = None,
              progress: ProgressFn | None = None) -> int:
        """A new master key and salt, every page re-encrypted, the old key file useless
        (:mod:`app.vault.rekey`); the number of pages. No other thread may use the vault
        meanwhile. On failure the vault is locked; opening it again finishes or undoes the
        switch."""
        return rekey.rekey(self, old, new, kdf, progress)

    def interrupt(self) -> None:
        """Abort the statement every connection is running, from any thread (``sqlite3_interrupt``
        is thread-safe); the workers then fail fast with an error and return. A lock calls this
        first, waits for them, then closes: a connection must never be closed under a running
        statement (that crashes the process)."""
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(Exception):
                conn.interrupt()

    def close_connections(self) -> None:
        """Checkpoint and truncate the WAL and close every connection; the key stays."""
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(DatabaseError, Exception):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with contextlib.suppress(Exception):
                conn.close()
        self._local = threading.local()

    def release_connection(self) -> None:
        """Close this thread's connection (a thread that ends: its connection would otherwise
        stay open until the vault locks). Not under a running statement of its own."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            return
        self._local.conn = None
        with self._lock:
            if conn in self._conns:
                self._conns.remove(conn)
        with contextlib.suppress(Exception):
            conn.close()

    def _adopt(self, conn: Connection) -> None:
        self._local.conn = conn
        with self._lock:
            self._conns.append(conn)

    def _switch_key(self, key_file: KeyFile, master_key: bytearray) -> None:
        self.close_connections()
        self._key_file = key_file
        if self._master_key is None:  # locked while the rekey ran (panic): stay locked
            wipe(master_key)
            return
        old, self._master_key = self._master_key, master_key
        wipe(old)

    def lock(self) -> None:
        """Checkpoint and truncate the WAL, close every connection, wipe the key in memory."""
        self.close_connections()
        if self._master_key is not None:
            wipe(self._master_key)
            self._master_key = None

    close = lock

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


def _require_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise AppError("vault.empty_passphrase")


def is_vault(path: Path) -> bool:
    return (path / KEY_FILE).is_file()


def create_vault(path: Path, passphrase: str, kdf: KdfParams | None = None) -> Vault:
    """Create a new vault folder. ``kdf`` defaults to parameters calibrated on this machine.
    Beside the database, a placeholder of the same size (:mod:`app.vault.duress`)."""
    _require_passphrase(passphrase)
    path = Path(path)
    if (path / KEY_FILE).exists() or any((path / n).exists() for n in DB_FILES):
        raise AppError("vault.exists", path=str(path))
    if path.exists() and any(path.iterdir()):
        raise AppError("vault.folder_not_empty", path=str(path))
    safe_mkdir(path)
    params = kdf or calibrate()
    master = bytearray(secrets.token_bytes(32))
    vault_id = secrets.token_hex(16)
    db_salt = new_db_salt(vault_id)  # bound to the key file (``db_salt``), tagged with the id
    log_key = secrets.token_bytes(32)
    key_file = KeyFile.create(passphrase, params, bytes(master), vault_id, db_salt, log_key)
    build_database(path / DB_FILE, master, db_salt, vault_id, params)
    duress.write_placeholder(path / DB_FILES[1], vault_id, (path / DB_FILE).stat().st_size)
    key_file.attempts.seen_at = custody.utc_now()  # the attempt record, signed from the start
    key_file.attempts.sign(vault_id, log_key)
    key_file.save(path / KEY_FILE)
    return Vault(path, key_file, master, DB_FILE, log_key)


def build_database(target: Path, master: bytes | bytearray, db_salt: bytes, vault_id: str,
                   params: KdfParams) -> None:
    """A new, empty vault database at ``target``: schema, signing key, the first custody entry."""
    conn = connect(target, bytes(master) + db_salt, create=True)
    try:
        migrations.upgrade(conn)
        signing = Ed25519PrivateKey.generate()
        raw = signing.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
        conn.execute("BEGIN IMMEDIATE")
        # a new vault has no derived data a migration could have marked stale
        conn.execute("DELETE FROM meta WHERE key LIKE 'rebuild.%'")
        conn.execute("INSERT INTO meta (key, value) VALUES ('signing_key', ?)", (raw,))
        conn.execute("INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (vault_id,))
        conn.execute("INSERT INTO meta (key, value) VALUES ('created_with', ?)",
                     (f"bayyina {__version__}",))
        pub = signing.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
        custody.append(conn, "vault.create", [f"vault:{vault_id}"],
                       {"fingerprint": hashlib.sha256(pub).hexdigest(),
                        "app": f"bayyina {__version__}", "sqlcipher": sqlcipher_version(conn),
                        "kdf": params.__dict__})
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    if os.name == "posix":
        os.chmod(target, 0o600)


def read_key_file(path: Path) -> KeyFile:
    key_path = Path(path) / KEY_FILE
    if not key_path.is_file():
        raise AppError("vault.not_found", path=str(path))
    try:
        raw = key_path.read_bytes()
    except OSError as exc:
        raise AppError("generic.io", path=str(key_path), reason=exc.strerror or str(exc)) from None
    return KeyFile.from_json(raw)


def binding_mismatch(key_file: KeyFile, db_salt: bytes | None) -> str | None:
    """Read before deriving: the error code that a failure to open is told as when the key file
    was not made for this database — ``vault.key_file_superseded`` (this vault's, from before a
    rekey) or ``vault.key_file_foreign`` (another vault's) — instead of wrong passphrase or
    damage. None when the key file is bound to this database or not bound at all."""
    if db_salt is None or key_file.db_salt == db_salt:
        return None
    if db_salt[:8] == vault_tag(key_file.vault_id):
        return "vault.key_file_superseded"
    if key_file.db_salt is not None:
        return "vault.key_file_foreign"
    return None  # an unbound key file (from before issue 12) and an untagged database


def open_unlocked(path: Path, key_file: KeyFile, master: bytearray, conn: Connection,
                  db_name: str = DB_FILE, log_key: bytes | None = None) -> Vault:
    """The vault for a connection that opened with ``master``: migrations, then the session."""
    try:
        with damage_guard():
            migrations.upgrade(conn)
    except BaseException:
        conn.close()
        wipe(master)
        raise
    vault = Vault(path, key_file, master, db_name, log_key)
    vault._adopt(conn)
    return vault


def open_vault(path: Path, passphrase: str) -> Vault:
    """Unlock: wrong passphrase → :class:`WrongPassphrase`; damage → ``vault.damaged``; a key
    file of another vault, or superseded by a rekey, is told as such; an erased vault →
    ``vault.erased``.

    A failed unlock only counts itself in the key file's attempt record (and wipes the vault
    when she asked for that limit, :mod:`app.vault.duress`); the database is not touched. An
    interrupted ``rekey`` is finished or undone here (:mod:`app.vault.rekey`). The attempts
    since the last unlock are in :attr:`Vault.access_log`.
    """
    path = Path(path)
    key_file = read_key_file(path)
    if key_file.erased_at is not None:
        raise AppError("vault.erased", at=duress.when(key_file.erased_at))
    pending = rekey.read_pending(path)
    if pending is not None:  # a rekey was interrupted: finish or undo it
        try:
            vault = rekey.open_with_pending(path, key_file, pending, passphrase)
        except WrongPassphrase:
            duress.record_failure(path, key_file)
            raise
        return _after_open(vault, passphrase)
    db_salt = rekey.db_salt(path)
    mismatch = binding_mismatch(key_file, db_salt)
    try:
        opened = key_file.open(passphrase)
    except WrongPassphrase:
        if mismatch is None:
            remaining = duress.record_failure(path, key_file)
            if remaining is not None and key_file.attempts.show_remaining:
                raise WrongPassphrase("vault.wrong_passphrase_remaining",
                                      remaining=remaining) from None
            raise
        raise AppError(mismatch) from None
    db_name = DB_FILES[opened.db_index]
    master = opened.master
    try:
        try:
            conn = connect(path / db_name, master)
        except AppError as exc:
            if exc.code != "vault.damaged" or opened.slot < 0:
                raise
            # a decoy's making stopped between moving the database and writing the key file:
            # the slot's file name is a hint, the key decides (the other file, then the hint
            # fixed)
            db_name = DB_FILES[1 - opened.db_index]
            try:
                conn = connect(path / db_name, master)
            except AppError:
                raise exc from None
            opened.db_index = 1 - opened.db_index
            duress.fix_hint(path, key_file, passphrase, opened)
    except AppError as exc:
        wipe(master)
        if mismatch is not None and exc.code == "vault.damaged":
            raise AppError(mismatch) from None
        raise
    vault = open_unlocked(path, key_file, master, conn, db_name, opened.log_key)
    rekey.remove_stale_pending(path)  # an unreadable one: the key in place opened the database
    if db_salt is not None and key_file.db_salt != db_salt and opened.db_index == 0:
        # bind a key file from before issue 12 (or rebind one whose database was rebuilt with
        # the same key): written only now that the passphrase and the key are proven right
        key_file.db_salt = db_salt
        with contextlib.suppress(OSError):
            key_file.save(path / KEY_FILE)
    return _after_open(vault, passphrase, opened)


def _after_open(vault: Vault, passphrase: str, opened: Opened | None = None) -> Vault:
    """Upgrade a version 1 key file, then the access log (and the decoy's erase option)."""
    key_file = vault._key_file
    try:
        if opened is None:
            opened = key_file.open(passphrase)
        if key_file.version == 1:
            key_file, opened = duress.upgrade_key_file(vault.path, key_file, passphrase, opened)
            vault._key_file = key_file
        vault._log_key = opened.log_key
        head = rekey.db_salt(vault.path)
        if head is not None and key_file.db_salt != head:  # after a rekey of database file 1
            key_file.db_salt = head
        vault.access_log = duress.record_success(vault.path, key_file, opened)
    except BaseException:
        vault.lock()
        raise
    finally:
        if opened is not None and opened.master is not vault._master_key:
            wipe(opened.master)
    return vault
