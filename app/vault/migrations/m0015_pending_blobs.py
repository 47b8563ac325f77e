# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 15: a bundle being received stages its files as *pending blobs* (issue 19).

Until now a received file was written twice into the encrypted database: into
``bundle_staging`` while the bundle was verified, then into ``blob_chunks`` when its item was
stored (bench receive: the second write was a third of the receipt). Now it is written once, into
``blob_chunks`` under a ``blobs`` row that belongs to no item yet (``item_id`` NULL), named in
``bundle_pending`` by the receipt's staging key; storing the item gives the row its item. A
pending blob is never an item's copy: every query of an item's blobs goes through ``item_id``.
What a receipt killed part-way left pending is deleted at the next unlock, as its staged rows
were (``app.handover.staging``).

``blobs.item_id`` loses its NOT NULL: SQLite cannot alter a column, and rebuilding ``blobs``
would cascade-delete every chunk (foreign keys cannot be switched off inside the migration's
transaction), so the table's schema text is rewritten (every stored row still satisfies it), as
migration 8 did; :func:`app.vault.migrations.rewrite_table_schema` checks the result.
"""

from __future__ import annotations

from typing import Any

VERSION = 15

OLD = "item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE"
NEW = "item_id INTEGER REFERENCES items(id) ON DELETE CASCADE"

SQL = """
CREATE TABLE IF NOT EXISTS bundle_pending (
    path TEXT PRIMARY KEY,
    blob_id INTEGER NOT NULL UNIQUE REFERENCES blobs(id) ON DELETE CASCADE
);
"""


def migrate(conn: Any) -> None:
    from app.vault.migrations import rewrite_table_schema

    rewrite_table_schema(conn, "blobs", OLD, NEW, VERSION)
