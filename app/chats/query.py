# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Reading chats back: the chat of an item, its messages one page at a time with filters (author,
date range, has media), and full-text search over every chat's messages with the neighbours of
each hit. Text matching uses the same normaliser and query builder as item search
(:mod:`app.cases.textnorm`), so Arabic letter forms, diacritics and case match alike.

Dates in filters compare with ``sent_utc`` when the chat's offset is known (always, after import:
given, in the export, or assumed), in ISO text as the item filters do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.cases.model import date_bound
from app.cases.textnorm import fts_query
from app.errors import AppError
from app.vault import Vault

MAX_PAGE = 5000


@dataclass(frozen=True)
class ChatAttachment:
    name: str
    member: str | None
    kind: str
    item_id: int | None  # the item the file became (None: not included in the export)


@dataclass(frozen=True)
class ChatMessage:
    """One message as stored. ``author`` and ``text`` are untrusted text."""

    id: int
    item_id: int
    index: int
    sent_at: str | None
    sent_utc: str | None
    author: str | None
    account_id: int | None
    text: str
    kind: str
    reply_to: int | None
    forwarded_from: str | None
    edited: bool
    deleted: bool
    sha256: str
    attachments: tuple[ChatAttachment, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    author_id: str | None = None   # the platform's id of the author when exported (Telegram)


@dataclass(frozen=True)
class Chat:
    item_id: int
    uuid: str
    sha256: str
    platform: str
    title: str
    source_format: str
    participants: tuple[str, ...]
    period: tuple[str, str] | None
    message_count: int
    utc_offset: str | None
    offset_source: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class MessageFilter:
    author: str | None = None          # as exported (exact), or an account handle
    since: str | None = None           # ISO date or date-time (UTC); a bare date "until" inclusive
    until: str | None = None
    has_media: bool | None = None


@dataclass(frozen=True)
class MessageHit:
    """A search hit and its neighbours (``before`` and ``after``, in export order)."""

    message: ChatMessage
    chat_title: str
    before: tuple[ChatMessage, ...]
    after: tuple[ChatMessage, ...]


_MSG_COLS = ("m.id, m.item_id, m.idx, m.sent_at, m.sent_utc, m.author, m.account_id, m.text, "
             "m.kind, m.reply_to, m.forwarded_from, m.edited, m.deleted, m.sha256, m.has_media, "
             "m.extra, m.author_id")


def get_chat(vault: Vault, item_id: int) -> Chat:
    rows = vault.read("SELECT c.item_id, i.uuid, i.sha256, c.platform, c.title, c.source_format,"
                      " c.participants, c.period_from, c.period_to, c.message_count, "
                      "c.utc_offset, c.offset_source, c.warnings FROM chats c JOIN items i ON "
                      "i.id = c.item_id WHERE c.item_id = ?", (item_id,))
    if not rows:
        raise AppError("chat.not_a_chat_item", item=item_id)
    r = rows[0]
    return Chat(int(r[0]), r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6])),
                (r[7], r[8]) if r[7] else None, int(r[9]), r[10], r[11],
                tuple(json.loads(r[12])))


def is_chat(vault: Vault, item_id: int) -> bool:
    return bool(vault.read("SELECT 1 FROM chats WHERE item_id = ?", (item_id,)))


def _messages(vault: Vault, rows: list[Any]) -> list[ChatMessage]:
    with_media = [int(r[0]) for r in rows if r[14]]
    atts: dict[int, list[ChatAttachment]] = {}
    for start in range(0, len(with_media), 500):
        chunk = with_media[start:start + 500]
        for mid, name, member, kind, linked in vault.read(
                "SELECT message_id, name, member, kind, linked_item_id FROM chat_attachments "
                f"WHERE message_id IN ({', '.join('?' * len(chunk))}) ORDER BY message_id, "
                "position", chunk):
            atts.setdefault(int(mid), []).append(ChatAttachment(name, member, kind, linked))
    return [ChatMessage(int(r[0]), int(r[1]), int(r[2]), r[3], r[4], r[5], r[6], r[7], r[8],
                        r[9], r[10], bool(r[11]), bool(r[12]), r[13],
                        tuple(atts.get(int(r[0]), ())), json.loads(r[15]) if r[15] else {},
                        r[16])
            for r in rows]


def _filter_sql(flt: MessageFilter, params: list[Any]) -> str:
    clauses = []
    if flt.author:
        clauses.append("(m.author = ? OR m.account_id IN (SELECT id FROM accounts WHERE "
                       "handle_norm = ?))")
        from app.cases.textnorm import handle_norm

        params += [flt.author, handle_norm(flt.author)]
    if flt.since:
        clauses.append("m.sent_utc >= ?")
        params.append(date_bound(flt.since, end=False))
    if flt.until:
        clauses.append("m.sent_utc < ?" if len(flt.until.strip()) == 10 else "m.sent_utc <= ?")
        params.append(date_bound(flt.until, end=True))
    if flt.has_media is not None:
        clauses.append("m.has_media = ?")
        params.append(int(flt.has_media))
    return "".join(f" AND {c}" for c in clauses)


def list_messages(vault: Vault, item_id: int, flt: MessageFilter | None = None, *,
                  offset: int = 0, limit: int = 500) -> list[ChatMessage]:
    """One page of a chat's messages in export order."""
    params: list[Any] = [item_id]
    where = _filter_sql(flt or MessageFilter(), params)
    rows = vault.read(f"SELECT {_MSG_COLS} FROM chat_messages m WHERE m.item_id = ?{where} "
                      "ORDER BY m.idx LIMIT ? OFFSET ?",
                      [*params, max(0, min(limit, MAX_PAGE)), max(0, offset)])
    return _messages(vault, rows)


def count_messages(vault: Vault, item_id: int, flt: MessageFilter | None = None) -> int:
    params: list[Any] = [item_id]
    where = _filter_sql(flt or MessageFilter(), params)
    return int(vault.read(f"SELECT count(*) FROM chat_messages m WHERE m.item_id = ?{where}",
                          params)[0][0])


def messages_at(vault: Vault, item_id: int, indices: list[int] | tuple[int, ...]
                ) -> list[ChatMessage]:
    """The messages of ``item_id`` at these export positions, in export order."""
    out: list[ChatMessage] = []
    wanted = sorted(set(indices))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        out += _messages(vault, vault.read(
            f"SELECT {_MSG_COLS} FROM chat_messages m WHERE m.item_id = ? AND m.idx IN "
            f"({', '.join('?' * len(chunk))}) ORDER BY m.idx", [item_id, *chunk]))
    return out


def first_index_on(vault: Vault, item_id: int, day: str) -> int | None:
    """The position of the first message sent on or after ``day`` (jump to date)."""
    rows = vault.read("SELECT min(idx) FROM chat_messages WHERE item_id = ? AND sent_at >= ?",
                      (item_id, day.strip()[:10]))
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


def search_messages(vault: Vault, text: str, flt: MessageFilter | None = None, *,
                    item_id: int | None = None, limit: int = 50, offset: int = 0,
                    context: int = 2) -> list[MessageHit]:
    """Messages matching ``text`` (every word, as a prefix), in export order, with ``context``
    neighbours on each side."""
    match = fts_query(text)
    if match is None:
        return []
    params: list[Any] = [match]
    scope = ""
    if item_id is not None:
        scope = " AND m.item_id = ?"
        params.append(item_id)
    where = _filter_sql(flt or MessageFilter(), params)
    # FTS5 yields rowids in ascending order (= export order): walking them in that order lets
    # LIMIT stop early instead of sorting every match of a common word (bench/chats.py)
    rows = vault.read(f"SELECT {_MSG_COLS} FROM (SELECT rowid AS r FROM chat_fts WHERE chat_fts "
                      f"MATCH ? ORDER BY rowid) f JOIN chat_messages m ON m.id = f.r "
                      f"WHERE 1{scope}{where} LIMIT ? OFFSET ?",
                      [*params, max(0, min(limit, MAX_PAGE)), max(0, offset)])
    hits = _messages(vault, rows)
    titles = dict(vault.read("SELECT item_id, title FROM chats"))
    near: dict[tuple[int, int], ChatMessage] = {}
    for chat_id in {h.item_id for h in hits}:
        wanted = {i for h in hits if h.item_id == chat_id
                  for i in range(h.index - context, h.index + context + 1)}
        for m in messages_at(vault, chat_id, sorted(i for i in wanted if i >= 0)):
            near[(chat_id, m.index)] = m
    out = []
    for hit in hits:
        before = tuple(near[(hit.item_id, i)] for i in range(hit.index - context, hit.index)
                       if (hit.item_id, i) in near)
        after = tuple(near[(hit.item_id, i)] for i in range(hit.index + 1,
                                                            hit.index + context + 1)
                      if (hit.item_id, i) in near)
        out.append(MessageHit(hit, titles.get(hit.item_id, ""), before, after))
    return out


def count_hits(vault: Vault, text: str, flt: MessageFilter | None = None, *,
               item_id: int | None = None) -> int:
    match = fts_query(text)
    if match is None:
        return 0
    params: list[Any] = [match]
    scope = ""
    if item_id is not None:
        scope = " AND m.item_id = ?"
        params.append(item_id)
    where = _filter_sql(flt or MessageFilter(), params)
    return int(vault.read(f"SELECT count(*) FROM chat_fts f JOIN chat_messages m ON m.id = "
                          f"f.rowid WHERE chat_fts MATCH ?{scope}{where}", params)[0][0])
