# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Opening a vault for use: the one open path of both front ends (CLI and GUI).

``app.vault.open_vault`` unlocks the database and applies the frozen schema migrations; it knows
nothing of the layers above it. What those layers must do right after an unlock happens here, in
order, each step idempotent so that a crash between two of them is repaired by the next open:

1. what receipts killed part-way left staged is deleted
   (``app.handover.staging.clear_dead_receipts``; receipts still running in another process keep
   theirs);
2. derived data a migration marked stale is rebuilt by its owner (the search index:
   ``app.cases.index.rebuild_if_stale``).
"""

from __future__ import annotations

from pathlib import Path

from app.cases.index import rebuild_if_stale
from app.handover.staging import clear_dead_receipts
from app.vault import Vault, open_vault


def after_unlock(vault: Vault) -> None:
    """The maintenance every open needs (see the module docstring)."""
    clear_dead_receipts(vault)
    rebuild_if_stale(vault)


def open_session(path: Path, passphrase: str) -> Vault:
    """Unlock the vault at ``path`` and bring its derived data up to date."""
    vault = open_vault(path, passphrase)
    try:
        after_unlock(vault)
    except BaseException:
        vault.lock()
        raise
    return vault
