# SPDX-License-Identifier: GPL-3.0-or-later
"""A real inbox server on 127.0.0.1 for the sending tests. It runs in a child process, as does the
sender: the test process itself keeps its sockets disabled (pytest-socket), so "the vault process
opens no socket" stays true here too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.send.helpers import Inbox, make_cert, start_inbox


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    return make_cert(tmp_path_factory.mktemp("certs"))


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory,
          certs: tuple[Path, Path, str]) -> Iterator[Inbox]:
    cert, key, fp = certs
    server = start_inbox(tmp_path_factory.mktemp("inbox"), cert, key, fp)
    yield server
    server.stop()
