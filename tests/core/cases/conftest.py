# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the case-model tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.vault import KdfParams, Vault, create_vault, open_vault
from tests.helpers import PASSPHRASE


@pytest.fixture
def cvault(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh vault at the latest schema."""
    v = create_vault(tmp_path / "cases.bayyina", PASSPHRASE, KdfParams.testing())
    yield v
    v.lock()


def reopen(vault: Vault) -> Vault:
    path = vault.path
    vault.lock()
    return open_vault(path, PASSPHRASE)
