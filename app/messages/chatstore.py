# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Messages for chat exports on the vault side (``chat.*`` codes of :mod:`app.chats.store`,
:mod:`app.chats.archive`, :mod:`app.chats.entry` and :mod:`app.chats.excerpt`)."""

from app.i18n import N_

MESSAGES = {
    "chat.bad_offset": N_(
        "“{offset}” is not a time offset. Give the offset of the phone that exported the chat "
        "from UTC, for example +03:00 or -05:00."
    ),
    "chat.zip_unsafe_name": N_(
        "This chat export contains a file named “{name}” that points outside the export. "
        "Nothing was imported."
    ),
    "chat.zip_special_member": N_(
        "This chat export contains a link or a special file (“{name}”). Nothing was imported."
    ),
    "chat.zip_duplicate": N_(
        "This chat export contains two files named “{name}”. Nothing was imported."
    ),
    "chat.zip_encrypted": N_(
        "This chat export contains an encrypted file (“{name}”). Nothing was imported."
    ),
    "chat.zip_bomb": N_(
        "This chat export unpacks to far more data than it holds (limit {limit}); it may be "
        "crafted to fill the disk. Nothing was imported."
    ),
    "chat.zip_unreadable": N_("This chat export is damaged and cannot be read ({reason})."),
    "chat.zip_missing_member": N_("The file “{name}” is not in this chat export."),
    "chat.unknown_format": N_("This kind of chat export ({format}) cannot be read yet."),
    "chat.not_a_chat": N_("“{name}” is not a chat export that can be read."),
    "chat.not_a_chat_item": N_("Item {item} is not a chat."),
    "chat.offset_in_export": N_(
        "The export of chat item {item} gives the time of each message; it cannot be changed."
    ),
    "chat.no_messages_selected": N_("Select at least one message of the chat."),
    "chat.unknown_message": N_("Chat item {item} has no message number {index}."),
    "chat.bad_selection": N_(
        "“{selection}” is not a list of message numbers (for example 12,15-18)."
    ),
    # a received excerpt (or a whole chat's transcript) that does not prove itself
    "chat.excerpt_malformed": N_(
        "The chat excerpt in this bundle is not one this app writes ({reason}); it was kept "
        "aside, not as a clean copy."
    ),
    "chat.excerpt_not_canonical": N_(
        "The chat excerpt in this bundle holds more than its messages (it is not in its one "
        "exact form); it was kept aside, not as a clean copy."
    ),
    "chat.excerpt_hash_mismatch": N_(
        "Message {index} of the chat excerpt in this bundle does not match its own hash: it was "
        "changed after it was cut. The excerpt was kept aside, not as a clean copy."
    ),
    "chat.excerpt_not_of_export": N_(
        "The transcript of the chat in this bundle is not the transcript of the export that came "
        "with it; it was kept aside, not as a clean copy."
    ),
}
