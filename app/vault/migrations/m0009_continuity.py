# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 9: continuity after a restore or a new key (issue 16).

* ``bundle_ledger.epoch``: the sender's restore epoch (``manifest.vault.bundle_epoch``, 0 before
  any restore); bundle numbers are compared within one epoch.
* ``bundle_signers.status`` (``active`` | ``replaced`` | ``revoked``), ``successor`` (the key that
  replaced it), ``lineage`` (the first key of the chain of rotations; NULL: itself) and
  ``status_at``: a rotated key is replaced by its successor, a revoked one refused from then on;
  ``valid_to_seq`` / ``valid_epoch``: the last bundle a rotated key signed, still received.
* ``recipients.retired``: an address-book key the organisation replaced or retired; export refuses
  it.
* ``item_receipts``: the signed receipts an organisation sent back, one row per item it holds.
"""

from __future__ import annotations

from typing import Any

VERSION = 9

SQL = ""  # in migrate(): each step is skipped when done (a vault put back to an older version)

COLUMNS = (
    ("bundle_ledger", "epoch", "INTEGER NOT NULL DEFAULT 0"),
    ("bundle_signers", "status", "TEXT NOT NULL DEFAULT 'active'"),
    ("bundle_signers", "successor", "TEXT"),
    ("bundle_signers", "lineage", "TEXT"),
    ("bundle_signers", "status_at", "TEXT"),
    ("bundle_signers", "valid_to_seq", "INTEGER"),  # a replaced key: its last bundle, still good
    ("bundle_signers", "valid_epoch", "INTEGER"),
    ("recipients", "retired", "INTEGER NOT NULL DEFAULT 0"),
)

TABLES = """
CREATE TABLE IF NOT EXISTS item_receipts (
    id INTEGER PRIMARY KEY,
    item_uuid TEXT NOT NULL,
    organisation TEXT NOT NULL,
    signer TEXT NOT NULL,
    bundle_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (item_uuid, signer, bundle_id)
);
CREATE INDEX IF NOT EXISTS item_receipts_item ON item_receipts(item_uuid);
"""


def migrate(conn: Any) -> None:
    for table, column, decl in COLUMNS:
        have = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
    for statement in TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)
