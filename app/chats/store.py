# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A parsed chat export in the vault: the chat row, one row per message, its attachments, the
authors as accounts of the platform, and the messages in the search index — in the caller's one
write transaction (the pipeline's item transaction), so a chat is stored whole or not at all.

Times: ``sent_at`` is the time as the export wrote it (ISO 8601, no offset). ``sent_utc``
(``YYYY-MM-DDTHH:MM:SSZ``) is computed from the message's own offset when the export carried one
(Telegram), else from the chat's offset: given by the defender (``offset_source`` ``given``) or,
when she gave none, the offset of this computer at import, recorded as an assumption
(``assumed-local``: shown by ``show``, in the custody entry, and correctable with
:func:`set_offset`). Refusing the import instead would lose the evidence for a missing detail.

Per-message hash: ``sha256`` of the canonical JSON (:func:`app.vault.custody.canonical_json`) of
the export's SHA-256 and the message's fields as parsed (:func:`message_record`). It binds each
cited message to the sealed export: anyone holding the export can parse it and recompute it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from app.cases.people import ensure_account
from app.cases.textnorm import document
from app.chats.model import ChatExport, Message
from app.errors import AppError, UsageError
from app.textsafety import clean_untrusted
from app.vault import Tx, Vault
from app.vault.custody import canonical_json

OFFSET_SOURCES = ("export", "given", "assumed-local")
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-\u2212])(\d{1,2})(?::?(\d{2}))?$")
_MAX_OFFSET_MINUTES = 14 * 60


def parse_offset(untrusted: str) -> str:
    """``+3``, ``+03:00``, ``UTC+0300``, ``-05:30``, ``Z`` → the canonical ``±HH:MM``.

    Raises:
        UsageError: ``chat.bad_offset``.
    """
    text = untrusted.strip().upper()
    if text in ("Z", "UTC", "GMT"):
        return "+00:00"
    match = _OFFSET.match(text)
    if not match:
        raise UsageError("chat.bad_offset", offset=untrusted)
    sign = "-" if match.group(1) in "-\u2212" else "+"
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if minutes >= 60 or hours * 60 + minutes > _MAX_OFFSET_MINUTES:
        raise UsageError("chat.bad_offset", offset=untrusted)
    return f"{sign}{hours:02d}:{minutes:02d}"


def offset_delta(offset: str) -> timedelta:
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = offset[1:].split(":")
    return sign * timedelta(hours=int(hours), minutes=int(minutes))


def local_offset() -> str:
    delta = datetime.now().astimezone().utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(frozen=True)
class ChatOffset:
    """The exporter's offset for an export that carries none, and where it came from."""

    value: str | None
    source: str

    @staticmethod
    def choose(export: ChatExport, given: str | None) -> ChatOffset:
        if export.has_offset:
            return ChatOffset(None, "export")
        if given:
            return ChatOffset(parse_offset(given), "given")
        return ChatOffset(local_offset(), "assumed-local")


def _times(message: Message, offset: str | None) -> tuple[str | None, str | None]:
    sent = message.sent_at
    if sent is None:
        return None, None
    if sent.tzinfo is not None:
        local = sent.replace(tzinfo=None).isoformat(timespec="seconds")
        return local, sent.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    local = sent.isoformat(timespec="seconds")
    if offset is None:
        return local, None
    aware = sent.replace(tzinfo=timezone(offset_delta(offset)))
    return local, aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def message_record(export_sha256: str, message: Message, sent_at: str | None) -> dict[str, Any]:
    """The fields a message's hash covers (also the excerpt's message record)."""
    return {"export_sha256": export_sha256, "index": message.index, "sent_at": sent_at,
            "author": message.author, "author_id": message.author_id, "text": message.text,
            "kind": message.kind, "reply_to": message.reply_to,
            "forwarded_from": message.forwarded_from, "edited": message.edited,
            "deleted": message.deleted, "attachments": [a.name for a in message.attachments]}


def message_hash(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(record)).hexdigest()


def author_handle(untrusted_author: str) -> str:
    """The account handle an author becomes: controls and bidi overrides removed, one line."""
    return " ".join(clean_untrusted(untrusted_author, 200).split())


def _author_accounts(tx: Tx, export: ChatExport) -> dict[str, int]:
    accounts: dict[str, int] = {}
    for message in export.messages:
        author = message.author
        if author is None or author in accounts or message.kind == "system":
            continue
        handle = author_handle(author)
        if not handle.lstrip("@").strip():
            continue
        account, _created = ensure_account(tx, export.platform, handle, display_name=handle,
                                           numeric_id=message.author_id)
        accounts[author] = int(account.id)
    return accounts


def store_chat(tx: Tx, item_id: int, export_sha256: str, export: ChatExport, offset: ChatOffset,
               media: dict[str, int]) -> int:
    """Store ``export`` as the chat of item ``item_id`` (already inserted in ``tx``).

    ``media`` maps an attachment's ``member`` to the item it became. Returns the message count.
    """
    if offset.source not in OFFSET_SOURCES:
        raise ValueError(offset.source)
    period = export.period()
    accounts = _author_accounts(tx, export)
    tx.execute("INSERT INTO chats (item_id, platform, title, source_format, participants, "
               "period_from, period_to, message_count, utc_offset, offset_source, warnings) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (item_id, export.platform, export.title, export.source_format,
                canonical_json(export.participants).decode(),
                period[0].isoformat() if period else None,
                period[1].isoformat() if period else None, len(export.messages), offset.value,
                offset.source, canonical_json(export.warnings).decode()))
    rows, bodies = [], []
    for m in export.messages:
        local, utc = _times(m, offset.value)
        extra = {k: v for k, v in (("reactions", [list(r) for r in m.reactions]),
                                   ("links", list(m.links)), ("mentions", list(m.mentions)),
                                   ("hashtags", list(m.hashtags))) if v}
        rows.append((item_id, m.index, local, utc, m.author, m.author_id,
                     accounts.get(m.author or ""), m.text, m.kind, m.source_id, m.reply_to,
                     m.forwarded_from, int(m.edited), int(m.deleted), int(bool(m.attachments)),
                     canonical_json(extra).decode(),
                     message_hash(message_record(export_sha256, m, local))))
        bodies.append(document(m.text, m.author, m.forwarded_from,
                               *(a.name for a in m.attachments)))
    tx.conn.executemany(
        "INSERT INTO chat_messages (item_id, idx, sent_at, sent_utc, author, author_id, "
        "account_id, text, kind, source_id, reply_to, forwarded_from, edited, deleted, "
        "has_media, extra, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows)
    ids = dict(tx.execute("SELECT idx, id FROM chat_messages WHERE item_id = ?",
                          (item_id,)).fetchall())
    tx.conn.executemany("INSERT INTO chat_fts (rowid, body) VALUES (?, ?)",
                        [(ids[m.index], body) for m, body in zip(export.messages, bodies,
                                                                strict=True) if body])
    tx.conn.executemany(
        "INSERT INTO chat_attachments (message_id, position, name, member, kind, linked_item_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(ids[m.index], pos, a.name, a.member, a.kind, media.get(a.member or ""))
         for m in export.messages for pos, a in enumerate(m.attachments)])
    for account_id in sorted(set(accounts.values())):
        tx.execute("INSERT OR IGNORE INTO item_accounts (item_id, account_id) VALUES (?, ?)",
                   (item_id, account_id))
    tx.execute("UPDATE items SET platform = ?, description = ? WHERE id = ?",
               (export.platform, export.title or None, item_id))
    return len(export.messages)


def set_offset(vault: Vault, item_id: int, untrusted_offset: str) -> str:
    """Correct the exporter's offset of a chat whose export carried none; recomputes every
    message's UTC time in one transaction with a ``chat.offset`` custody entry."""
    offset = parse_offset(untrusted_offset)
    with vault.write() as tx:
        row = tx.execute("SELECT c.utc_offset, c.offset_source, i.uuid FROM chats c JOIN items i "
                         "ON i.id = c.item_id WHERE c.item_id = ?", (item_id,)).fetchone()
        if row is None:
            raise AppError("chat.not_a_chat_item", item=item_id)
        if row[1] == "export":
            raise AppError("chat.offset_in_export", item=item_id)
        delta = offset_delta(offset)
        updates = []
        for mid, sent in tx.execute("SELECT id, sent_at FROM chat_messages WHERE item_id = ? "
                                    "AND sent_at IS NOT NULL", (item_id,)).fetchall():
            instant = datetime.fromisoformat(sent) - delta
            updates.append((instant.strftime("%Y-%m-%dT%H:%M:%SZ"), mid))
        tx.conn.executemany("UPDATE chat_messages SET sent_utc = ? WHERE id = ?", updates)
        tx.execute("UPDATE chats SET utc_offset = ?, offset_source = 'given' WHERE item_id = ?",
                   (offset, item_id))
        tx.custody("chat.offset", [f"item:{row[2]}"],
                   {"before": row[0], "before_source": row[1], "after": offset})
    return offset
