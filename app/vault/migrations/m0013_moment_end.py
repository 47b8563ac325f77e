# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 13: a marked moment may have an end ("02:13–02:40 — the threat", issue 20).

``item_moments.end_ms``: milliseconds from the start of the recording where the marked span ends,
after ``at_ms``; NULL for a moment that is a single point in time (every moment before this
version).
"""

from __future__ import annotations

from app.vault.connection import Connection

VERSION = 13

SQL = ""  # the column is added by migrate(): ALTER TABLE has no IF NOT EXISTS, and a step must
# be safe to run again over a schema that already has it (a vault set back to an older version)


def migrate(conn: Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(item_moments)")}
    if "end_ms" not in columns:
        conn.execute("ALTER TABLE item_moments ADD COLUMN end_ms INTEGER "
                     "CHECK (end_ms IS NULL OR end_ms > at_ms)")
