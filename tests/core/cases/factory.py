# SPDX-License-Identifier: GPL-3.0-or-later
"""A small item factory: inserts item rows directly (the ingest pipeline is not needed here)."""

from __future__ import annotations

import hashlib
import itertools
import uuid

from app.vault import Vault
from app.vault.custody import utc_now

_counter = itertools.count(1)


def make_item(vault: Vault, *, name: str = "shot.png", imported_at: str | None = None,
              media_type: str = "image/png") -> int:
    """Insert one item row (with its custody entry, as ingest would) and return its id."""
    n = next(_counter)
    sha = hashlib.sha256(f"{uuid.uuid4()}-{n}".encode()).hexdigest()
    uid = str(uuid.uuid4())
    with vault.write() as tx:
        cur = tx.execute(
            "INSERT INTO items (uuid, sha256, size, media_type, kind, original_name, import_method,"
            " imported_at, imported_utc_offset) VALUES (?, ?, 10, ?, 'image', ?, 'test', ?, 0)",
            (uid, sha, media_type, name, imported_at or utc_now()))
        tx.custody("item.import", [f"item:{uid}"], {"sha256": sha})
    return int(cur.lastrowid)
