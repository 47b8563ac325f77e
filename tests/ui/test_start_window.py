# SPDX-License-Identifier: GPL-3.0-or-later
"""Start window: create a vault; unlock with a wrong then the right passphrase."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import PASSPHRASE
from tests.ui.conftest import unlock


def test_start_window_unlock_wrong_then_right(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    start = shell.start_window
    view = start.unlock_view
    view.passphrase_edit.setText("not the passphrase")
    with qtbot.waitSignal(shell.controller.vault_open_failed, timeout=30000) as blocker:
        view.unlock_button.click()
    assert blocker.args[0].startswith("Wrong passphrase")
    assert start.error_label.isVisible()
    assert start.error_label.text() == blocker.args[0]
    assert view.passphrase_edit.text() == ""  # never left in the widget
    assert shell.main_window is None and shell.controller.vault is None

    unlock(qtbot, shell)
    assert shell.main_window is not None and shell.main_window.isVisible()
    assert not start.isVisible()
    assert shell.controller.is_unlocked


def test_start_window_create_vault(qtbot, styled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.vault import KdfParams, open_vault
    from ui.controller import AppController
    from ui.settings import UiSettings
    from ui.shell import Shell

    target = tmp_path / "new.bayyina"
    controller = AppController(kdf=KdfParams.testing())
    sh = Shell(styled, controller, UiSettings(language="en"), vault_path=None, save=False)
    qtbot.addWidget(sh.start_window)
    sh.show()
    start = sh.start_window
    start.show_create()
    view = start.create_view
    view.path_edit.setText(str(target))
    view.passphrase_edit.setText(PASSPHRASE)
    view.confirm_edit.setText(PASSPHRASE + "x")
    assert not view.create_button.isEnabled()
    assert view.match_label.text()
    view.confirm_edit.setText(PASSPHRASE)
    assert view.create_button.isEnabled()
    assert view.strength.update_for(PASSPHRASE) >= 2
    assert view.strength.update_for("abc") == 0
    view.strength.update_for(PASSPHRASE)
    with qtbot.waitSignal(sh.main_window_shown, timeout=30000):
        view.create_button.click()
    assert (target / "vault.key").is_file()
    controller.lock("test")
    controller.runner.wait_for_done(30000)
    open_vault(target, PASSPHRASE).lock()  # the passphrase typed twice is the one that opens it


def test_controller_create_rejects_mismatch(qtbot, styled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.vault import KdfParams
    from ui.controller import AppController

    controller = AppController(kdf=KdfParams.testing())
    with qtbot.waitSignal(controller.vault_open_failed) as blocker:
        controller.create_vault(tmp_path / "x.bayyina", "one", "two")
    assert "do not match" in blocker.args[0]
    assert not (tmp_path / "x.bayyina").exists()


def test_main_self_test_exits_zero() -> None:
    """``bayyina --self-test`` runs offscreen in a fresh process and exits 0."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "ui", "--self-test"], capture_output=True,
                          text=True, timeout=240, env=env, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "self-test ok" in proc.stdout and "main window ar" in proc.stdout
