# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Chat exports (WhatsApp "Export chat", Telegram Desktop "Export chat history") as evidence.

:mod:`app.chats.model` is the contract between the parsers (``whatsapp``, ``telegram``: bytes in,
a :class:`~app.chats.model.ChatExport` out, nothing written anywhere) and the vault side (``store``:
the sealed export as one chat item, each message a record, media through the normal import).
"""
