# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures. Every test runs with sockets disabled (pytest-socket) and a private
HOME/TMPDIR."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_configure(config: pytest.Config) -> None:
    # No network, ever: any socket the code under test opens fails the test.
    config.option.disable_socket = True
    config.option.allow_unix_socket = False


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own HOME, XDG folders and TMPDIR, so that "nothing was written" checks
    look at this test's folders only (never the machine's shared /tmp)."""
    import tempfile

    home = tmp_path_factory.mktemp("home")
    private_tmp = tmp_path_factory.mktemp("tmpdir")
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    return home


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    from tests.helpers import Cli

    return Cli(tmp_path, capsys)


@pytest.fixture
def vault(tmp_path: Path):  # type: ignore[no-untyped-def]
    from app.vault import KdfParams, create_vault
    from tests.helpers import PASSPHRASE

    v = create_vault(tmp_path / "fixture.bayyina", PASSPHRASE, KdfParams.testing())
    yield v
    v.lock()
