# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures shared by the handover tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.vault import KdfParams, create_vault
from tests.helpers import PASSPHRASE


@pytest.fixture
def org(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The organisation's vault, empty, that receives the bundles."""
    v = create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing())
    yield v
    v.lock()
