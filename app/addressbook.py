# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The recipient address book (organisations' age keys) and saved filters, stored in the vault.

Both live inside the encrypted database (schema version 5), never in a settings file: the list of
organisations a defender sends evidence to, and what she searches for, are sensitive. Every change
appends its custody entry (``recipient.add``, ``recipient.delete``, ``filter.save``,
``filter.delete``) in the same transaction.

A recipient's *fingerprint* is the SHA-256 of its canonical ``age1…`` string, shown in groups of
four hex digits so that the defender can compare it with the organisation over another channel.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, fields
from typing import Any

from app.bundle.agecrypt import parse_recipients
from app.cases.query import ItemQuery
from app.errors import AppError
from app.vault import Vault
from app.vault.custody import utc_now

# Paging is the view's business, not part of what a filter means.
_NOT_SAVED = ("limit", "offset")


@dataclass(frozen=True)
class Recipient:
    id: int
    uuid: str
    label: str
    recipient: str  # canonical age1… string
    created_at: str

    @property
    def fingerprint(self) -> str:
        return recipient_fingerprint(self.recipient)


@dataclass(frozen=True)
class SavedFilter:
    id: int
    uuid: str
    name: str
    query: ItemQuery
    created_at: str
    updated_at: str


def recipient_fingerprint(recipient: str) -> str:
    """SHA-256 of the recipient string, lower-case hex in groups of 4 (16 groups)."""
    digest = hashlib.sha256(recipient.strip().encode("ascii", "replace")).hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def _label(untrusted: str, code: str) -> str:
    text = " ".join(str(untrusted or "").split())
    if not text:
        raise AppError(code)
    return text[:200]


# --- recipients ----------------------------------------------------------------------------------
_R_COLS = "id, uuid, label, recipient, created_at"


def _recipient(row: tuple[Any, ...]) -> Recipient:
    return Recipient(int(row[0]), row[1], row[2], row[3], row[4])


def add_recipient(vault: Vault, label: str, recipient: str) -> Recipient:
    """Save an organisation's key. Raises ``bundle.bad_recipient`` for anything but one valid
    ``age1…`` key, ``addressbook.recipient_exists`` when the key is already saved."""
    label = _label(label, "addressbook.empty_label")
    key = str(parse_recipients([recipient])[0])
    with vault.write() as tx:
        row = tx.execute("SELECT label FROM recipients WHERE recipient = ?", (key,)).fetchone()
        if row is not None:
            raise AppError("addressbook.recipient_exists", label=row[0])
        uid = str(uuid.uuid4())
        cur = tx.execute("INSERT INTO recipients (uuid, label, recipient, created_at) VALUES "
                         "(?, ?, ?, ?)", (uid, label, key, utc_now()))
        tx.custody("recipient.add", [f"recipient:{uid}"],
                   {"label": label, "recipient": key, "fingerprint": recipient_fingerprint(key)})
        row = tx.execute(f"SELECT {_R_COLS} FROM recipients WHERE id = ?",
                         (cur.lastrowid,)).fetchone()
    return _recipient(row)


def list_recipients(vault: Vault) -> list[Recipient]:
    return [_recipient(r) for r in vault.read(
        f"SELECT {_R_COLS} FROM recipients ORDER BY label, id")]


def delete_recipient(vault: Vault, recipient_id: int) -> None:
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_R_COLS} FROM recipients WHERE id = ?",
                         (int(recipient_id),)).fetchone()
        if row is None:
            raise AppError("addressbook.recipient_not_found")
        tx.execute("DELETE FROM recipients WHERE id = ?", (int(recipient_id),))
        tx.custody("recipient.delete", [f"recipient:{row[1]}"],
                   {"label": row[2], "recipient": row[3]})


# --- saved filters -------------------------------------------------------------------------------
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


__all__ = ["Recipient", "SavedFilter", "add_recipient", "delete_filter", "delete_recipient",
           "list_filters", "list_recipients", "query_from_json", "query_to_json",
           "recipient_fingerprint", "save_filter"]
