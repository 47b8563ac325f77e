# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Numbered schema migrations. ``PRAGMA user_version`` holds the version; each step runs in one
transaction. Modules are named ``mNNNN_name`` and define ``VERSION`` and ``SQL`` (and optionally
``migrate(conn)`` for data changes)."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from app.errors import AppError
from app.vault.connection import Connection


def steps() -> list[ModuleType]:
    mods = [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)
            if m.name.startswith("m") and m.name[1:5].isdigit()]
    mods.sort(key=lambda m: m.VERSION)
    for i, m in enumerate(mods, start=1):
        if i != m.VERSION:
            raise RuntimeError(f"migration numbering gap at {m.__name__}")
    return mods


LATEST = len(steps())


def current_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade(conn: Connection, target: int | None = None) -> int:
    """Apply every missing step up to ``target`` (default: the latest). Returns the new version."""
    target = LATEST if target is None else target
    version = current_version(conn)
    if version > LATEST:
        raise AppError("vault.too_new", version=version, supported=LATEST)
    for step in steps()[version:target]:
        conn.execute("BEGIN IMMEDIATE")
        try:

            for statement in _split(step.SQL):
                conn.execute(statement)
            if hasattr(step, "migrate"):
                step.migrate(conn)
            conn.execute(f"PRAGMA user_version = {int(step.VERSION)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return current_version(conn)


def rewrite_table_schema(conn: Connection, table: str, old: str, new: str, step: int) -> None:
    """Replace ``old`` by ``new`` in ``table``'s schema text (a wider CHECK constraint): SQLite's
    documented procedure for changes that leave every stored row valid (``PRAGMA
    writable_schema``, then a new ``schema_version``; https://sqlite.org/lang_altertable.html
    #otheralter), checked with ``PRAGMA integrity_check`` before the step commits. Nothing is
    done when ``new`` is already there, or a later step widened it further (``new`` without its
    closing brackets begins the later list): a vault put back to an older version."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                       (table,)).fetchone()
    sql = str(row[0])
    if new in sql or new.rstrip(")") + "," in sql:
        return
    if sql.count(old) != 1:
        raise RuntimeError(f"{table} constraint not found")
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                     (sql.replace(old, new), table))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    check = conn.execute("PRAGMA integrity_check").fetchone()
    if check is None or check[0] != "ok":
        raise RuntimeError(f"integrity check after migration {step}: {check}")


def _split(sql: str) -> list[str]:
    """Split a migration script into statements (triggers contain ';' inside BEGIN…END)."""
    out, buf, depth = [], [], 0
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buf.append(line)
        upper = stripped.upper()
        if upper.startswith("CREATE TRIGGER"):
            depth += 1
        if depth and upper.startswith("END;"):
            depth -= 1
        if not depth and stripped.endswith(";"):
            out.append("\n".join(buf))
            buf = []
    if buf:
        out.append("\n".join(buf))
    return out
