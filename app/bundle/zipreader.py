# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Strict streaming ZIP reader: push bytes in, get validated, hashed entries out.

It never extracts anything to disk and needs no seeking, so it can sit behind the age decryptor. It
accepts only what :mod:`app.bundle.zipwriter` produces (``docs/design.md`` §Bundles, Hostile input):

* names from ``[A-Za-z0-9._/-]``, relative, no ``..`` component, no backslash, no drive letter,
  and accepted by the caller's ``classify`` (the expected layout);
* no duplicates, also after NFC normalisation and case folding;
* STORED only, equal sizes, no encryption flag, no data descriptor, no ZIP64 (fields or records);
* caps on entry count, per-entry size, total size and on the small files kept in memory;
* the central directory must repeat the local headers exactly (names, offsets, sizes, CRCs,
  flags, method, in order) and the end record must match it; nothing may follow it. Entries are
  read back to back, so overlapping entries ("quoted overlap" bombs) cannot be expressed.

Every entry is SHA-256 hashed while it streams. Entries classified ``"small"`` are kept in memory;
``"stream"`` entries go to an :class:`EntryHandler`, chunk by chunk, and are not kept.
"""

from __future__ import annotations

import hashlib
import logging
import re
import struct
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO, Literal, Protocol

from app.bundle.zipwriter import CENTRAL_FMT, CENTRAL_SIG, EOCD_FMT, EOCD_SIG, LOCAL_FMT, LOCAL_SIG
from app.errors import VerificationFailed

log = logging.getLogger(__name__)

Kind = Literal["small", "stream"]
_SAFE_NAME = re.compile(r"[A-Za-z0-9._/-]+")
_ZIP64_SIGS = (0x06064B50, 0x07064B50)
_DATA_DESCRIPTOR_SIG = 0x08074B50
_MAX_EXTRA = 1024
_S_IFMT, _S_IFREG = 0o170000, 0o100000


@dataclass(frozen=True)
class ZipLimits:
    """Caps applied while reading. The defaults suit a bundle of up to 4 GiB."""

    max_entries: int = 20_000
    max_entry_size: int = 0xFFFFFFFE
    max_total_size: int = 0xFFFFFFFE
    max_small_file: int = 32 * 1024 * 1024
    max_small_total: int = 96 * 1024 * 1024
    max_name: int = 255


@dataclass(frozen=True)
class EntryInfo:
    """A validated entry: its name, local header offset, size, CRC-32 and SHA-256 hex."""

    name: str
    offset: int
    size: int
    crc32: int
    sha256: str


@dataclass
class ZipListing:
    """Result of a complete read."""

    entries: list[EntryInfo] = field(default_factory=list)
    small_files: dict[str, bytes] = field(default_factory=dict)

    def by_name(self) -> dict[str, EntryInfo]:
        return {e.name: e for e in self.entries}


class EntryHandler(Protocol):
    """Receives ``"stream"`` entries. Data is unverified until the whole read succeeds."""

    def begin_entry(self, name: str, size: int) -> None: ...

    def entry_data(self, name: str, chunk: bytes) -> None: ...

    def end_entry(self, info: EntryInfo) -> None: ...


def _fail(code: str, **params: object) -> VerificationFailed:
    return VerificationFailed(code, **params)


def check_entry_name(raw: bytes, max_len: int = 255) -> str:
    """Decode and validate one entry name (no layout check). Raises VerificationFailed."""
    if len(raw) > max_len:
        raise _fail("bundle.bad_name", name=raw[:60].decode("utf-8", "replace"))
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("bundle.bad_name", name=raw.decode("utf-8", "replace")) from None
    parts = name.replace("\\", "/").split("/")
    if ("\\" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name)
            or ".." in parts or "\x00" in name):
        raise _fail("bundle.zip_slip", name=name)
    return name


class StrictZipReader:
    """Push parser: call :meth:`feed` with consecutive bytes, then :meth:`close`.

    Args:
        classify: maps an entry name to ``"small"`` or ``"stream"``; raises VerificationFailed
            (e.g. ``bundle.unexpected_file``) for names outside the expected layout. It may
            also enforce ordering (it is called in archive order).
        handler: receives ``"stream"`` entries; without one they are only hashed.
        limits: caps.
    """

    def __init__(self, classify: Callable[[str], Kind], handler: EntryHandler | None = None,
                 limits: ZipLimits | None = None) -> None:
        self._classify = classify
        self._handler = handler
        self._lim = limits or ZipLimits()
        self._buf = bytearray()
        self._state = "sig"
        self._pos = 0  # archive offset of the first byte not yet consumed
        self._listing = ZipListing()
        self._seen: set[str] = set()
        self._total = 0
        self._small_total = 0
        self._cur: dict[str, object] = {}
        self._hdr: tuple[int, ...] = ()
        self._central_start = -1
        self._central_count = 0
        self._locals_flags: list[tuple[int, int]] = []

    @property
    def listing(self) -> ZipListing:
        """The entries completed so far (complete after :meth:`close`)."""
        return self._listing

    # -- byte plumbing ---------------------------------------------------------------------
    def feed(self, data: bytes | bytearray | memoryview) -> None:
        """Consume the next bytes of the archive. Raises VerificationFailed at the first fault."""
        mv = memoryview(data).cast("B")
        i, n = 0, len(mv)
        while i < n:
            if self._state == "done":
                raise _fail("bundle.trailing_data")
            if self._state == "data":
                left = int(self._cur["left"])  # type: ignore[call-overload]
                k = min(left, n - i)
                self._entry_bytes(mv[i : i + k])
                i += k
                self._pos += k
                if k == left:
                    self._finish_entry()
                continue
            need = self._need()
            k = min(need - len(self._buf), n - i)
            self._buf += mv[i : i + k]
            i += k
            self._pos += k
            if len(self._buf) == need:
                self._step()

    def close(self) -> ZipListing:
        """End of input: return the listing, or raise ``bundle.empty``/``bundle.truncated``."""
        if self._state != "done":
            if self._pos == 0:
                raise _fail("bundle.empty")
            raise _fail("bundle.truncated")
        return self._listing

    def _need(self) -> int:
        if self._state == "sig":
            return 4
        if self._state == "local":
            return 30
        if self._state == "local_tail":
            return 30 + self._hdr[9] + self._hdr[10]
        if self._state == "central":
            return 46
        if self._state == "central_tail":
            return 46 + self._hdr[10] + self._hdr[11] + self._hdr[12]
        return 22  # eocd

    def _step(self) -> None:
        state = self._state
        if state == "sig":
            self._on_signature(struct.unpack("<I", self._buf)[0])
        elif state == "local":
            self._on_local_fixed()
        elif state == "local_tail":
            self._on_local_tail()
        elif state == "central":
            self._hdr = struct.unpack(CENTRAL_FMT, self._buf)
            self._state = "central_tail"
            if self._hdr[10] > self._lim.max_name or self._hdr[11] + self._hdr[12] > _MAX_EXTRA:
                raise _fail("bundle.central_mismatch", name="")
        elif state == "central_tail":
            self._on_central()
        else:
            self._on_eocd()

    # -- records ---------------------------------------------------------------------------
    def _on_signature(self, sig: int) -> None:
        start = self._pos - 4
        if sig == LOCAL_SIG and self._central_start < 0:
            self._state = "local"
            self._cur = {"offset": start}
            return  # keep the 4 signature bytes: the fixed header is read as a whole
        self._buf.clear()
        if sig == CENTRAL_SIG:
            if self._central_start < 0:
                self._central_start = start
            self._buf += struct.pack("<I", sig)
            self._state = "central"
        elif sig == EOCD_SIG:
            self._buf += struct.pack("<I", sig)
            self._state = "eocd"
        elif sig in _ZIP64_SIGS:
            raise _fail("bundle.zip64")
        elif sig == _DATA_DESCRIPTOR_SIG:
            raise _fail("bundle.data_descriptor")
        elif start == 0:
            raise _fail("bundle.not_a_zip")
        elif sig == LOCAL_SIG:
            raise _fail("bundle.central_mismatch", name="")
        else:
            raise _fail("bundle.zip_corrupt", offset=start)

    def _on_local_fixed(self) -> None:
        h = struct.unpack(LOCAL_FMT, self._buf)
        _sig, version, flags, method, _t, _d, _crc, csize, usize, nlen, elen = h
        if version >= 45 or csize == 0xFFFFFFFF or usize == 0xFFFFFFFF:
            raise _fail("bundle.zip64")
        if flags & 0x41 or method == 99:
            raise _fail("bundle.encrypted_entry")
        if flags & 0x08:
            raise _fail("bundle.data_descriptor")
        if method != 0 or csize != usize:
            raise _fail("bundle.not_stored", method=method)
        if nlen == 0 or nlen > self._lim.max_name or elen > _MAX_EXTRA:
            raise _fail("bundle.bad_name", name="")
        self._hdr = h
        self._state = "local_tail"

    def _on_local_tail(self) -> None:
        _sig, _v, flags, method, _t, _d, crc, size, _u, nlen, _elen = self._hdr
        raw_name = bytes(self._buf[30 : 30 + nlen])
        _check_extra(bytes(self._buf[30 + nlen :]))
        name = check_entry_name(raw_name, self._lim.max_name)
        key = unicodedata.normalize("NFC", name).casefold()
        if key in self._seen:
            raise _fail("bundle.duplicate_name", name=name)
        self._seen.add(key)
        if not _SAFE_NAME.fullmatch(name) or name.endswith("/") or "//" in name or any(
            p in (".", "") for p in name.split("/")
        ):
            raise _fail("bundle.bad_name", name=name)
        kind = self._classify(name)
        if len(self._listing.entries) >= self._lim.max_entries:
            raise _fail("bundle.too_large", what="entries", name=name)
        if size > self._lim.max_entry_size:
            raise _fail("bundle.too_large", what="entry", name=name)
        self._total += size
        if self._total > self._lim.max_total_size:
            raise _fail("bundle.too_large", what="bundle", name=name)
        small: bytearray | None = None
        if kind == "small":
            self._small_total += size
            if size > self._lim.max_small_file or self._small_total > self._lim.max_small_total:
                raise _fail("bundle.too_large", what="entry", name=name)
            small = bytearray()
        elif self._handler is not None:
            self._handler.begin_entry(name, size)
        self._locals_flags.append((flags, method))
        self._cur.update(name=name, crc=crc, size=size, left=size, kind=kind, small=small,
                         h=hashlib.sha256(), crc_run=0, raw_name=raw_name)
        self._buf.clear()
        self._state = "data"
        if size == 0:
            self._finish_entry()

    def _entry_bytes(self, chunk: memoryview) -> None:
        cur = self._cur
        cur["h"].update(chunk)  # type: ignore[attr-defined]
        cur["crc_run"] = zlib.crc32(chunk, cur["crc_run"])  # type: ignore[arg-type]
        cur["left"] = int(cur["left"]) - len(chunk)  # type: ignore[call-overload]
        small = cur["small"]
        if isinstance(small, bytearray):
            small += chunk
        elif self._handler is not None:
            self._handler.entry_data(str(cur["name"]), bytes(chunk))

    def _finish_entry(self) -> None:
        cur = self._cur
        name = str(cur["name"])
        if cur["crc_run"] != cur["crc"]:
            raise _fail("bundle.crc_mismatch", name=name)
        info = EntryInfo(name, int(cur["offset"]), int(cur["size"]),  # type: ignore[call-overload]
                         int(cur["crc"]), cur["h"].hexdigest())  # type: ignore[attr-defined, call-overload]
        self._listing.entries.append(info)
        small = cur["small"]
        if isinstance(small, bytearray):
            self._listing.small_files[name] = bytes(small)
        elif self._handler is not None:
            self._handler.end_entry(info)
        self._state = "sig"

    def _on_central(self) -> None:
        h = self._hdr
        (_sig, _made, version, flags, method, _t, _d, crc, csize, usize, nlen, elen, clen,
         disk, _iattr, eattr, offset) = h
        idx = self._central_count
        self._central_count += 1
        entries = self._listing.entries
        if version >= 45 or 0xFFFFFFFF in (csize, usize, offset):
            raise _fail("bundle.zip64")
        raw_name = bytes(self._buf[46 : 46 + nlen])
        _check_extra(bytes(self._buf[46 + nlen : 46 + nlen + elen]))
        name = raw_name.decode("utf-8", "replace")
        if idx >= len(entries):
            raise _fail("bundle.central_mismatch", name=name)
        e = entries[idx]
        ftype = (eattr >> 16) & _S_IFMT
        if ftype not in (0, _S_IFREG):
            raise _fail("bundle.special_entry", name=e.name)
        if (raw_name != e.name.encode("utf-8") or offset != e.offset or csize != e.size
                or usize != e.size or crc != e.crc32 or (flags, method) != self._locals_flags[idx]
                or clen != 0 or disk != 0):
            raise _fail("bundle.central_mismatch", name=e.name)
        self._buf.clear()
        self._state = "sig"

    def _on_eocd(self) -> None:
        _sig, disk, cd_disk, n_disk, n_total, cd_size, cd_offset, clen = struct.unpack(
            EOCD_FMT, self._buf)
        if not self._listing.entries and self._central_start < 0 and self._pos == 22:
            raise _fail("bundle.empty")
        if n_total == 0xFFFF or cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF:
            raise _fail("bundle.zip64")
        n = len(self._listing.entries)
        eocd_start = self._pos - 22
        cd_start = self._central_start if self._central_start >= 0 else eocd_start
        if (disk, cd_disk, clen) != (0, 0, 0) or n_disk != n or n_total != n \
                or self._central_count != n or cd_offset != cd_start \
                or cd_size != eocd_start - cd_start:
            raise _fail("bundle.central_mismatch", name="")
        if n == 0:
            raise _fail("bundle.empty")
        self._buf.clear()
        self._state = "done"


def _check_extra(extra: bytes) -> None:
    i = 0
    while i < len(extra):
        if i + 4 > len(extra):
            raise _fail("bundle.zip_corrupt", offset=-1)
        hid, hlen = struct.unpack_from("<HH", extra, i)
        if hid == 0x0001:
            raise _fail("bundle.zip64")
        if hid == 0x9901:
            raise _fail("bundle.encrypted_entry")
        i += 4 + hlen
    if i != len(extra):
        raise _fail("bundle.zip_corrupt", offset=-1)


def read_zip_stream(stream: BinaryIO, reader: StrictZipReader,
                    chunk_size: int = 1 << 20) -> ZipListing:
    """Pull mode: feed ``reader`` from ``stream`` until EOF and return the listing."""
    while True:
        chunk = stream.read(chunk_size)
        if not chunk:
            return reader.close()
        reader.feed(chunk)
