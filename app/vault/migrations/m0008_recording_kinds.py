# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 8: items may be recordings and documents — ``items.kind`` also allows ``video``,
``audio`` and ``document`` (issue 20).

SQLite cannot alter a CHECK constraint, and rebuilding ``items`` is not safe here: with foreign
keys on (they cannot be switched off inside the migration's transaction), dropping the old table
would cascade-delete every blob, tag and custody link. A wider CHECK changes nothing on disk and
every stored row satisfies it, so this step rewrites the table's schema text only, the procedure
SQLite documents for such changes (``PRAGMA writable_schema``, then a new ``schema_version``;
https://sqlite.org/lang_altertable.html#otheralter). :func:`migrate` checks the result with
``PRAGMA integrity_check`` before the step commits.
"""

from __future__ import annotations

from typing import Any

VERSION = 8

OLD = "kind TEXT NOT NULL CHECK (kind IN ('image', 'attachment'))"
NEW = ("kind TEXT NOT NULL CHECK (kind IN ('image', 'attachment', 'video', 'audio', "
       "'document'))")

SQL = ""  # the change is in migrate()


def migrate(conn: Any) -> None:
    from app.vault.migrations import rewrite_table_schema

    rewrite_table_schema(conn, "items", OLD, NEW, VERSION)
