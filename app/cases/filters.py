# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Saved filters: what a defender searches for, under a name, stored in the vault.

Inside the encrypted database (schema version 5), never in a settings file: what she searches for
is sensitive. Every change appends its custody entry (``filter.save``, ``filter.delete``) in the
same transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, fields
from typing import Any

from app.cases.query import ItemQuery
from app.errors import AppError
from app.vault import Vault
from app.vault.custody import utc_now

# Paging is the view's business, not part of what a filter means.
_NOT_SAVED = ("limit", "offset")


@dataclass(frozen=True)
class SavedFilter:
    id: int
    uuid: str
    name: str
    query: ItemQuery
    created_at: str
    updated_at: str


def _label(untrusted: str, code: str) -> str:
    text = " ".join(str(untrusted or "").split())
    if not text:
        raise AppError(code)
    return text[:200]


def query_to_json(query: ItemQuery) -> str:
    data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(query).items()
            if k not in _NOT_SAVED}
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def query_from_json(text: str) -> ItemQuery:
    """The saved query; unknown keys (from a newer Bayyina) are ignored, lists become tuples."""
    raw = json.loads(text)
    known = {f.name for f in fields(ItemQuery)} - set(_NOT_SAVED)
    values: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v)
                              for k, v in raw.items() if k in known}
    return ItemQuery(**values)


_F_COLS = "id, uuid, name, query, created_at, updated_at"


def _filter(row: tuple[Any, ...]) -> SavedFilter:
    return SavedFilter(int(row[0]), row[1], row[2], query_from_json(row[3]), row[4], row[5])


def save_filter(vault: Vault, name: str, query: ItemQuery) -> SavedFilter:
    """Save ``query`` under ``name``; an existing filter of that name is replaced."""
    name = _label(name, "addressbook.empty_name")
    body = query_to_json(query)
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_F_COLS} FROM saved_filters WHERE name = ?", (name,)).fetchone()
        now = utc_now()
        if row is None:
            uid = str(uuid.uuid4())
            tx.execute("INSERT INTO saved_filters (uuid, name, query, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?)", (uid, name, body, now, now))
            before = None
        else:
            uid, before = row[1], json.loads(row[3])
            tx.execute("UPDATE saved_filters SET query = ?, updated_at = ? WHERE id = ?",
                       (body, now, row[0]))
        tx.custody("filter.save", [f"filter:{uid}"],
                   {"name": name, "before": before, "after": json.loads(body)})
        row = tx.execute(f"SELECT {_F_COLS} FROM saved_filters WHERE uuid = ?", (uid,)).fetchone()
    return _filter(row)


def list_filters(vault: Vault) -> list[SavedFilter]:
    return [_filter(r) for r in vault.read(
        f"SELECT {_F_COLS} FROM saved_filters ORDER BY name, id")]


def delete_filter(vault: Vault, filter_id: int) -> None:
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_F_COLS} FROM saved_filters WHERE id = ?",
                         (int(filter_id),)).fetchone()
        if row is None:
            raise AppError("addressbook.filter_not_found", name=str(filter_id))
        tx.execute("DELETE FROM saved_filters WHERE id = ?", (int(filter_id),))
        tx.custody("filter.delete", [f"filter:{row[1]}"],
                   {"name": row[2], "query": json.loads(row[3])})


__all__ = ["SavedFilter", "delete_filter", "list_filters", "query_from_json", "query_to_json",
           "save_filter"]
