# SPDX-License-Identifier: GPL-3.0-or-later
"""pytest-qt fixtures for the GUI: our Application class, the language, a cheap-KDF controller.

tests/conftest.py already forces QT_QPA_PLATFORM=offscreen (unless set), disables sockets and gives
every test a private HOME / XDG_* folders.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import PASSPHRASE


@pytest.fixture(scope="session")
def qapp_cls():  # type: ignore[no-untyped-def]
    from ui.application import Application
    from ui.compat import make_none_immortal

    make_none_immortal()  # as ui.main does: see ui/compat.py (PySide6 6.12 + CPython 3.11)

    return Application


@pytest.fixture(scope="session")
def styled(qapp):  # type: ignore[no-untyped-def]
    from ui.style import apply_style

    apply_style(qapp)
    return qapp


@pytest.fixture(params=["en"])
def lang(request: pytest.FixtureRequest, styled) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from ui.i18n import install

    install(request.param, styled)
    yield request.param
    install("en", styled)


@pytest.fixture
def ar(styled) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from ui.i18n import install

    install("ar", styled)
    yield "ar"
    install("en", styled)


@pytest.fixture
def en(styled) -> str:  # type: ignore[no-untyped-def]
    from ui.i18n import install

    install("en", styled)
    return "en"


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """A locked vault (cheap KDF) with the shared test passphrase."""
    from app.vault import KdfParams, create_vault

    path = tmp_path / "gui.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    return path


@pytest.fixture
def shell(qtbot, styled, vault_dir: Path):  # type: ignore[no-untyped-def]
    """Start window + controller over ``vault_dir``; locks and drains tasks at the end."""
    from app.vault import KdfParams
    from ui.controller import AppController
    from ui.settings import UiSettings
    from ui.shell import Shell

    controller = AppController(kdf=KdfParams.testing())
    sh = Shell(styled, controller, UiSettings(language="en"), vault_path=vault_dir, save=False)
    qtbot.addWidget(sh.start_window)
    sh.show()
    yield sh
    controller.lock("test")
    controller.runner.wait_for_done(30000)
    styled.processEvents()


def unlock(qtbot, sh, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    view = sh.start_window.unlock_view
    view.passphrase_edit.setText(passphrase)  # setText: keyClicks aborts on non-ASCII
    with qtbot.waitSignal(sh.main_window_shown, timeout=30000):
        view.unlock_button.click()
    qtbot.waitUntil(lambda: not sh.controller.runner.running, timeout=30000)


def png_bytes(color: tuple[int, int, int] = (200, 30, 60),
              size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()
