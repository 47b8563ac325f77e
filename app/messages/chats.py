# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages for chat exports (``chat.*`` codes raised by :mod:`app.chats`): refused exports and
the warnings a parsed export carries (``ChatExport.warnings``).

Placeholders are the named parameters of the ``InputRejected`` that carries the code.
"""

from app.i18n import N_

MESSAGES = {
    "chat.not_a_chat": N_("This file is not a WhatsApp or Telegram chat export that can be read."),
    "chat.not_whatsapp": N_(
        "This file is not a WhatsApp chat export: no line starts with a date and time the way "
        "WhatsApp writes them."
    ),
    "chat.bad_encoding": N_(
        "This chat export cannot be read as text (invalid character at byte {offset}). "
        "WhatsApp and Telegram write UTF-8; the file may be damaged or not a chat export."
    ),
    "chat.too_many_messages": N_(
        "This chat export has too many messages to import safely (the limit is {limit})."
    ),
    "chat.message_too_long": N_(
        "A message in this chat export (line {line}) is longer than {limit} characters, more "
        "than the apps allow. The file may be damaged or crafted; nothing was imported."
    ),
    "chat.too_large": N_(
        "The part {name} of this chat export is too large to read safely (the limit is {limit} "
        "bytes)."
    ),
    "chat.no_chat_text": N_(
        "This zip file holds no WhatsApp chat text (_chat.txt or \"WhatsApp Chat with ….txt\"), "
        "or more than one."
    ),
    "chat.zip_method": N_(
        "The file {name} in this zip is compressed in a way that is not supported."
    ),
    "chat.bad_json": N_(
        "This Telegram export (result.json) is not valid JSON ({reason}). It may be cut off."
    ),
    "chat.json_too_deep": N_(
        "This Telegram export is nested too deeply to read safely (the limit is {limit} levels)."
    ),
    "chat.bad_telegram": N_(
        "This Telegram export does not have the expected shape ({reason})."
    ),
    "chat.choose_chat": N_(
        "This is a whole-account Telegram export with {count} chats. Choose the chat to import."
    ),
    "chat.no_such_chat": N_("This Telegram export has no chat number {chat}."),
    "chat.no_messages": N_("This Telegram export contains no messages."),
    "chat.too_many_files": N_(
        "This Telegram export has too many pages (messages*.html) to read safely (the limit is "
        "{limit})."
    ),
    # warnings carried by a parsed export (ChatExport.warnings)
    "chat.ambiguous_dates": N_(
        "The dates in this export could be read day-first or month-first; they were read in the "
        "order that keeps the messages in sequence. Check a few dates against the phone."
    ),
    "chat.leading_text": N_(
        "This export starts with text that is not a message; it was kept as a note at the top."
    ),
}
