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
import json
import re
import uuid
from typing import Any

from app.cases import index
from app.chats.query import get_chat, messages_at
from app.errors import AppError, UsageError
from app.vault import Tx, Vault
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
                         "author": m.author, "author_id": m.author_id, "text": m.text,
                         "kind": m.kind,
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
    """The excerpt document of an excerpt item (None for other items). Its clean copy is the
    document (for an excerpt cut here the original is the same bytes; for a whole chat received
    in a bundle the original is the sealed export and the clean copy its transcript)."""
    from app.vault.blobs import blob_meta, iter_blob

    if not vault.read("SELECT 1 FROM items WHERE id = ? AND kind = 'excerpt'", (item_id,)):
        return None
    role = "sanitized" if blob_meta(vault.conn, item_id, "sanitized") else "original"
    doc: dict[str, Any] = json.loads(b"".join(iter_blob(vault.conn, item_id, role)))
    return doc


def transcript(vault: Vault, chat_item_id: int) -> bytes:
    """The whole chat as an excerpt document (every message selected, no context): the clean
    copy a bundle carries with a chat's sealed export, when she asks for the whole export. Text
    only: the media stay items of their own (their clean copies go as such)."""
    indices = [int(r[0]) for r in vault.read(
        "SELECT idx FROM chat_messages WHERE item_id = ? ORDER BY idx", (chat_item_id,))]
    return canonical_json(excerpt_document(vault, chat_item_id, indices, 0))


_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAX_EXCERPT_BYTES = 512 * 1024 * 1024
Verdict = tuple[str, dict[str, Any]] | None


def _message_ok(m: Any) -> bool:
    if not isinstance(m, dict):
        return False
    if not isinstance(m.get("index"), int) or isinstance(m.get("index"), bool):
        return False
    if not isinstance(m.get("text"), str) or not isinstance(m.get("selected"), bool):
        return False
    if not isinstance(m.get("sha256"), str) or not _HEX64.fullmatch(m["sha256"]):
        return False
    for key in ("sent_at", "sent_utc", "author", "author_id", "forwarded_from"):
        if m.get(key) is not None and not isinstance(m[key], str):
            return False
    if m.get("reply_to") is not None and not isinstance(m["reply_to"], int):
        return False
    atts = m.get("attachments")
    return isinstance(atts, list) and all(isinstance(a, dict) and isinstance(a.get("name"), str)
                                          for a in atts)


def check_excerpt(data: bytes) -> Verdict:
    """None when ``data`` is an excerpt document as :func:`make_excerpt` writes it, else why
    not (``(code, params)``): the received clean copy of an excerpt (or of a whole chat) is
    checked so, the way a picture's is re-proven (:mod:`app.handover.checks`). It must be the
    canonical JSON of its own content (nothing hidden, nothing but the document), and every
    message's hash must be the hash of its fields and the export's SHA-256
    (:func:`app.chats.store.message_hash`): a message edited after it was cut fails."""
    from app.chats.store import message_hash

    if len(data) > _MAX_EXCERPT_BYTES:
        return "chat.excerpt_malformed", {"reason": "size"}
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return "chat.excerpt_malformed", {"reason": "json"}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return "chat.excerpt_malformed", {"reason": "format"}
    chat, messages = doc.get("chat"), doc.get("messages")
    if not isinstance(chat, dict) or not isinstance(chat.get("sha256"), str) or \
            not _HEX64.fullmatch(chat["sha256"]) or not isinstance(messages, list) or \
            not all(_message_ok(m) for m in messages):
        return "chat.excerpt_malformed", {"reason": "fields"}
    if canonical_json(doc) != data:
        return "chat.excerpt_not_canonical", {}
    chosen = [m["index"] for m in messages if m["selected"]]
    if not chosen or doc.get("selected") != chosen:
        return "chat.excerpt_malformed", {"reason": "selected"}
    for m in messages:
        record = {"export_sha256": chat["sha256"], "index": m["index"], "sent_at": m["sent_at"],
                  "author": m["author"], "author_id": m.get("author_id"), "text": m["text"],
                  "kind": m.get("kind"), "reply_to": m.get("reply_to"),
                  "forwarded_from": m.get("forwarded_from"), "edited": m.get("edited"),
                  "deleted": m.get("deleted"), "attachments": [a["name"]
                                                               for a in m["attachments"]]}
        if message_hash(record) != m["sha256"]:
            return "chat.excerpt_hash_mismatch", {"index": m["index"]}
    return None


MAX_REBUILD_BYTES = 256 * 1024 * 1024  # a received export read into memory to rebuild its chat


def receive_chat(tx: Tx, item_id: int, original: bytes, doc: dict[str, Any]) -> bool:
    """A whole chat received with its sealed export (checked by :func:`check_excerpt` against
    the transcript): the export is parsed again here and stored as this vault's chat — every
    message a record, searchable, its authors joined to this vault's accounts of the platform —
    with the sender's offset. False (the item stays an excerpt of every message) when this
    version cannot read the export or it is too large to read into memory."""
    from app.chats import entry
    from app.chats.store import OFFSET_SOURCES, ChatOffset, store_chat
    from app.errors import InputRejected

    chat = doc["chat"]
    if len(original) > MAX_REBUILD_BYTES:
        return False
    try:
        export = entry.parse(str(chat.get("title") or "chat"), original)
    except (InputRejected, AppError):
        return False
    if chat.get("title") and not export.title:
        export.title = str(chat["title"])
    source = str(chat.get("offset_source") or "")
    offset = ChatOffset(None, "export") if export.has_offset else ChatOffset(
        str(chat.get("utc_offset") or "") or None,
        source if source in OFFSET_SOURCES and source != "export" else "given")
    if offset.source != "export" and offset.value is None:
        return False
    store_chat(tx, item_id, str(chat["sha256"]), export, offset, {})
    tx.execute("UPDATE items SET kind = 'chat' WHERE id = ?", (item_id,))
    index.reindex(tx.conn, [item_id])
    return True


def receive_excerpt(tx: Tx, item_id: int, doc: dict[str, Any]) -> None:
    """A received excerpt (or whole-chat transcript), checked by :func:`check_excerpt`, in the
    receipt's transaction: where it was cut from (the chat item when this vault holds it), its
    platform, first selected time and text as the item's, searchable."""
    chat = doc["chat"]
    chosen = [m for m in doc["messages"] if m["selected"]]
    here = tx.execute("SELECT c.item_id FROM chats c JOIN items i ON i.id = c.item_id "
                      "WHERE i.sha256 = ?", (chat["sha256"],)).fetchone()
    tx.execute("INSERT OR REPLACE INTO chat_excerpts (item_id, chat_item_id, chat_sha256, "
               "selected, context) VALUES (?, ?, ?, ?, ?)",
               (item_id, here[0] if here else None, chat["sha256"],
                canonical_json(doc["selected"]).decode(), int(doc.get("context") or 0)))
    platform = chat.get("platform") if chat.get("platform") in ("whatsapp", "telegram") else None
    tx.execute("UPDATE items SET platform = COALESCE(platform, ?), posted_at = COALESCE("
               "posted_at, ?), description = COALESCE(description, ?) WHERE id = ?",
               (platform, chosen[0].get("sent_utc"),
                "\n".join(str(m["text"]) for m in chosen)[:2000] or None, item_id))
    index.reindex(tx.conn, [item_id])
