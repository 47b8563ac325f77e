# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Public API of the encrypted vault."""

from app.vault.core import Tx, Vault, VaultInfo, create_vault, is_vault, open_vault, read_key_file
from app.vault.keys import KdfParams

__all__ = ["KdfParams", "Tx", "Vault", "VaultInfo", "create_vault", "is_vault", "open_vault",
           "read_key_file"]
