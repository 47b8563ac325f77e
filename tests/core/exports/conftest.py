# SPDX-License-Identifier: GPL-3.0-or-later
"""A vault filled with the demo case, copied fresh for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cases.demo import fill_demo
from app.vault import KdfParams, Vault, create_vault, open_vault
from tests.helpers import PASSPHRASE


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("demo")
    v = create_vault(root / "demo.bayyina", PASSPHRASE, KdfParams.testing())
    title = fill_demo(v).case_title
    v.lock()
    return root / "demo.bayyina", title


@pytest.fixture
def demo(demo_template: tuple[Path, str], tmp_path: Path) -> Iterator[tuple[Vault, str]]:
    src, title = demo_template
    dst = tmp_path / "vault" / src.name
    shutil.copytree(src.parent, dst.parent)
    v = open_vault(dst, PASSPHRASE)
    yield v, title
    v.lock()


@pytest.fixture
def demo_path(demo_template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    """A copy of the demo vault, closed (for the command line)."""
    src, title = demo_template
    dst = tmp_path / "vault" / src.name
    shutil.copytree(src.parent, dst.parent)
    return dst, title
