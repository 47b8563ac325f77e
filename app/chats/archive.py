# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Safe reading of a chat export ``.zip`` (WhatsApp "Export chat" with media, a zipped Telegram
export folder), in memory only: the one zip reader of chat exports. The parsers read the chat text
through it, the import pipeline (:mod:`app.ingest.chat`) the media the messages refer to.

:class:`app.bundle.zipreader.StrictZipReader` reads only what Bayyina writes (STORED entries with
ASCII names), while WhatsApp writes DEFLATE members with Arabic and space-bearing names, so this
module checks the central directory itself (stdlib :mod:`zipfile` over the bytes, nothing extracted)
and reuses the bundle reader's name check for traversal. Refused, before anything is read, with an
:class:`~app.errors.InputRejected`:

* names with ``..``, absolute, drive letters, backslashes, control characters or bidi overrides
  (``chat.zip_unsafe_name``);
* symbolic links and other special members (``chat.zip_special_member``);
* duplicate names, also after NFC normalisation and case folding (``chat.zip_duplicate``);
* encrypted members (``chat.zip_encrypted``), compression other than stored/deflate
  (``chat.zip_method``);
* more than ``max_members`` members, a declared total above ``max_total_uncompressed`` or a member
  whose ratio exceeds ``max_ratio`` (``chat.zip_bomb``). Reads are capped at the declared size
  (zipfile stops there and checks the CRC), so overlapping members cannot inflate past the caps;
  a member is read in chunks and the read stops as soon as it passes its declared size or
  ``max_member`` (``chat.zip_bomb``). Only names are listed up front, so 2,000 photos are never
  all in memory.
"""

from __future__ import annotations

import io
import logging
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from app.bundle.zipreader import check_entry_name
from app.chats.common import DEFAULT_LIMITS, ChatLimits, rejected
from app.errors import VerificationFailed

log = logging.getLogger(__name__)

_ONE_MIB = 1 << 20
_BAD_CHARS = frozenset({chr(c) for c in range(32)} | {"\x7f", "\u202a", "\u202b", "\u202c",
                                                     "\u202d", "\u202e", "\u2066", "\u2067",
                                                     "\u2068", "\u2069"})


@dataclass(frozen=True)
class Member:
    name: str        # path inside the zip, "/" separated
    size: int        # uncompressed size as declared (and enforced when read)


class ExportZip:
    """A validated export zip. Members are listed at once; their bytes are read on demand."""

    def __init__(self, data: bytes | BinaryIO, limits: ChatLimits = DEFAULT_LIMITS) -> None:
        """``data``: the zip's bytes, or a seekable binary file holding it (an export above the
        in-memory limit is read from its file, one member at a time: memory stays flat)."""
        self._limits = limits
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
            infos = self._zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError,
                NotImplementedError, OverflowError) as exc:
            raise rejected("chat.zip_unreadable", reason=type(exc).__name__) from None
        if len(infos) > limits.max_members:
            raise rejected("chat.zip_bomb", limit=limits.max_members)
        self.members: list[Member] = []
        self._by_name: dict[str, zipfile.ZipInfo] = {}
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = _check_name(info)
            ftype = stat.S_IFMT((info.external_attr >> 16) & 0xFFFF)
            if info.is_dir() or ftype == stat.S_IFDIR:
                continue
            if ftype not in (0, stat.S_IFREG):  # 0: no Unix type (Android, Windows writers)
                raise rejected("chat.zip_special_member", name=name)
            if info.flag_bits & 0x1:
                raise rejected("chat.zip_encrypted", name=name)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise rejected("chat.zip_method", name=name, method=info.compress_type)
            key = unicodedata.normalize("NFC", name).casefold()
            if key in seen:
                raise rejected("chat.zip_duplicate", name=name)
            seen.add(key)
            total += info.file_size
            if total > limits.max_total_uncompressed:
                raise rejected("chat.zip_bomb", limit=limits.max_total_uncompressed)
            if info.file_size > _ONE_MIB and info.file_size > limits.max_ratio * max(
                    info.compress_size, 1):
                raise rejected("chat.zip_bomb", limit=limits.max_ratio)
            self.members.append(Member(name, info.file_size))
            self._by_name[name] = info

    def names(self) -> list[str]:
        return [m.name for m in self.members]

    def size(self, name: str) -> int:
        """The declared (and, when read, enforced) uncompressed size of member ``name``."""
        info = self._by_name.get(name)
        return info.file_size if info is not None else 0

    @property
    def max_member(self) -> int:
        return self._limits.max_member

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def read(self, name: str, max_size: int | None = None) -> bytes:
        """The bytes of one member (refused when larger than ``max_size``, else than the limits'
        ``max_member``), read in chunks that stop at the declared size; CRC-checked."""
        info = self._by_name.get(name)
        if info is None:
            raise rejected("chat.zip_missing_member", name=name)
        if max_size is not None and info.file_size > max_size:
            raise rejected("chat.too_large", name=name, limit=max_size)
        cap = self._limits.max_member
        if info.file_size > cap:
            raise rejected("chat.zip_bomb", limit=cap)
        out = bytearray()
        try:
            with self._zf.open(info) as fh:
                while chunk := fh.read(_ONE_MIB):
                    out += chunk
                    if len(out) > info.file_size:
                        raise rejected("chat.zip_bomb", limit=info.file_size)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError,
                NotImplementedError) as exc:
            raise rejected("chat.zip_unreadable", reason=type(exc).__name__) from None
        if len(out) != info.file_size:
            raise rejected("chat.zip_unreadable", reason="size")
        return bytes(out)


def _check_name(info: zipfile.ZipInfo) -> str:
    # zipfile already decoded the name (UTF-8 flag, else cp437) and turned "\" into "/" on
    # Windows-made archives; check the original form too so that a backslash never slips through.
    raw = info.orig_filename
    try:
        check_entry_name(raw.encode("utf-8"), max_len=1024)
        name = check_entry_name(info.filename.encode("utf-8"), max_len=1024)
    except (VerificationFailed, UnicodeEncodeError):
        raise rejected("chat.zip_unsafe_name", name=raw[:200]) from None
    if _BAD_CHARS & set(raw):
        raise rejected("chat.zip_unsafe_name", name=raw[:200].encode("unicode_escape").decode())
    if name.startswith("/") or "//" in name.rstrip("/"):
        raise rejected("chat.zip_unsafe_name", name=raw[:200])
    return name


def is_zip(data: bytes | BinaryIO) -> bool:
    """Whether ``data`` (bytes, or a seekable file, read from its start) begins as a zip."""
    if isinstance(data, bytes):
        return data[:4] == b"PK\x03\x04"
    data.seek(0)
    head = data.read(4)
    data.seek(0)
    return head == b"PK\x03\x04"
