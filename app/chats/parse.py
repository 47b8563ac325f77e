# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""One entry point for the vault side: bytes of a detected chat export → :class:`ChatExport`.

``parse_export(name, data)`` detects the format (:func:`app.chats.detect.detect`) unless given and
calls the parser; it raises :class:`app.errors.InputRejected` (``chat.*``) or returns a complete
export — never a partial one.
"""

from __future__ import annotations

import logging
from typing import BinaryIO

from app.chats import telegram, whatsapp
from app.chats.common import DEFAULT_LIMITS, ChatLimits, rejected
from app.chats.detect import detect
from app.chats.model import ChatExport

log = logging.getLogger(__name__)


def parse_export(name: str, data: bytes | BinaryIO, fmt: str | None = None,
                 limits: ChatLimits = DEFAULT_LIMITS, chat: int | None = None) -> ChatExport:
    """Parse one export file.

    Args:
        name: the file's name (the WhatsApp chat title comes from it).
        data: the file's bytes, already size-checked.
        fmt: the format from :func:`detect` (detected again when None).
        limits: caps.
        chat: for a Telegram full-account ``result.json``, the index of the chat to parse
            (:func:`app.chats.telegram.list_chats` lists them).

    Raises:
        InputRejected: ``chat.not_a_chat`` when the content is no chat export we know, or the
            parser's refusal.
    """
    fmt = fmt or detect(name, data)
    if fmt == "whatsapp-zip":
        return whatsapp.parse_zip(data, name, limits)
    if fmt == "telegram-zip":
        return telegram.parse_zip(data, limits, chat=chat)
    if not isinstance(data, bytes):  # a file is read whole only as a zip, member by member
        raise rejected("chat.not_a_chat")
    if fmt == "whatsapp-txt":
        return whatsapp.parse_txt(data, name, limits)
    if fmt == "telegram-json":
        return telegram.parse_json(data, limits, chat=chat)
    if fmt == "telegram-html":
        return telegram.parse_html([data], limits)
    raise rejected("chat.not_a_chat")
