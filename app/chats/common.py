# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What every chat-export parser shares: limits, decoding, links, mentions, hashtags, media kinds.

Invariants: nothing here touches the disk; every failure is an :class:`app.errors.InputRejected`
with a ``chat.*`` code (sentences in :mod:`app.messages.chats`); every loop is bounded by the input
size and every regular expression is linear (no nested quantifiers), so a hostile export costs at
most linear time.

Untrusted text policy (issue 14, "control and bidi-override characters in names"): message text and
author names are kept **as exported**, including control characters and bidi overrides (they are
part of the evidence). Only the markers the exporting app adds around its own framing (the
U+200E/U+200F marks around dates, before media and system lines) are removed by the parsers.
Display goes through :func:`display_text` (:func:`app.textsafety.clean_untrusted`), never the raw
value.
"""

from __future__ import annotations

import functools
import gc
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from app.errors import InputRejected
from app.textsafety import clean_untrusted

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChatLimits:
    """Caps applied while parsing. The caller has already capped the file size."""

    max_messages: int = 500_000
    max_message_chars: int = 100_000     # WhatsApp allows 65,536 characters, Telegram 4,096
    max_author_chars: int = 200
    max_json_bytes: int = 512 * 1024 * 1024
    max_html_files: int = 10_000
    # zip exports
    max_members: int = 50_000
    max_total_uncompressed: int = 8 * 1024 * 1024 * 1024
    max_ratio: int = 200                  # uncompressed / compressed, for members over 1 MiB
    max_text_member: int = 256 * 1024 * 1024  # the chat .txt / result.json / messages.html
    max_member: int = 256 * 1024 * 1024   # any one member (a video) read into memory


DEFAULT_LIMITS = ChatLimits()


P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with the cyclic garbage collector paused (and resumed after, if it ran).

    A parse allocates hundreds of thousands of small objects that all stay alive (the messages),
    so the collector's generational passes rescan them again and again for nothing: 1.6 of the
    4.8 CPU seconds of a 100,000-message Telegram HTML parse. The parsers make no reference
    cycles; reference counting still frees every temporary at once."""
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()
    return run


def rejected(code: str, **params: object) -> InputRejected:
    return InputRejected(code, **params)


def decode_text(data: bytes, what: str = "chat") -> str:
    """Bytes of a text export → str. UTF-8 (with or without BOM) or UTF-16 with BOM; anything else
    is refused with ``chat.bad_encoding`` (the offset of the first bad byte as parameter)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        codec = "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        codec = "utf-8"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise rejected("chat.bad_encoding", what=what, offset=exc.start) from None


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,4000}",
                  re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@.])@[\w][\w.]{0,63}")
_HASHTAG = re.compile(r"(?<![\w#&])#[^\W\d_][\w]{0,99}|(?<![\w#&])#\d+[^\W\d][\w]{0,99}")
_TRAIL = ".,;:!?)]}'\"»،؛؟…"


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def extract_links(text: str) -> tuple[str, ...]:
    """URLs in ``text`` (http, https, www.), trailing punctuation removed, first-seen order."""
    if "://" not in text and "www." not in text and "WWW." not in text:
        return ()
    out = []
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(_TRAIL)
        if len(url) > 7:
            out.append(url)
    return _unique(out)


def extract_mentions(text: str) -> tuple[str, ...]:
    """``@name`` / ``@15551234567`` mentions (not e-mail addresses), without trailing dots."""
    if "@" not in text:
        return ()
    return _unique([m.group(0).rstrip(".") for m in _MENTION.finditer(text)])


def extract_hashtags(text: str) -> tuple[str, ...]:
    if "#" not in text:
        return ()
    return _unique([m.group(0) for m in _HASHTAG.finditer(text)])


def display_text(value: str, max_len: int = 100_000) -> str:
    """The sanitised form of an exported name or text for display: C0/C1 controls (but newline and
    tab) and bidi controls removed. The stored record keeps the value as exported."""
    return clean_untrusted(value, max_len)


_KIND_BY_EXT = {
    "jpg": "photo", "jpeg": "photo", "png": "photo", "heic": "photo", "gif": "photo",
    "mp4": "video", "mov": "video", "3gp": "video", "mkv": "video", "webm": "video",
    "opus": "voice", "ogg": "voice", "m4a": "audio", "mp3": "audio", "aac": "audio",
    "amr": "audio", "wav": "audio", "webp": "sticker", "tgs": "sticker",
}
_KIND_BY_TAG = (("-PHOTO-", "photo"), ("IMG-", "photo"), ("-VIDEO-", "video"), ("VID-", "video"),
                ("-AUDIO-", "voice"), ("PTT-", "voice"), ("AUD-", "audio"),
                ("-STICKER-", "sticker"), ("STK-", "sticker"), ("-GIF-", "video"),
                ("DOC-", "document"))


def kind_for_name(name: str) -> str:
    """photo | video | voice | audio | sticker | document, from a media file name."""
    upper = name.upper()
    for tag, kind in _KIND_BY_TAG:
        if tag in upper:
            return kind
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return _KIND_BY_EXT.get(ext, "document")
