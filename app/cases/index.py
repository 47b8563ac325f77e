# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Keeps ``item_fts`` in step with the case model, inside the caller's write transaction.

An item's document gathers its notes, description and URL, its free tags, the handles, display
names and profile URLs of its accounts, the labels of those accounts' perpetrators, the titles
of its cases and the text read inside its picture (OCR, :mod:`app.cases.lens`). Any change to
one of those sources re-indexes the items it touches.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.cases.textnorm import document
from app.vault import Vault
from app.vault.connection import Connection

_BATCH = 500


def item_document(conn: Connection, item_id: int) -> str:
    row = conn.execute("SELECT notes, description, url FROM items WHERE id = ?",
                       (item_id,)).fetchone()
    if row is None:
        return ""
    fields: list[str | None] = list(row)
    fields += [r[0] for r in conn.execute(
        "SELECT t.name FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE it.item_id = ?",
        (item_id,))]
    for handle, display, profile, label in conn.execute(
            "SELECT a.handle, a.display_name, a.profile_url, p.label FROM item_accounts ia "
            "JOIN accounts a ON a.id = ia.account_id "
            "LEFT JOIN perpetrators p ON p.id = a.perpetrator_id WHERE ia.item_id = ?",
            (item_id,)):
        fields += [handle, display, profile, label]
    fields += [r[0] for r in conn.execute(
        "SELECT c.title FROM item_cases ic JOIN cases c ON c.id = ic.case_id WHERE ic.item_id = ?",
        (item_id,))]
    fields += [r[0] for r in conn.execute("SELECT text FROM item_ocr WHERE item_id = ?",
                                          (item_id,))]
    return document(*fields)


def reindex(conn: Connection, item_ids: Iterable[int]) -> int:
    """Rebuild the index rows of ``item_ids``. Returns how many items were processed."""
    count = 0
    for item_id in sorted(set(item_ids)):
        conn.execute("DELETE FROM item_fts WHERE rowid = ?", (item_id,))
        body = item_document(conn, item_id)
        if body:
            conn.execute("INSERT INTO item_fts (rowid, body) VALUES (?, ?)", (item_id, body))
        count += 1
    return count


def items_of(conn: Connection, sql: str, params: tuple[object, ...]) -> list[int]:
    """Item ids returned by ``sql`` (a helper for "which items does this change touch")."""
    return [int(r[0]) for r in conn.execute(sql, params)]


def rebuild_all(conn: Connection) -> int:
    """Re-index every item (after a normaliser change, or to repair the index)."""
    conn.execute("DELETE FROM item_fts")
    ids = items_of(conn, "SELECT id FROM items ORDER BY id", ())
    for start in range(0, len(ids), _BATCH):
        reindex(conn, ids[start:start + _BATCH])
    return len(ids)



STALE_KEY = "rebuild.search_index"


def rebuild_if_stale(vault: Vault) -> int | None:
    """Rebuild the index when a migration marked it stale, clearing the mark in the same
    transaction. Returns how many items were re-indexed, or None when the index was current."""
    if vault.meta(STALE_KEY) is None:
        return None
    with vault.write() as tx:
        count = rebuild_all(tx.conn)
        tx.execute("DELETE FROM meta WHERE key = ?", (STALE_KEY,))
    return count
