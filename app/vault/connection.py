# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Open the SQLCipher 4 database with a raw 256-bit key, and refuse anything less safe.

At open: the raw key is the first statement; SQLCipher must be ≥ 4 with in-memory temp storage
(compile option TEMP_STORE 2 or 3, plus ``temp_store = MEMORY``); ``secure_delete`` is on; WAL with
``synchronous = FULL``. SQLCipher's own stderr logging is silenced. Database errors from a vault
whose key was already proven right mean damage, and are reported as ``vault.damaged``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlcipher3 import dbapi2 as sqlcipher

from app.errors import AppError

if TYPE_CHECKING:
    # sqlcipher3 ships no type hints; its Connection mirrors the stdlib sqlite3 one.
    import sqlite3

    Connection = sqlite3.Connection
    DatabaseError = sqlite3.DatabaseError
else:
    Connection = sqlcipher.Connection
    DatabaseError = sqlcipher.DatabaseError


def sqlcipher_version(conn: Connection) -> str:
    row = conn.execute("PRAGMA cipher_version").fetchone()
    return str(row[0]) if row and row[0] else ""


#: The page size of new vaults. Evidence is stored in 1 MiB chunks (:mod:`app.vault.blobs`), and
#: every page costs its own IV, AES pass and HMAC, and every WAL frame its own lookup: 64 KiB pages
#: write large files about twice as fast as SQLCipher's 4 KiB default (bench media, bench receive)
#: and read them back faster; an empty vault is a few MB instead of 0.4.
PAGE_SIZE = 65536
#: The page sizes a vault may have been made with, tried in this order when one opens (vaults
#: made before the change have SQLCipher's default, 4096). The page size is inside the encrypted
#: header, so it is found by trying: a wrong one fails the first page's HMAC at once.
PAGE_SIZES = (PAGE_SIZE, 4096)


def connect(path: Path, key: bytes | bytearray, *, create: bool = False) -> Connection:
    """A new connection to the vault database, keyed and checked."""
    if not create and not path.exists():
        raise AppError("vault.damaged", reason="database missing")
    new = create and (not path.exists() or path.stat().st_size == 0)
    sizes = (PAGE_SIZE,) if new else PAGE_SIZES
    for i, page_size in enumerate(sizes):
        try:
            return _connect(path, key, page_size)
        except AppError as exc:
            if exc.code != "vault.damaged" or i == len(sizes) - 1:
                raise
    raise AssertionError("unreachable")


def _connect(path: Path, key: bytes | bytearray, page_size: int) -> Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False,
                             timeout=30.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        conn.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
        _require_safe_build(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        # 64 MiB of decrypted pages per connection: search and listing read many small rows, and
        # every cache miss costs a page decryption and HMAC check (bench search: 76 ms → 9 ms).
        conn.execute("PRAGMA cache_size = -65536")
    except AppError:
        conn.close()
        raise
    except DatabaseError as exc:
        conn.close()
        raise AppError("vault.damaged", reason=str(exc)) from None
    return conn


def _require_safe_build(conn: Connection) -> None:
    version = sqlcipher_version(conn)
    match = re.match(r"(\d+)\.", version)
    if not match or int(match.group(1)) < 4:
        raise AppError("vault.sqlcipher_too_old", version=version or "none")
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    if not ({"TEMP_STORE=2", "TEMP_STORE=3"} & options):
        raise AppError("vault.unsafe_temp_store")


@contextlib.contextmanager
def damage_guard() -> Iterator[None]:
    """Turn low-level database failures into the user-facing ``vault.damaged`` error."""
    try:
        yield
    except DatabaseError as exc:
        msg = str(exc)
        if any(s in msg for s in ("not a database", "malformed", "disk I/O", "hmac")):
            raise AppError("vault.damaged", reason=msg) from None
        raise
