# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Evidence bytes inside the encrypted database, in 1 MiB chunks so large files stream.

Roles: ``original`` (sealed, never altered), ``sanitized`` (the clean working copy) and
``thumbnail``. Every blob records its size and SHA-256; readers can re-check them.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator

from app.errors import AppError
from app.vault.connection import Connection

CHUNK = 1024 * 1024


def _chunks(data: bytes | Iterable[bytes]) -> Iterator[bytes]:
    if isinstance(data, (bytes, bytearray, memoryview)):
        view = memoryview(data)
        for start in range(0, len(view), CHUNK):
            yield bytes(view[start:start + CHUNK])
        return
    buf = bytearray()
    for piece in data:
        buf += piece
        while len(buf) >= CHUNK:
            yield bytes(buf[:CHUNK])
            del buf[:CHUNK]
    if buf:
        yield bytes(buf)


def write_blob(conn: Connection, item_id: int, role: str, media_type: str | None,
               data: bytes | Iterable[bytes]) -> tuple[int, str]:
    """Store ``data`` for (item, role) inside the caller's transaction. Returns (size, sha256)."""
    cur = conn.execute("INSERT INTO blobs (item_id, role, media_type, size, sha256) "
                       "VALUES (?, ?, ?, 0, '')", (item_id, role, media_type))
    blob_id = cur.lastrowid
    h = hashlib.sha256()
    crc = 0
    size = 0
    for seq, chunk in enumerate(_chunks(data)):
        h.update(chunk)
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                     (blob_id, seq, chunk))
    digest = h.hexdigest()
    conn.execute("UPDATE blobs SET size = ?, sha256 = ?, crc32 = ? WHERE id = ?",
                 (size, digest, crc, blob_id))
    return size, digest


def blob_meta(conn: Connection, item_id: int, role: str) -> tuple[int, int, str, str | None] | None:
    """(blob id, size, sha256, media type) or None."""
    row = conn.execute("SELECT id, size, sha256, media_type FROM blobs"
                       " WHERE item_id = ? AND role = ?", (item_id, role)).fetchone()
    return (int(row[0]), int(row[1]), str(row[2]), row[3]) if row else None


def blob_crc32(conn: Connection, item_id: int, role: str) -> int | None:
    """The CRC-32 recorded when the blob was stored (None for blobs from before schema 4)."""
    row = conn.execute("SELECT crc32 FROM blobs WHERE item_id = ? AND role = ?",
                       (item_id, role)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def iter_blob(conn: Connection, item_id: int, role: str, *, verify: bool = True) -> Iterator[bytes]:
    meta = blob_meta(conn, item_id, role)
    if meta is None:
        raise AppError("item.no_such_copy", item=item_id, role=role)
    blob_id, size, sha, _ = meta
    h = hashlib.sha256()
    total = 0
    # one chunk at a time: a 2 GB original never sits in memory whole
    seq = 0
    while True:
        row = conn.execute("SELECT data FROM blob_chunks WHERE blob_id = ? AND seq = ?",
                           (blob_id, seq)).fetchone()
        if row is None:
            break
        chunk = bytes(row[0])
        h.update(chunk)
        total += len(chunk)
        yield chunk
        seq += 1
    if verify and (total != size or h.hexdigest() != sha):
        raise AppError("vault.damaged", reason=f"item {item_id} {role} does not match its hash")


def read_blob(conn: Connection, item_id: int, role: str) -> bytes:
    return b"".join(iter_blob(conn, item_id, role))


class BlobWriter:
    """A blob written as its bytes come (a clean copy streamed from a worker,
    :meth:`app.media.pool.MediaWorkerPool.stream`), inside the caller's transaction.

    :meth:`append` adds bytes at the end (stored in :data:`CHUNK` pieces), :meth:`patch` rewrites
    bytes already given (a muxer filling in a size at the start), :meth:`read_at` reads back what
    it holds. :meth:`finish` records size, SHA-256 and CRC-32 (read back once: a patch may change
    any chunk); :meth:`discard` removes it all.
    """

    def __init__(self, conn: Connection, item_id: int, role: str, media_type: str | None,
                 max_size: int) -> None:
        self._conn = conn
        cur = conn.execute("INSERT INTO blobs (item_id, role, media_type, size, sha256) "
                           "VALUES (?, ?, ?, 0, '')", (item_id, role, media_type))
        self._blob_id = int(cur.lastrowid or 0)
        self._buf = bytearray()
        self._seq = 0  # chunks stored; the buffer starts at self._seq * CHUNK
        self.size = 0
        self._max = max_size

    def append(self, data: bytes) -> None:
        if self.size + len(data) > self._max:
            raise AppError("import.too_large", size=self.size + len(data), limit=self._max)
        self._buf += data
        self.size += len(data)
        while len(self._buf) >= CHUNK:
            self._conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                               (self._blob_id, self._seq, bytes(self._buf[:CHUNK])))
            del self._buf[:CHUNK]
            self._seq += 1

    def _stored(self, seq: int) -> bytes:
        row = self._conn.execute("SELECT data FROM blob_chunks WHERE blob_id = ? AND seq = ?",
                                 (self._blob_id, seq)).fetchone()
        return bytes(row[0])

    def patch(self, offset: int, data: bytes) -> None:
        if offset < 0 or offset + len(data) > self.size:
            raise AppError("vault.damaged", reason="a patch outside the copy written so far")
        flushed = self._seq * CHUNK
        pos, view = offset, memoryview(data)
        while view:
            if pos >= flushed:
                rel = pos - flushed
                self._buf[rel : rel + len(view)] = view
                return
            seq, start = divmod(pos, CHUNK)
            n = min(len(view), CHUNK - start)
            chunk = bytearray(self._stored(seq))
            chunk[start : start + n] = view[:n]
            self._conn.execute("UPDATE blob_chunks SET data = ? WHERE blob_id = ? AND seq = ?",
                               (bytes(chunk), self._blob_id, seq))
            pos += n
            view = view[n:]

    def read_at(self, offset: int, size: int) -> bytes:
        end = min(self.size, offset + max(0, size))
        flushed = self._seq * CHUNK
        parts = []
        pos = max(0, offset)
        while pos < end:
            if pos >= flushed:
                parts.append(bytes(self._buf[pos - flushed : end - flushed]))
                break
            seq, start = divmod(pos, CHUNK)
            piece = self._stored(seq)[start : start + end - pos]
            parts.append(piece)
            pos += len(piece)
        return b"".join(parts)

    def finish(self, media_type: str | None = None) -> tuple[int, str]:
        """Store the rest, record size, hash and media type; returns (size, sha256)."""
        if self._buf:
            self._conn.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                               (self._blob_id, self._seq, bytes(self._buf)))
            self._buf.clear()
            self._seq += 1
        h = hashlib.sha256()
        crc = 0
        for seq in range(self._seq):
            chunk = self._stored(seq)
            h.update(chunk)
            crc = zlib.crc32(chunk, crc)
        digest = h.hexdigest()
        self._conn.execute("UPDATE blobs SET size = ?, sha256 = ?, crc32 = ?, "
                           "media_type = COALESCE(?, media_type) WHERE id = ?",
                           (self.size, digest, crc, media_type, self._blob_id))
        return self.size, digest

    def discard(self) -> None:
        self._conn.execute("DELETE FROM blob_chunks WHERE blob_id = ?", (self._blob_id,))
        self._conn.execute("DELETE FROM blobs WHERE id = ?", (self._blob_id,))
        self._buf.clear()
        self.size = 0
