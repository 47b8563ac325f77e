# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Excerpts: the messages a defender selected (a threat, a doxing post), cut from a chat as an item
of their own, so that she tags, reports, bundles and cites them without handing over the group.

Model: an excerpt is an item of kind ``excerpt``. Its original is the canonical JSON
(:func:`app.vault.custody.canonical_json`) of the selected messages plus ``context`` messages on
each side, each with its own hash, and the sealed export's SHA-256 and uuid — derived, never
edited, so the same selection gives the same bytes (a second identical excerpt is the same item).
It holds nothing hidden, so its clean copy (what bundles carry) is the same bytes.
Being an item, it takes every tag of :mod:`app.cases.tagging` (categories, perpetrator through
its accounts, notes, cases, platform reports) with no second tagging model; the selected
messages' authors are linked as its accounts, so bundle receipt joins them to the organisation's
accounts as it does for any item. ``posted_at`` is the first selected message's UTC time.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from app.cases import index
from app.chats.query import get_chat, messages_at
from app.errors import AppError, UsageError
from app.vault import Vault
from app.vault.blobs import write_blob
from app.vault.custody import canonical_json, utc_now
from app.vault.items import insert_item

FORMAT = "bayyina-chat-excerpt/1"
MAX_CONTEXT = 50
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def parse_selection(untrusted: str) -> list[int]:
    """``12,15-18`` → ``[12, 15, 16, 17, 18]``.

    Raises:
        UsageError: ``chat.bad_selection``.
    """
    out: list[int] = []
    for part in untrusted.split(","):
        match = _RANGE.match(part)
        if not match:
            raise UsageError("chat.bad_selection", selection=untrusted)
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if high < low or high - low > 100_000:
            raise UsageError("chat.bad_selection", selection=untrusted)
        out += range(low, high + 1)
    return sorted(set(out))


def excerpt_document(vault: Vault, chat_item_id: int, selected: list[int],
                     context: int) -> dict[str, Any]:
    """The excerpt's content: the chat's identity, the messages with their hashes."""
    chat = get_chat(vault, chat_item_id)
    if not selected:
        raise AppError("chat.no_messages_selected")
    context = max(0, min(int(context), MAX_CONTEXT))
    wanted = set(selected)
    found = {m.index for m in messages_at(vault, chat_item_id, selected)}
    for index_ in selected:
        if index_ not in found:
            raise AppError("chat.unknown_message", item=chat_item_id, index=index_)
    around = {i for s in selected for i in range(max(0, s - context), s + context + 1)}
    messages = []
    for m in messages_at(vault, chat_item_id, sorted(around)):
        messages.append({"index": m.index, "sent_at": m.sent_at, "sent_utc": m.sent_utc,
                         "author": m.author, "text": m.text, "kind": m.kind,
                         "reply_to": m.reply_to, "forwarded_from": m.forwarded_from,
                         "edited": m.edited, "deleted": m.deleted, "sha256": m.sha256,
                         "selected": m.index in wanted,
                         "attachments": [{"name": a.name, "item_id": a.item_id}
                                         for a in m.attachments]})
    return {"format": FORMAT,
            "chat": {"uuid": chat.uuid, "sha256": chat.sha256, "platform": chat.platform,
                     "title": chat.title, "source_format": chat.source_format,
                     "utc_offset": chat.utc_offset, "offset_source": chat.offset_source},
            "selected": selected, "context": context, "messages": messages}


def make_excerpt(vault: Vault, chat_item_id: int, selected: list[int] | tuple[int, ...], *,
                 context: int = 3) -> dict[str, Any]:
    """Cut an excerpt item from a chat (one transaction, custody entry ``chat.excerpt``).

    Returns ``{"item_id", "sha256", "created", "messages", "selected"}``; ``created`` is False
    when the same selection was cut before (its item is returned).
    """
    picked = sorted(set(int(i) for i in selected))
    doc = excerpt_document(vault, chat_item_id, picked, context)
    data = canonical_json(doc)
    sha = hashlib.sha256(data).hexdigest()
    chosen = [m for m in doc["messages"] if m["selected"]]
    result = {"sha256": sha, "messages": len(doc["messages"]), "selected": picked}
    with vault.write() as tx:
        again = tx.execute("SELECT id FROM items WHERE sha256 = ?", (sha,)).fetchone()
        if again:
            return {**result, "item_id": int(again[0]), "created": False}
        item_uuid = str(uuid.uuid4())
        chat = doc["chat"]
        item_id = insert_item(tx.conn, {
            "uuid": item_uuid, "sha256": sha, "size": len(data),
            "media_type": "application/json", "kind": "excerpt",
            "original_name": f"excerpt-{picked[0]}-{picked[-1]}.json",
            "import_method": "chat", "imported_at": utc_now(), "imported_utc_offset": 0,
            "metadata": {"excerpt": {"chat_sha256": chat["sha256"], "selected": picked,
                                     "context": doc["context"]}},
            "sanitized_sha256": sha, "sanitized_size": len(data),
            "sanitized_media_type": "application/json", "pixels_equal": True,
            "sanitizer": f"{FORMAT} (derived text, nothing hidden: the copy is the original)"})
        write_blob(tx.conn, item_id, "original", "application/json", data)
        # the clean copy bundles carry: the same bytes (only the selection and its context)
        write_blob(tx.conn, item_id, "sanitized", "application/json", data)
        first = chosen[0]
        tx.execute("UPDATE items SET platform = ?, posted_at = ?, posted_tz = ?, description = ?"
                   " WHERE id = ?", (chat["platform"], first["sent_utc"], chat["utc_offset"],
                                     "\n".join(m["text"] for m in chosen)[:2000] or None,
                                     item_id))
        tx.execute("INSERT INTO chat_excerpts (item_id, chat_item_id, chat_sha256, selected, "
                   "context) VALUES (?, ?, ?, ?, ?)",
                   (item_id, chat_item_id, chat["sha256"], canonical_json(picked).decode(),
                    doc["context"]))
        tx.execute("INSERT OR IGNORE INTO item_accounts (item_id, account_id) SELECT ?, "
                   "account_id FROM chat_messages WHERE item_id = ? AND account_id IS NOT NULL "
                   f"AND idx IN ({', '.join('?' * len(picked))})",
                   (item_id, chat_item_id, *picked))
        tx.custody("chat.excerpt", [f"item:{item_uuid}", f"item:{chat['uuid']}"],
                   {"sha256": sha, "chat_sha256": chat["sha256"], "selected": picked,
                    "context": doc["context"],
                    "message_sha256": {str(m["index"]): m["sha256"] for m in chosen}})
        index.reindex(tx.conn, [item_id])
    return {**result, "item_id": item_id, "created": True}


def excerpt_of(vault: Vault, item_id: int) -> dict[str, Any] | None:
    """The excerpt document of an excerpt item (None for other items)."""
    import json

    from app.vault.blobs import iter_blob

    if not vault.read("SELECT 1 FROM items WHERE id = ? AND kind = 'excerpt'", (item_id,)):
        return None
    doc: dict[str, Any] = json.loads(b"".join(iter_blob(vault.conn, item_id, "original")))
    return doc
