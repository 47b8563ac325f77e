# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The media members of a chat-export zip, read from memory without extracting anything to disk.

The parsers read the chat text out of the zip themselves; the import pipeline reads the media the
messages refer to through :class:`ChatArchive` (``names()``, ``read(name)``: the same calls as the
parsers' own zip reader, so either can serve).

WhatsApp and Telegram zips are DEFLATE archives written by phones, so the strict bundle reader
(:mod:`app.bundle.zipreader`, STORED only) cannot take them; this reader uses :mod:`zipfile` and
refuses, before any member is parsed (nothing partial), an archive with:

* more than :data:`MAX_MEMBERS` members, or a total declared size above :data:`MAX_TOTAL_BYTES`;
* a member name that is absolute, has a drive letter, a backslash, a ``..`` component, a control
  or bidi-override character, or that repeats another after NFC normalisation and case folding;
* a symbolic link (Unix mode in ``external_attr``) or an encrypted member.

Members are read one at a time, on demand, each through a bounded read: a member that inflates
past its declared size or past :data:`MAX_MEMBER_BYTES` (a zip bomb) stops the read with
``chat.zip_bomb``. Only names are listed up front, so 2,000 photos are never all in memory.
"""

from __future__ import annotations

import io
import stat
import unicodedata
import zipfile

from app.errors import InputRejected

MAX_MEMBERS = 50_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 8 * 1024 ** 3
_READ = 1024 * 1024
_BAD_CHARS = {chr(c) for c in range(32)} | {"\x7f", "\u202a", "\u202b", "\u202c", "\u202d",
                                           "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def _check_name(name: str) -> None:
    parts = name.split("/")
    if (name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":")
            or any(p == ".." for p in parts) or _BAD_CHARS & set(name)):
        raise InputRejected("chat.zip_unsafe_name", name=name.encode("unicode_escape").decode())


class ChatArchive:
    """A validated chat zip: names listed at once (directories left out), bytes read on demand."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InputRejected("chat.zip_unreadable", reason=type(exc).__name__) from exc
        if len(infos) > MAX_MEMBERS:
            raise InputRejected("chat.zip_too_many", count=len(infos), limit=MAX_MEMBERS)
        seen: set[str] = set()
        self._infos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            _check_name(info.filename)
            folded = unicodedata.normalize("NFC", info.filename).casefold()
            if folded in seen:
                raise InputRejected("chat.zip_duplicate", name=info.filename)
            seen.add(folded)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InputRejected("chat.zip_special_member", name=info.filename)
            if info.flag_bits & 0x1:
                raise InputRejected("chat.zip_encrypted", name=info.filename)
            if info.is_dir():
                continue
            total += info.file_size
            if total > MAX_TOTAL_BYTES or info.file_size > MAX_MEMBER_BYTES:
                raise InputRejected("chat.zip_bomb", name=info.filename, limit=MAX_MEMBER_BYTES)
            self._infos[info.filename] = info

    def names(self) -> list[str]:
        return list(self._infos)

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """One member's bytes, bounded by its declared size and :data:`MAX_MEMBER_BYTES`."""
        info = self._infos.get(name)
        if info is None:
            raise InputRejected("chat.zip_missing_member", name=name)
        out = bytearray()
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(_READ):
                    out += chunk
                    if len(out) > info.file_size or len(out) > MAX_MEMBER_BYTES:
                        raise InputRejected("chat.zip_bomb", name=name, limit=MAX_MEMBER_BYTES)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise InputRejected("chat.zip_unreadable", reason=type(exc).__name__) from exc
        return bytes(out)

