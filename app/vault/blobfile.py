# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A read-only, seekable file object over one blob inside the encrypted database.

Playback (``app.media.playback``) hands it to FFmpeg, which reads and seeks as it demuxes: only
the chunks FFmpeg asks for are read and decrypted, and at most :data:`CACHED` of them are kept, so
memory stays flat whatever the size of the recording and nothing is written to disk. The chunk
layout is read once from the database (any chunk size works). It does not re-check the blob's
SHA-256 (it is never read whole); :func:`app.vault.blobs.iter_blob` does for exports.
"""

from __future__ import annotations

import bisect
import io
from collections import OrderedDict

from app.errors import AppError
from app.vault.blobs import blob_meta
from app.vault.connection import Connection

CACHED = 4  # chunks kept in memory (4 MiB with 1 MiB chunks)


class BlobFile(io.RawIOBase):
    """``open_blob(conn, item_id, role)``: read(), readinto(), seek(), tell() over the blob."""

    def __init__(self, conn: Connection, item_id: int, role: str) -> None:
        super().__init__()
        meta = blob_meta(conn, item_id, role)
        if meta is None:
            raise AppError("item.no_such_copy", item=item_id, role=role)
        self._conn = conn
        self._blob_id, self.size, self.sha256, self.media_type = meta
        self._starts: list[int] = []
        self._seqs: list[int] = []
        offset = 0
        for seq, length in conn.execute("SELECT seq, length(data) FROM blob_chunks WHERE "
                                        "blob_id = ? ORDER BY seq", (self._blob_id,)):
            self._starts.append(offset)
            self._seqs.append(int(seq))
            offset += int(length)
        if offset != self.size:
            raise AppError("vault.damaged", reason=f"item {item_id} {role} is incomplete")
        self._pos = 0
        self._cache: OrderedDict[int, bytes] = OrderedDict()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(0, base + int(offset))
        return self._pos

    def _chunk(self, index: int) -> bytes:
        data = self._cache.get(index)
        if data is None:
            row = self._conn.execute("SELECT data FROM blob_chunks WHERE blob_id = ? AND seq = ?",
                                     (self._blob_id, self._seqs[index])).fetchone()
            data = bytes(row[0])
            self._cache[index] = data
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(index)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self.size:
            index = bisect.bisect_right(self._starts, self._pos) - 1
            chunk = self._chunk(index)
            start = self._pos - self._starts[index]
            n = min(len(view) - done, len(chunk) - start)
            view[done:done + n] = chunk[start:start + n]
            done += n
            self._pos += n
        return done


def open_blob(conn: Connection, item_id: int, role: str) -> BlobFile:
    """The blob of (item, role) as a seekable file object.

    Raises:
        AppError: ``item.no_such_copy``; ``vault.damaged`` when chunks are missing.
    """
    return BlobFile(conn, item_id, role)
