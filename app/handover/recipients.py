# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The recipient address book: organisations' age keys, stored in the vault.

It lives inside the encrypted database (schema version 5), never in a settings file: the list of
organisations a defender sends evidence to is sensitive. Every change appends its custody entry
(``recipient.add``, ``recipient.delete``) in the same transaction.

A recipient's *fingerprint* is the SHA-256 of its canonical ``age1…`` string, shown in groups of
four hex digits so that the defender can compare it with the organisation over another channel.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from app.bundle.agecrypt import parse_recipients
from app.errors import AppError
from app.vault import Vault
from app.vault.custody import utc_now


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


def recipient_fingerprint(recipient: str) -> str:
    """SHA-256 of the recipient string, lower-case hex in groups of 4 (16 groups)."""
    digest = hashlib.sha256(recipient.strip().encode("ascii", "replace")).hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def _label(untrusted: str, code: str) -> str:
    text = " ".join(str(untrusted or "").split())
    if not text:
        raise AppError(code)
    return text[:200]


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


def list_recipients(vault: Vault, *, include_retired: bool = False) -> list[Recipient]:
    """The saved keys; a retired one (:func:`retire_recipient`) only when asked."""
    where = "" if include_retired else " WHERE retired = 0"
    return [_recipient(r) for r in vault.read(
        f"SELECT {_R_COLS} FROM recipients{where} ORDER BY label, id")]


def delete_recipient(vault: Vault, recipient_id: int) -> None:
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_R_COLS} FROM recipients WHERE id = ?",
                         (int(recipient_id),)).fetchone()
        if row is None:
            raise AppError("addressbook.recipient_not_found")
        tx.execute("DELETE FROM recipients WHERE id = ?", (int(recipient_id),))
        tx.custody("recipient.delete", [f"recipient:{row[1]}"],
                   {"label": row[2], "recipient": row[3]})


def retire_recipient(vault: Vault, recipient_id: int, replaced_by: str | None = None
                     ) -> Recipient | None:
    """The organisation retired this key (issue 16): kept, marked ``retired``, refused by export
    (``addressbook.recipient_retired``); with ``replaced_by``, its new key is saved under the same
    label in the same transaction (custody ``recipient.retire``, ``recipient.add``)."""
    new_key = str(parse_recipients([replaced_by])[0]) if replaced_by is not None else None
    with vault.write() as tx:
        row = tx.execute(f"SELECT {_R_COLS} FROM recipients WHERE id = ?",
                         (int(recipient_id),)).fetchone()
        if row is None:
            raise AppError("addressbook.recipient_not_found")
        tx.execute("UPDATE recipients SET retired = 1 WHERE id = ?", (int(recipient_id),))
        tx.custody("recipient.retire", [f"recipient:{row[1]}"],
                   {"label": row[2], "recipient": row[3], "replaced_by": new_key})
        if new_key is None:
            return None
        if tx.execute("SELECT 1 FROM recipients WHERE recipient = ?", (new_key,)).fetchone():
            raise AppError("addressbook.recipient_exists", label=row[2])
        uid = str(uuid.uuid4())
        cur = tx.execute("INSERT INTO recipients (uuid, label, recipient, created_at) VALUES "
                         "(?, ?, ?, ?)", (uid, row[2], new_key, utc_now()))
        tx.custody("recipient.add", [f"recipient:{uid}"],
                   {"label": row[2], "recipient": new_key,
                    "fingerprint": recipient_fingerprint(new_key), "replaces": row[1]})
        new = tx.execute(f"SELECT {_R_COLS} FROM recipients WHERE id = ?",
                         (cur.lastrowid,)).fetchone()
    return _recipient(new)


def refuse_retired(vault: Vault, recipients: list[str]) -> None:
    """Export's check: no retired address-book key among ``recipients``."""
    for text in recipients:
        rows = vault.read("SELECT label FROM recipients WHERE recipient = ? AND retired = 1",
                          (text.strip(),))
        if rows:
            raise AppError("addressbook.recipient_retired", label=rows[0][0])


__all__ = ["Recipient", "add_recipient", "delete_recipient", "list_recipients",
           "recipient_fingerprint", "refuse_retired", "retire_recipient"]
