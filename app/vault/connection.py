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


#: The page size and page HMAC of new vaults. Evidence is stored in 1 MiB chunks
#: (:mod:`app.vault.blobs`), and every page costs its own IV, AES pass, HMAC and WAL frame: 64 KiB
#: pages write large files 1.4–2× as fast as SQLCipher's 4 KiB default (bench media, bench
#: receive); HMAC-SHA256 (SHA extensions on current CPUs) reads them back 1.5–1.9× as fast as the
#: default HMAC-SHA512 and writes 12 % faster. An empty vault is a few MB instead of 0.4.
PAGE_SIZE = 65536
HMAC = "HMAC_SHA256"
#: The (page size, page HMAC) a vault may have been made with, tried in this order when one opens
#: (vaults made before have SQLCipher's defaults, 4096 and HMAC-SHA512). Neither is written in
#: the clear: a wrong pair fails the first page's HMAC at once, and the next is tried.
FORMATS = ((PAGE_SIZE, HMAC), (65536, "HMAC_SHA512"), (4096, "HMAC_SHA512"))


def connect(path: Path, key: bytes | bytearray, *, create: bool = False) -> Connection:
    """A new connection to the vault database, keyed and checked."""
    if not create and not path.exists():
        raise AppError("vault.damaged", reason="database missing")
    new = create and (not path.exists() or path.stat().st_size == 0)
    *earlier, last = ((PAGE_SIZE, HMAC),) if new else FORMATS
    for page_size, hmac in earlier:
        try:
            return _connect(path, key, page_size, hmac)
        except AppError as exc:
            if exc.code != "vault.damaged":
                raise
    return _connect(path, key, *last)


def copy_format(conn: Connection) -> None:
    """Make SQLCipher's defaults this connection's page size and HMAC, so that a database it
    writes (``VACUUM INTO``, an attached copy) is encrypted as it is itself (the page size is
    also in the copy's header: the two must agree)."""
    page = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0])
    hmac = str(conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0])
    if not re.fullmatch(r"HMAC_SHA(1|256|512)", hmac):
        raise AppError("vault.damaged", reason=f"unexpected HMAC {hmac!r}")
    conn.execute(f"PRAGMA cipher_default_page_size = {page}")
    conn.execute(f"PRAGMA cipher_default_hmac_algorithm = {hmac}")


def _connect(path: Path, key: bytes | bytearray, page_size: int, hmac: str) -> Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False,
                             timeout=30.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        conn.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
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
