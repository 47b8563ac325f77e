# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Deterministic, streaming ZIP writer for bundles.

Invariants of every archive written here (``docs/design.md`` §Bundles, Layout):

* every entry STORED, mtime 1980-01-01 00:00, no extra fields, no comments, no directory entries;
* UTF-8 flag (bit 11) set; sizes and CRC in the local header, never a data descriptor;
* no ZIP64: an entry or an archive reaching 4 GiB, or more than 65 535 entries, is refused;
* "version made by" is MS-DOS with zero external attributes, so unzip applies the umask.

The output only needs ``write``: it may be a pipe or the age encryptor. Entries are given as a
name plus a *re-iterable* chunk source; when the size and CRC are not given they are computed in
a first pass, so at most one chunk is held in memory. The bytes actually written are checked
against the declared size/CRC (and SHA-256 when given): a source that changed raises.
"""

from __future__ import annotations

import hashlib
import logging
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from app.errors import AppError
from app.tasks import CancelToken

log = logging.getLogger(__name__)

ZIP32_LIMIT = 0xFFFFFFFF
MAX_ENTRIES = 0xFFFF
DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1
DOS_TIME_MIDNIGHT = 0
FLAG_UTF8 = 0x0800
VERSION = 20  # 2.0, MS-DOS host (upper byte 0)

LOCAL_SIG = 0x04034B50
CENTRAL_SIG = 0x02014B50
EOCD_SIG = 0x06054B50
LOCAL_FMT = "<IHHHHHIIIHH"  # 30 bytes
CENTRAL_FMT = "<IHHHHHHIIIHHHHHII"  # 46 bytes
EOCD_FMT = "<IHHHHIIH"  # 22 bytes


@dataclass(frozen=True)
class ZipEntry:
    """One file to store. ``source`` must be re-iterable when ``size``/``crc32`` are missing."""

    name: str
    source: Iterable[bytes]
    size: int | None = None
    crc32: int | None = None
    sha256: str | None = None  # when given, the written bytes must hash to it


@dataclass(frozen=True)
class WrittenEntry:
    """What was written for one entry (``sha256`` is empty when it was not computed)."""

    name: str
    offset: int
    size: int
    crc32: int
    sha256: str


def _precompute(entry: ZipEntry) -> tuple[int, int]:
    size, crc = 0, 0
    for chunk in entry.source:
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        if size > ZIP32_LIMIT - 1:
            raise AppError("bundle.too_large", what="entry", name=entry.name)
    return size, crc


def _check_name(name: str) -> bytes:
    if not name or name.startswith("/") or name.endswith("/") or "\\" in name or ".." in name:
        raise ValueError(f"refusing zip entry name {name!r}")
    raw = name.encode("utf-8")
    if len(raw) > 0xFFFF:
        raise ValueError("zip entry name too long")
    return raw


def iter_zip(entries: Iterable[ZipEntry], *, written: list[WrittenEntry] | None = None,
             cancel: CancelToken | None = None,
             on_bytes: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """Yield the bytes of the archive, entry by entry, chunk by chunk.

    Args:
        entries: the files, in archive order.
        written: if given, receives a :class:`WrittenEntry` per entry as it completes.
        cancel: polled between chunks.
        on_bytes: called with the number of payload bytes after each chunk (for progress).

    Raises:
        AppError: ``bundle.too_large`` (ZIP64 would be needed), ``bundle.source_changed`` (a
            source yielded other bytes than declared), ``task.cancelled``.
    """
    offset = 0
    central: list[bytes] = []
    names: set[str] = set()
    for entry in entries:
        raw_name = _check_name(entry.name)
        if entry.name in names:
            raise ValueError(f"duplicate zip entry {entry.name!r}")
        names.add(entry.name)
        if len(central) >= MAX_ENTRIES:
            raise AppError("bundle.too_large", what="entries", name=entry.name)
        if entry.size is None or entry.crc32 is None:
            size, crc = _precompute(entry)
        else:
            size, crc = entry.size, entry.crc32
        if size > ZIP32_LIMIT - 1 or offset > ZIP32_LIMIT - 1:
            raise AppError("bundle.too_large", what="entry", name=entry.name)
        header = struct.pack(LOCAL_FMT, LOCAL_SIG, VERSION, FLAG_UTF8, 0, DOS_TIME_MIDNIGHT,
                             DOS_DATE_1980_01_01, crc, size, size, len(raw_name), 0) + raw_name
        yield header
        h = hashlib.sha256() if entry.sha256 is not None or written is not None else None
        got, got_crc = 0, 0
        for chunk in entry.source:
            if cancel is not None:
                cancel.raise_if_cancelled()
            if not chunk:
                continue
            got += len(chunk)
            if got > size:
                raise AppError("bundle.source_changed", name=entry.name)
            got_crc = zlib.crc32(chunk, got_crc)
            if h is not None:
                h.update(chunk)
            yield bytes(chunk)
            if on_bytes is not None:
                on_bytes(len(chunk))
        digest = h.hexdigest() if h is not None else ""
        if got != size or got_crc != crc or (entry.sha256 is not None and entry.sha256 != digest):
            raise AppError("bundle.source_changed", name=entry.name)
        central.append(struct.pack(CENTRAL_FMT, CENTRAL_SIG, VERSION, VERSION, FLAG_UTF8, 0,
                                   DOS_TIME_MIDNIGHT, DOS_DATE_1980_01_01, crc, size, size,
                                   len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name)
        if written is not None:
            written.append(WrittenEntry(entry.name, offset, size, crc, digest))
        offset += len(header) + size
    cd = b"".join(central)
    if offset + len(cd) > ZIP32_LIMIT - 22:
        raise AppError("bundle.too_large", what="bundle", name="")
    yield cd
    yield struct.pack(EOCD_FMT, EOCD_SIG, 0, 0, len(central), len(central), len(cd), offset, 0)


def write_zip(out: BinaryIO, entries: Iterable[ZipEntry], **kwargs: object) -> list[WrittenEntry]:
    """Write the archive to ``out`` (any object with ``write``); return the written entries."""
    written: list[WrittenEntry] = []
    for chunk in iter_zip(entries, written=written, **kwargs):  # type: ignore[arg-type]
        out.write(chunk)
    return written
