# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 10: chat exports as evidence (issue 14).

* ``items.kind`` also allows ``chat`` (a sealed WhatsApp / Telegram export, the original of one
  item) and ``excerpt`` (the messages a defender selected, as their own item: tagged, reported,
  bundled and cited like any other item). The CHECK is widened as in version 8: schema text only.
* ``chats``: one row per chat item — platform, title, source format, participants (JSON), period,
  message count and the exporter's UTC offset (``utc_offset`` ``+03:00``) with where it came from
  (``offset_source``: ``export`` | ``given`` | ``assumed-local``).
* ``chat_messages``: one row per message, ``idx`` its position in the export. ``sent_at`` is the
  time as the export wrote it (ISO, no offset); ``sent_utc`` (``…Z``) is set when the offset is
  known. ``sha256`` is the hash of the message's canonical form (:mod:`app.chats.store`).
  ``account_id`` links the author to an account of the platform.
* ``chat_attachments``: the media a message refers to; ``linked_item_id`` is the item the file
  became when the export included it (NULL: a reference to media not included).
* ``chat_excerpts``: which chat and which messages an excerpt item was cut from.
* ``chat_fts``: contentless FTS5 over message text and author (rowid = ``chat_messages.id``), kept
  in the write transaction like ``item_fts``.

Every statement is ``IF NOT EXISTS``: a vault put back to an older version runs the step again.
"""

from __future__ import annotations

from typing import Any

VERSION = 10

OLD = ("kind TEXT NOT NULL CHECK (kind IN ('image', 'attachment', 'video', 'audio', "
       "'document'))")
NEW = ("kind TEXT NOT NULL CHECK (kind IN ('image', 'attachment', 'video', 'audio', "
       "'document', 'chat', 'excerpt'))")

SQL = """
CREATE TABLE IF NOT EXISTS chats (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    source_format TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '[]',
    period_from TEXT,
    period_to TEXT,
    message_count INTEGER NOT NULL,
    utc_offset TEXT,
    offset_source TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE IF NOT EXISTS chat_messages (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    sent_at TEXT,
    sent_utc TEXT,
    author TEXT,
    author_id TEXT,
    account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    text TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'message',
    source_id TEXT,
    reply_to INTEGER,
    forwarded_from TEXT,
    edited INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    has_media INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}',
    sha256 TEXT NOT NULL,
    UNIQUE (item_id, idx)
);
CREATE INDEX IF NOT EXISTS chat_messages_sent ON chat_messages(item_id, sent_at);
CREATE INDEX IF NOT EXISTS chat_messages_account ON chat_messages(account_id);

CREATE TABLE IF NOT EXISTS chat_attachments (
    message_id INTEGER NOT NULL REFERENCES chat_messages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    member TEXT,
    kind TEXT NOT NULL DEFAULT '',
    linked_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS chat_attachments_item ON chat_attachments(linked_item_id);

CREATE TABLE IF NOT EXISTS chat_excerpts (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    chat_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
    chat_sha256 TEXT NOT NULL,
    selected TEXT NOT NULL,
    context INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chat_excerpts_chat ON chat_excerpts(chat_item_id);

CREATE VIRTUAL TABLE IF NOT EXISTS chat_fts USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
"""


def migrate(conn: Any) -> None:
    from app.vault.migrations import rewrite_table_schema

    rewrite_table_schema(conn, "items", OLD, NEW, VERSION)
