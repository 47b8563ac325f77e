# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Random access to a large file that is never held whole: a seekable reader and a byte window.

A recording above the in-memory limit (:class:`app.media.types.AvLimits`) is read by its worker
through a callable ``read_at(offset, size) -> bytes`` (answered by the importing process from the
vault's chunks, :mod:`app.media.avstream`). :class:`RangeReader` makes that a seekable file object
for FFmpeg, reading aligned blocks and keeping a few (:data:`CACHED`), so memory stays flat;
:class:`ByteWindow` lets the code written for ``bytes`` (the ISO-BMFF box walker, the re-scan)
slice it. Neither writes anything anywhere.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable

BLOCK = 1024 * 1024
CACHED = 4

ReadAt = Callable[[int, int], bytes]


class RangeReader(io.RawIOBase):
    """A read-only, seekable file object of ``size`` bytes over ``read_at``."""

    def __init__(self, read_at: ReadAt, size: int, block: int = BLOCK) -> None:
        super().__init__()
        self._read_at, self.size, self._block = read_at, int(size), block
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

    def _get(self, index: int) -> bytes:
        data = self._cache.get(index)
        if data is None:
            start = index * self._block
            data = self._read_at(start, min(self._block, self.size - start))
            self._cache[index] = data
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(index)
        return data

    def pread(self, offset: int, size: int) -> bytes:
        """``size`` bytes from ``offset`` (fewer at the end), without moving the position."""
        end = min(self.size, offset + max(0, size))
        parts = []
        pos = max(0, offset)
        while pos < end:
            index = pos // self._block
            chunk = self._get(index)
            start = pos - index * self._block
            if start >= len(chunk):
                break  # the source gave less than it announced
            piece = chunk[start : start + end - pos]
            parts.append(piece)
            pos += len(piece)
        return b"".join(parts)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        data = self.pread(self._pos, len(view))
        view[: len(data)] = data
        self._pos += len(data)
        return len(data)


class ByteWindow:
    """Slices of a :class:`RangeReader` as ``bytes`` (``window[a:b]``, ``len(window)``)."""

    def __init__(self, reader: RangeReader) -> None:
        self._reader = reader

    def __len__(self) -> int:
        return self._reader.size

    def __getitem__(self, key: slice) -> bytes:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("ByteWindow takes plain slices only")
        start, stop, _step = key.indices(self._reader.size)
        return self._reader.pread(start, stop - start) if stop > start else b""


def find_needles(needles: dict[str, bytes]) -> Callable[[bytes], set[str]]:
    """A scanner fed consecutive pieces of one stream of bytes: each call returns the keys of
    ``needles`` found so far, including across the boundary of two pieces."""
    longest = max((len(v) for v in needles.values()), default=0)
    found: set[str] = set()
    tail = b""

    def feed(piece: bytes) -> set[str]:
        nonlocal tail
        if not needles:
            return found
        data = tail + piece
        for key, value in needles.items():
            if key not in found and value in data:
                found.add(key)
        tail = data[-(longest - 1):] if longest > 1 else b""
        return found

    return feed


__all__ = ["BLOCK", "ByteWindow", "RangeReader", "ReadAt", "find_needles"]
