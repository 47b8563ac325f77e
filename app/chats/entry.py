# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The one door from the import pipeline to the chat-export parsers.

The signatures this module expects from the parsers (written in ``app.chats.detect``,
``app.chats.whatsapp`` and ``app.chats.telegram``, imported lazily here so that the vault side
works, and is tested, before they exist):

* ``app.chats.detect.detect(name: str, data: bytes) -> str | None`` — the ``source_format``
  (``whatsapp-android-txt``, ``whatsapp-ios-txt``, ``telegram-json``, ``telegram-html``) of a
  file or a zip (``data`` the whole file, already size-checked by the pipeline), or None when it is
  no chat export. It must be cheap and never raise for "not a chat".
* ``app.chats.whatsapp.parse(name: str, data: bytes, source_format: str) -> ChatExport`` and
  ``app.chats.telegram.parse(...)`` alike; a zip's text member is read by the parser, and every
  included medium is named by its zip member path in ``Attachment.member``. They raise
  :class:`app.errors.AppError` for a chat export that cannot be read (nothing partial).

So :func:`parse` here is ``parse(name: str, data: bytes, source_format: str | None = None) ->
ChatExport``.
The entry points are looked up through :data:`PARSERS` (tests may put a small fixture parser in
it; nothing else does).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import BinaryIO

from app.chats.model import ChatExport
from app.errors import InputRejected

Data = bytes | BinaryIO  # or a file: a zip too large to read into memory (read member by member)
Detector = Callable[[str, Data], "str | None"]
Parser = Callable[[str, Data, str], ChatExport]

#: Overrides: ``"detect"`` → a detector, a source-format prefix (``"whatsapp"``) → a parser.
PARSERS: dict[str, Callable[..., object]] = {}


def _detector() -> Detector | None:
    if "detect" in PARSERS:
        return PARSERS["detect"]  # type: ignore[return-value]
    try:
        module = importlib.import_module("app.chats.detect")
    except ImportError:  # the parsers are not installed in this build yet
        return None
    return getattr(module, "detect", None)


def _parser(source_format: str) -> Parser:
    platform = source_format.partition("-")[0]
    if platform in PARSERS:
        return PARSERS[platform]  # type: ignore[return-value]
    if platform not in ("whatsapp", "telegram"):
        raise InputRejected("chat.unknown_format", format=source_format)
    module = importlib.import_module("app.chats.parse")

    def parse_fn(name: str, data: Data, fmt: str) -> ChatExport:
        export: ChatExport = module.parse_export(name, data, fmt)
        return export
    return parse_fn


def recognise(name: str, data: Data) -> str | None:
    """The export's source format, or None when ``data`` is no chat export (or no parser)."""
    detect = _detector()
    return detect(name, data) if detect is not None else None


def parse(name: str, data: Data, source_format: str | None = None) -> ChatExport:
    """Parse a chat export (``source_format`` from :func:`recognise`, detected when None)."""
    fmt = source_format or recognise(name, data)
    if fmt is None:
        raise InputRejected("chat.not_a_chat", name=name)
    export = _parser(fmt)(name, data, fmt)
    if not isinstance(export, ChatExport):
        raise TypeError("a chat parser must return a ChatExport")
    return export
