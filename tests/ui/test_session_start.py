# SPDX-License-Identifier: GPL-3.0-or-later
"""The start of a session: "open my vault" (opt-in, never in neutral mode), the main window size
and view kept across unlocks and restarts, Enter submitting the forms, the strength meter colour."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from tests.helpers import PASSPHRASE
from tests.ui.conftest import unlock


@pytest.fixture
def make_shell(qtbot, styled) -> Iterator:  # type: ignore[no-untyped-def]
    """A Shell as ui.main builds one: settings loaded from (and saved to) the real settings file
    (the tests' private config folder), no vault path on the command line."""
    from app.vault import KdfParams
    from ui.controller import AppController
    from ui.settings import load_settings
    from ui.shell import Shell

    made: list = []

    def make():  # type: ignore[no-untyped-def]
        controller = AppController(kdf=KdfParams.testing())
        sh = Shell(styled, controller, load_settings(), vault_path=None)
        qtbot.addWidget(sh.start_window)
        sh.show()
        made.append(sh)
        return sh

    yield make
    for sh in made:
        sh.controller.lock("test")
        sh.controller.runner.wait_for_done(30000)


def _file() -> dict:  # type: ignore[type-arg]
    from ui.settings import settings_path

    return json.loads(settings_path().read_text(encoding="utf-8"))


def _unlock_at(qtbot, sh, path: Path) -> None:  # type: ignore[no-untyped-def]
    sh.start_window.show_unlock()
    sh.start_window.unlock_view.path_edit.setText(str(path))
    unlock(qtbot, sh)


def test_recent_vaults_opt_in_restart_opt_out(qtbot, make_shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    from ui.settings import UiSettings, save_settings

    save_settings(UiSettings(language="en"))
    first = make_shell()
    assert first.start_window.unlock_view.recent_paths() == []
    _unlock_at(qtbot, first, vault_dir)
    first.controller.lock("user")
    assert "recent_vaults" not in _file() or _file()["recent_vaults"] == []  # off by default

    first.apply_settings(UiSettings(language="en", remember_vaults=True))
    _unlock_at(qtbot, first, vault_dir)
    first.controller.lock("quit")
    assert _file()["recent_vaults"] == [str(vault_dir)]

    again = make_shell()  # a restart: the start window offers the vault, on the unlock form
    start = again.start_window
    assert start.unlock_view.recent_paths() == [str(vault_dir)]
    assert start.unlock_view.recent_list.isVisibleTo(start)
    assert start.stack.currentWidget() is start.unlock_view
    assert start.unlock_view.path_edit.text() == str(vault_dir)
    unlock(qtbot, again)  # the passphrase is all she types

    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(again.settings)
    assert dialog.remember_check.isChecked()
    dialog.remember_check.setChecked(False)
    again.apply_settings(dialog.result_settings())
    assert _file()["recent_vaults"] == [] and _file()["remember_vaults"] is False
    assert str(vault_dir) not in json.dumps(_file())
    assert again.start_window.unlock_view.recent_paths() == []


def test_neutral_mode_never_remembers(qtbot, make_shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.settings import SettingsDialog
    from ui.settings import UiSettings, load_settings, save_settings

    save_settings(UiSettings(language="en", remember_vaults=True, recent_vaults=[str(vault_dir)],
                             neutral_title=True))
    assert load_settings().recent_vaults == [] and not load_settings().remember_vaults
    sh = make_shell()
    assert sh.start_window.unlock_view.recent_paths() == []
    _unlock_at(qtbot, sh, vault_dir)
    sh.controller.lock("user")
    assert str(vault_dir) not in json.dumps(_file())
    dialog = SettingsDialog(UiSettings(language="en", remember_vaults=True))
    dialog.show()
    assert dialog.remember_check.isVisible()
    dialog.neutral_check.setChecked(True)
    assert not dialog.remember_check.isVisible()
    assert not dialog.result_settings().remember_vaults


def test_main_window_keeps_size_and_view(qtbot, make_shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    from ui.fit import available_area
    from ui.settings import UiSettings, save_settings
    from ui.views.evidence_list import GRID, TABLE

    save_settings(UiSettings(language="en"))
    sh = make_shell()
    _unlock_at(qtbot, sh, vault_dir)
    window = sh.main_window
    area = available_area(window)
    assert window.frameGeometry().height() <= area.height()  # never taller than the screen
    assert window.evidence.mode() == GRID
    window.table_action.trigger()
    small = QtCore.QSize(window.minimumSizeHint().width() + 2, 500)  # smaller than it opened
    assert small.width() <= area.width()
    window.resize(small)
    qtbot.waitUntil(lambda: window.size() == small)
    sh.controller.lock("user")

    _unlock_at(qtbot, sh, vault_dir)  # the same session
    assert sh.main_window.size() == small
    assert sh.main_window.evidence.mode() == TABLE and sh.main_window.table_action.isChecked()
    sh.main_window.close()  # closing the window keeps them too
    assert _file()["evidence_view"] == "table"
    sh.controller.lock("quit")

    again = make_shell()  # a restart
    _unlock_at(qtbot, again, vault_dir)
    assert again.main_window.size() == small
    assert again.main_window.evidence.mode() == TABLE


def test_saved_geometry_larger_than_the_screen_is_clamped(qtbot, make_shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    from ui.fit import available_area
    from ui.settings import UiSettings, save_settings
    from ui.windows.main_window import MainWindow

    big = MainWindow()
    big.setGeometry(0, 0, 4000, 3000)
    geometry = bytes(big.saveGeometry().toBase64().data()).decode("ascii")
    big.deleteLater()
    save_settings(UiSettings(language="en", main_geometry=geometry))
    sh = make_shell()
    _unlock_at(qtbot, sh, vault_dir)
    area = available_area(sh.main_window)
    assert sh.main_window.frameGeometry().height() <= area.height()
    assert sh.main_window.frameGeometry().width() <= area.width()


def test_enter_submits_create_and_unlock(qtbot, make_shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.settings import UiSettings, save_settings

    save_settings(UiSettings(language="en"))
    sh = make_shell()
    start = sh.start_window
    start.show_create()
    view = start.create_view
    target = tmp_path / "made-with-enter.bayyina"
    view.path_edit.setText(str(target))
    view.passphrase_edit.setText(PASSPHRASE)
    QTest.keyClick(view.passphrase_edit, QtCore.Qt.Key.Key_Return)  # not yet: no confirmation
    assert sh.controller.vault is None and not target.exists()
    view.confirm_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(sh.main_window_shown, timeout=30000):
        QTest.keyClick(view.confirm_edit, QtCore.Qt.Key.Key_Return)
    assert (target / "vault.key").is_file()
    sh.controller.lock("user")
    qtbot.waitUntil(lambda: not sh.controller.runner.running, timeout=30000)
    unlock_view = start.unlock_view
    unlock_view.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(sh.main_window_shown, timeout=30000):
        QTest.keyClick(unlock_view.path_edit, QtCore.Qt.Key.Key_Enter)  # from the path field too


def _colour(widget: QtWidgets.QProgressBar) -> QtGui.QColor:
    image = widget.grab().toImage()
    return image.pixelColor(2, image.height() // 2)


def test_strength_meter_colour_and_words(qtbot, styled) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.passphrase_strength import PassphraseStrengthWidget

    meter = PassphraseStrengthWidget()
    qtbot.addWidget(meter)
    meter.resize(300, 40)
    meter.show()
    hues = {}
    for text, lvl in (("abc", 0), ("abcdefghij", 1), ("abcdefghijklmnopq", 2),
                      (PASSPHRASE, 3)):
        assert meter.update_for(text) == lvl
        assert meter.label.text()  # the words, not colour alone
        assert meter.bar.accessibleDescription() == meter.label.text()
        hues[lvl] = _colour(meter.bar)
    assert hues[1].red() > 180 and hues[1].green() < 140  # red-orange
    assert hues[2].red() > 180 and 120 < hues[2].green() < 220 and hues[2].blue() < 100  # amber
    assert hues[3].green() > hues[3].red() + 40  # green
    assert len({c.name() for c in hues.values()}) == 4
