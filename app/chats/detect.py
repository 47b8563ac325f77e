# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Recognise a chat export by its content, never by its extension, cheaply.

:func:`detect` looks at the first 64 KiB of a text file or at the member names of a zip (the
central directory only, nothing decompressed), so the import pipeline can call it on every file.
It never raises: anything unreadable is simply "not a chat export" (``None``).

Formats: ``whatsapp-txt``, ``whatsapp-zip``, ``telegram-json``, ``telegram-html``,
``telegram-zip``. :func:`app.chats.parse.parse_export` turns a detected file into a
:class:`~app.chats.model.ChatExport`.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from typing import BinaryIO

from app.chats.archive import is_zip
from app.chats.whatsapp import find_chat_member, sniff_platform

log = logging.getLogger(__name__)

HEAD_BYTES = 64 * 1024
FORMATS = ("whatsapp-txt", "whatsapp-zip", "telegram-json", "telegram-html", "telegram-zip")
_TG_JSON = re.compile(rb'^\s*\{\s*"(?:name|type|id|about|personal_information|chats|'
                      rb'left_chats|contacts|frequent_contacts|profile_pictures)"\s*:')
_TG_JSON_KEYS = re.compile(rb'"(?:messages|chats|date_unixtime|from_id|text_entities)"\s*:')
_TG_HTML = re.compile(rb'<div class="page_wrap">|<div class="message (?:default|service)'
                      rb'|<div class="history">')
_TG_MEMBER = re.compile(r"(?:^|/)(?:result\.json|messages\d*\.html)$")


def _head_text(data: bytes) -> str | None:
    head = data[:HEAD_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head[: HEAD_BYTES & ~1].decode("utf-16", "ignore")
        except UnicodeDecodeError:
            return None
    return head.decode("utf-8", "ignore")  # the cut may split a character; the full parse checks


def detect(name: str, data: bytes | BinaryIO) -> str | None:
    """The chat-export format of ``data`` (see :data:`FORMATS`), or None. ``data`` may be a
    seekable binary file holding a zip (an export too large to read into memory).

    ``name`` is only used to tell ``result.json``/``messages.html`` apart inside zips; a file
    named ``chat.txt`` that is not a chat export is not one.
    """
    del name  # content decides; the parameter keeps the pipeline's call shape
    if not isinstance(data, bytes):
        return _detect_zip(data) if is_zip(data) else None
    if data[:4] == b"PK\x03\x04":
        return _detect_zip(data)
    head = data[:HEAD_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] == b"{":
        if _TG_JSON.match(head) and _TG_JSON_KEYS.search(head):
            return "telegram-json"
        return None
    if head[:1] == b"<" or head[:9].lower() == b"<!doctype":
        return "telegram-html" if _TG_HTML.search(head) else None
    text = _head_text(data)
    if text is not None and sniff_platform(text) is not None:
        return "whatsapp-txt"
    return None


def _detect_zip(data: bytes | BinaryIO) -> str | None:
    """Member names, then the first KiB of the one member that would be parsed."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        names = [i.filename for i in zf.infolist()[:100_000]]
        tg = sorted((n for n in names if _TG_MEMBER.search(n)), key=lambda n: (n.count("/"), n))
        if tg:
            fmt = detect(tg[0], _peek(zf, tg[0]))
            return "telegram-zip" if fmt in ("telegram-json", "telegram-html") else None
        chat = find_chat_member(names)
        if chat is not None and detect(chat, _peek(zf, chat)) == "whatsapp-txt":
            return "whatsapp-zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
            NotImplementedError, OverflowError, RuntimeError, zlib.error):
        return None  # encrypted (RuntimeError), damaged: not recognised here; refused on parse
    return None


def _peek(zf: zipfile.ZipFile, member: str) -> bytes:
    with zf.open(member) as fh:
        return fh.read(HEAD_BYTES)
