# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Where a bundle being received waits for its verification: *pending blobs* (migration 15),
written in short transactions under a random receipt id, so that the vault stays writable
meanwhile (used by :func:`app.handover.receive_into_vault`).

Each staged file is a ``blobs`` row of no item (``item_id`` NULL) with its chunks in
``blob_chunks``, named in ``bundle_pending`` by its staging key (:func:`staged`). Storing the
item gives the row its item (:func:`copy_blob`): the file's bytes are written into the encrypted
database once. A pending blob is read only under its own key (another receipt's may be
incomplete).
``bundle_staging``, where vaults before version 15 staged, is still cleared."""

from __future__ import annotations

import bisect
import logging
import os
import queue
import threading
from typing import Any, Protocol

from app.errors import AppError
from app.media.window import RangeReader
from app.vault.blobs import CHUNK
from app.vault.core import Vault

log = logging.getLogger(__name__)

STAGE_BATCH = 16 * 1024 * 1024  # staged bytes per short write transaction
STAGE_QUEUE = 2  # batches waiting for the staging thread
EARLY_MAX_BYTES = 64 * 1024 * 1024  # a clean copy held whole to be checked at once


def staged(receipt: str, path: str) -> str:
    """The staging key of a bundle file (``bundle_pending.path``): this receipt's key, then the
    file's path."""
    return f"{receipt}/{path}"


class EarlyChecks(Protocol):
    """Checks clean copies while the bundle is still being verified
    (:class:`app.handover.checks.CopyChecker`)."""

    def metadata_checked(self, manifest: dict[str, Any]) -> set[str]:
        """The paths of the files to hand over whole, from the signed manifest."""
        ...

    def submit_early(self, path: str, sha256: str, data: bytes) -> None:
        """One of those files, its hash matched."""
        ...


class StagingSink:
    """Streams item files into pending blobs in short transactions of their own.

    The transactions run in a thread of its own (its own connection), a batch behind the
    verification: SQLCipher encrypts and writes one batch while the bundle's next bytes are
    decrypted and hashed (the sqlite3 module releases the GIL while a statement runs). At most
    :data:`STAGE_QUEUE` batches wait. :meth:`close` waits for every batch to be written (and
    raises what writing one raised); call it before reading what was staged, and before dropping
    the receipt.

    ``early``: handed each staged file that the manifest names a picture's clean copy, whole,
    as soon as its hash matched (:meth:`app.handover.checks.CopyChecker.submit_early`), so that
    the copies are checked while the rest of the bundle is still being verified.
    """

    def __init__(self, vault: Vault, receipt: str, early: EarlyChecks | None = None) -> None:
        self._vault = vault
        self._receipt = receipt
        self._buf = bytearray()
        self._seq = 0
        self._skip = False
        self._rows: list[tuple[str, int, bytes]] = []
        self._pending = 0
        self._early = early
        self._wanted: set[str] = set()
        self._held: list[bytes] | None = None
        self._batches: queue.Queue[list[tuple[str, int, bytes]] | None] = queue.Queue(STAGE_QUEUE)
        self._heads: dict[str, tuple[int, str]] = {}  # staging key → (size, sha256)
        self._blob_ids: dict[str, int] = {}  # staging key → its pending blob (staging thread)
        self._failed: BaseException | None = None
        self._writer: threading.Thread | None = None
        self._closed = False

    def metadata_checked(self, manifest: dict[str, Any]) -> None:
        """The signed manifest, before the first item byte: which files are pictures' copies."""
        if self._early is not None:
            self._wanted = self._early.metadata_checked(manifest)

    def begin_item(self, path: str, size: int, sha256: str) -> None:
        self._raise_failure()
        self._buf.clear()
        self._seq = 0
        # already in the vault (an item's blob): no need to keep the bytes, the hash is still
        # checked. The same bytes twice in one bundle are staged twice: each file's pending blob
        # lives and goes with its own item (a duplicate item's are deleted before the next).
        self._skip = bool(self._vault.read(
            "SELECT 1 FROM blobs WHERE sha256 = ? AND item_id IS NOT NULL LIMIT 1", (sha256,)))
        if not self._skip:
            self._heads[staged(self._receipt, path)] = (size, sha256)
        self._held = [] if path in self._wanted and size <= EARLY_MAX_BYTES else None

    def item_data(self, path: str, chunk: bytes) -> None:
        if self._held is not None:
            self._held.append(chunk)
        if self._skip:
            return
        self._buf += chunk
        while len(self._buf) >= CHUNK:
            self._flush(path, bytes(self._buf[:CHUNK]))
            del self._buf[:CHUNK]

    def end_item(self, path: str, sha256: str) -> None:
        if not self._skip and (self._buf or self._seq == 0):
            self._flush(path, bytes(self._buf))
        self._buf.clear()
        self._commit()
        held, self._held = self._held, None
        if held is not None and self._early is not None:
            self._early.submit_early(path, sha256, b"".join(held))

    def close(self) -> None:
        """Wait until every batch is written; raise what writing one raised. Idempotent."""
        if not self._closed:
            self._closed = True
            if self._writer is not None:
                self._batches.put(None)
                self._writer.join()
        self._raise_failure()

    def _flush(self, path: str, data: bytes) -> None:
        self._rows.append((staged(self._receipt, path), self._seq, data))
        self._pending += len(data)
        self._seq += 1
        if self._pending >= STAGE_BATCH:
            self._commit()

    def _commit(self) -> None:
        if self._rows:
            self._raise_failure()
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_batches,
                                                name="bayyina-staging", daemon=True)
                self._writer.start()
            self._batches.put(self._rows)
        self._rows, self._pending = [], 0

    def _write_batches(self) -> None:
        try:
            while (rows := self._batches.get()) is not None:
                if self._failed is None:
                    self._write(rows)
        except BaseException as exc:  # handed to the verifying thread, raised there
            self._failed = exc
            while self._batches.get() is not None:  # let the producer finish and stop
                pass
        finally:
            self._vault.release_connection()

    def _write(self, rows: list[tuple[str, int, bytes]]) -> None:
        """One batch, one short transaction (in the staging thread): each file's pending blob
        with its first chunk, then the chunks."""
        with self._vault.write() as tx:
            conn = tx.conn
            for key, seq, data in rows:
                blob_id = self._blob_ids.get(key)
                if blob_id is None:
                    size, sha256 = self._heads[key]
                    cur = conn.execute("INSERT INTO blobs (item_id, role, media_type, size, sha256)"
                                       " VALUES (NULL, 'original', NULL, ?, ?)", (size, sha256))
                    blob_id = int(cur.lastrowid or 0)
                    conn.execute("INSERT INTO bundle_pending (path, blob_id) VALUES (?, ?)",
                                 (key, blob_id))
                    self._blob_ids[key] = blob_id
                conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                             (blob_id, seq, data))

    def _raise_failure(self) -> None:
        if self._failed is not None:
            raise self._failed


def _source_blob(conn: Any, key: str, sha256: str) -> int | None:
    """The blob holding a staged file's bytes: its pending blob, else a blob of an item with those
    bytes (the sink skipped them). Pending blobs of other files are never used: another receipt's
    may be incomplete, and each is deleted with its own item's turn."""
    row = conn.execute("SELECT blob_id FROM bundle_pending WHERE path = ?", (key,)).fetchone()
    if row is None:
        row = conn.execute("SELECT id FROM blobs WHERE sha256 = ? AND item_id IS NOT NULL "
                           "LIMIT 1", (sha256,)).fetchone()
    return None if row is None else int(row[0])


def staged_bytes(vault: Vault, key: str, sha256: str) -> bytes:
    """A staged file, whole (``key``: its staging key)."""
    blob = _source_blob(vault.conn, key, sha256)
    if blob is None:
        raise AppError("vault.damaged", reason=f"no data for {key}")
    return b"".join(bytes(r[0]) for r in vault.read(
        "SELECT data FROM blob_chunks WHERE blob_id = ? ORDER BY seq", (blob,)))


def staged_reader(vault: Vault, path: str, sha256: str) -> RangeReader:
    """A seekable reader over a staged file (``path``: its staging key), or over the blob the
    vault already holds with those bytes (the sink skipped them). Reads a chunk at a time."""
    owner = _source_blob(vault.conn, path, sha256)
    if owner is None:
        raise AppError("vault.damaged", reason=f"no data for {path}")
    rows = vault.read("SELECT seq, length(data) FROM blob_chunks WHERE blob_id = ? ORDER BY seq",
                      (owner,))
    starts, seqs, total = [], [], 0
    for seq, length in rows:
        starts.append(total)
        seqs.append(int(seq))
        total += int(length)

    def read_at(offset: int, size: int) -> bytes:
        parts = []
        pos, end = offset, min(total, offset + size)
        while pos < end:
            index = bisect.bisect_right(starts, pos) - 1
            (data,) = vault.read("SELECT data FROM blob_chunks WHERE blob_id = ? AND seq = ?",
                                 (owner, seqs[index]))[0]
            piece = bytes(data)[pos - starts[index] : end - starts[index]]
            parts.append(piece)
            pos += len(piece)
        return b"".join(parts)

    return RangeReader(read_at, total)


def copy_blob(conn: Any, item_id: int, role: str, media_type: str, path: str, sha256: str,  # noqa: PLR0917
               size: int) -> None:
    """Store a received file as the item's ``role`` copy: its pending blob becomes the item's
    (``path`` is its staging key, see :func:`staged`; nothing of the bytes is written again), or
    the bytes are copied from an item's blob that holds them (the vault already had them, or a
    manifest names one file twice)."""
    row = conn.execute("SELECT blob_id FROM bundle_pending WHERE path = ?", (path,)).fetchone()
    if row is not None:
        conn.execute("UPDATE blobs SET item_id = ?, role = ?, media_type = ?, size = ?, "
                     "sha256 = ? WHERE id = ?", (item_id, role, media_type, size, sha256,
                                                  int(row[0])))
        conn.execute("DELETE FROM bundle_pending WHERE path = ?", (path,))
        return
    src = _source_blob(conn, path, sha256)
    if src is None:  # cannot happen: the sink only skips bytes the vault already holds
        raise AppError("vault.damaged", reason=f"no data for {path}")
    cur = conn.execute("INSERT INTO blobs (item_id, role, media_type, size, sha256) "
                       "VALUES (?,?,?,?,?)", (item_id, role, media_type, size, sha256))
    conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) SELECT ?, seq, data "
                 "FROM blob_chunks WHERE blob_id = ? ORDER BY seq", (int(cur.lastrowid), src))


def discard_staged(tx: Any, keys: list[str]) -> None:
    """Delete what is still pending under these staging keys (files not stored: a duplicate
    item...). ``secure_delete`` overwrites the freed pages."""
    marks = ", ".join("?" * len(keys))
    tx.execute(f"DELETE FROM blobs WHERE id IN (SELECT blob_id FROM bundle_pending "
               f"WHERE path IN ({marks}))", keys)  # cascades to its chunks and pending row


def begin_receipt(vault: Vault, receipt: str) -> None:
    """Register this receipt (``meta`` ``receipt:ID`` = our process id) and clear what receipts
    of processes that are gone left staged: a crash, or staging from before receipts had ids. A
    receipt still running in another process keeps its bytes."""
    with vault.write() as tx:
        _clear_dead(tx)
        tx.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                   (f"receipt:{receipt}", str(os.getpid())))


def clear_dead_receipts(vault: Vault) -> int:
    """At unlock (:func:`app.session.open_session`): delete what receipts killed part-way left
    staged (up to a whole bundle's items, encrypted in the vault) instead of keeping it until the
    next receipt. Receipts still running in another process keep theirs. Returns the rows deleted; a
    vault that cannot be written now (busy, read-only) is left for the next receipt."""
    try:
        with vault.write() as tx:
            return _clear_dead(tx)
    except AppError as err:
        log.warning("staged bytes not cleared at unlock: %s", err.code)
        return 0


def _clear_dead(tx: Any) -> int:
    live = []
    for key, value in tx.execute("SELECT key, value FROM meta WHERE key LIKE 'receipt:%'"
                                 ).fetchall():
        other = str(key).split(":", 1)[1]
        if process_alive(value):
            live.append(other)
        else:
            drop_receipt(tx, other)
    marks = ", ".join("?" * len(live))
    cur = tx.execute("DELETE FROM blobs WHERE id IN (SELECT blob_id FROM bundle_pending WHERE "
                     f"substr(path, 1, 32) NOT IN ({marks}))", live)
    cleared = int(cur.rowcount or 0)
    cur = tx.execute(f"DELETE FROM bundle_staging WHERE substr(path, 1, 32) NOT IN ({marks})",
                     live)  # staged before version 15
    return cleared + int(cur.rowcount or 0)


def drop_receipt(tx: Any, receipt: str) -> None:
    keys = (f"{receipt}/", f"{receipt}0")  # this receipt's keys ("0" follows "/")
    tx.execute("DELETE FROM blobs WHERE id IN (SELECT blob_id FROM bundle_pending "
               "WHERE path >= ? AND path < ?)", keys)
    tx.execute("DELETE FROM bundle_staging WHERE path >= ? AND path < ?", keys)
    tx.execute("DELETE FROM meta WHERE key = ?", (f"receipt:{receipt}",))


def process_alive(value: Any) -> bool:
    """Whether the process that registered a receipt still runs (POSIX; elsewhere: assumed gone,
    since a receipt from another process at the same time is rare there)."""
    try:
        pid = int(value)
    except (TypeError, ValueError):
        return False
    if pid == os.getpid():
        return True  # another receipt of this very process (the GUI runs one at a time)
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
