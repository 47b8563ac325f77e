# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Where a bundle being received waits for its verification: ``bundle_staging``, written in short
transactions under a random receipt id, so that the vault stays writable meanwhile (used by
:func:`app.handover.receive_into_vault`)."""

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
    """The ``bundle_staging.path`` of a bundle file: this receipt's key, then the file's path."""
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
    """Streams item files into ``bundle_staging`` in short transactions of their own.

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
        # already in the vault (dedup): no need to keep the bytes, the hash is still checked
        self._skip = bool(self._vault.read("SELECT 1 FROM blobs WHERE sha256 = ? LIMIT 1",
                                           (sha256,)))
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
        """One batch, one short transaction (in the staging thread)."""
        with self._vault.write() as tx:
            tx.conn.executemany("INSERT INTO bundle_staging (path, seq, data) VALUES (?,?,?)",
                                rows)

    def _raise_failure(self) -> None:
        if self._failed is not None:
            raise self._failed


def staged_reader(vault: Vault, path: str, sha256: str) -> RangeReader:
    """A seekable reader over a staged file (``path``: its staging key), or over the blob the
    vault already holds with those bytes (the sink skipped them). Reads a chunk at a time."""
    rows = vault.read("SELECT seq, length(data) FROM bundle_staging WHERE path = ? ORDER BY seq",
                      (path,))
    if rows:
        table, key = "bundle_staging", "path"
        owner: Any = path
    else:
        blob = vault.read("SELECT id FROM blobs WHERE sha256 = ? LIMIT 1", (sha256,))
        if not blob:
            raise AppError("vault.damaged", reason=f"no data for {path}")
        owner, table, key = int(blob[0][0]), "blob_chunks", "blob_id"
        rows = vault.read("SELECT seq, length(data) FROM blob_chunks WHERE blob_id = ? "
                          "ORDER BY seq", (owner,))
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
            (data,) = vault.read(f"SELECT data FROM {table} WHERE {key} = ? AND seq = ?",
                                 (owner, seqs[index]))[0]
            piece = bytes(data)[pos - starts[index] : end - starts[index]]
            parts.append(piece)
            pos += len(piece)
        return b"".join(parts)

    return RangeReader(read_at, total)


def copy_blob(conn: Any, item_id: int, role: str, media_type: str, path: str, sha256: str,  # noqa: PLR0917
               size: int) -> None:
    """Store a received file as the item's ``role`` copy: moved from the staged bytes (``path``
    is its staging key, see :func:`staged`), or copied from the copy the vault already holds.

    The staged chunks are moved one by one in the same transaction, each deleted right after it
    is stored: the pages it frees (overwritten, ``secure_delete``) are the ones the next chunk is
    written to, so each page is written once instead of twice (bench receive: the move took half
    the time). Nothing of the chunk passes through Python."""
    cur = conn.execute("INSERT INTO blobs (item_id, role, media_type, size, sha256) "
                       "VALUES (?,?,?,?,?)", (item_id, role, media_type, size, sha256))
    blob_id = int(cur.lastrowid)
    seqs = [int(r[0]) for r in conn.execute(
        "SELECT seq FROM bundle_staging WHERE path = ? ORDER BY seq", (path,)).fetchall()]
    if seqs:
        for seq in seqs:
            conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) SELECT ?, seq, data "
                         "FROM bundle_staging WHERE path = ? AND seq = ?", (blob_id, path, seq))
            conn.execute("DELETE FROM bundle_staging WHERE path = ? AND seq = ?", (path, seq))
        return
    src = conn.execute("SELECT id FROM blobs WHERE sha256 = ? AND id != ? LIMIT 1",
                       (sha256, blob_id)).fetchone()
    if src is None:  # cannot happen: the sink only skips bytes the vault already holds
        raise AppError("vault.damaged", reason=f"no data for {path}")
    conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) SELECT ?, seq, data "
                 "FROM blob_chunks WHERE blob_id = ? ORDER BY seq", (blob_id, int(src[0])))


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
    cur = tx.execute(f"DELETE FROM bundle_staging WHERE substr(path, 1, 32) NOT IN ({marks})",
                     live)
    return int(cur.rowcount or 0)


def drop_receipt(tx: Any, receipt: str) -> None:
    tx.execute("DELETE FROM bundle_staging WHERE path >= ? AND path < ?",
               (f"{receipt}/", f"{receipt}0"))  # this receipt's keys ("0" follows "/")
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
