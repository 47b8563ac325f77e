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
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'items'"
                       ).fetchone()
    sql = str(row[0])
    if NEW in sql:
        return
    if sql.count(OLD) != 1:
        raise RuntimeError("items.kind constraint not found")
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'items'",
                     (sql.replace(OLD, NEW),))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    check = conn.execute("PRAGMA integrity_check").fetchone()
    if check is None or check[0] != "ok":
        raise RuntimeError(f"integrity check after migration 8: {check}")
