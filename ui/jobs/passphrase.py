# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What a worker runs to change the passphrase: a routine rewrap, or a rekey (every page
re-encrypted under a new master key, the old key file made useless; ``app.vault.rekey``)."""

from __future__ import annotations

from app.tasks import ProgressFn
from app.vault import Vault


def change_passphrase(vault: Vault, old: str, new: str, rekey: bool,
                      progress: ProgressFn | None = None) -> bool:
    """Returns ``rekey`` (the flow tells the two outcomes apart)."""
    if rekey:
        vault.rekey(old, new, progress=progress)
    else:
        vault.change_passphrase(old, new)
    return rekey
