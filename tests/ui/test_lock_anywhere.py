# SPDX-License-Identifier: GPL-3.0-or-later
"""Ctrl+L and the panic key work from any dialog (a modal one included), closing every dialog of
the session first; the panic button is in the toolbar."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets
from PySide6.QtTest import QTest

from tests.ui.conftest import unlock

CTRL = QtCore.Qt.KeyboardModifier.ControlModifier
SHIFT = QtCore.Qt.KeyboardModifier.ShiftModifier


def _open_windows(shell) -> list[QtWidgets.QWidget]:  # type: ignore[no-untyped-def]
    return [w for w in QtWidgets.QApplication.topLevelWidgets()
            if w.isVisible() and w is not shell.start_window]


def _press(widget: QtWidgets.QWidget, mods: QtCore.Qt.KeyboardModifier) -> None:
    QTest.keyClick(widget, QtCore.Qt.Key.Key_L, mods)


@pytest.mark.parametrize(("mods", "reason"), [(CTRL, "user"), (CTRL | SHIFT, "panic")])
def test_lock_keys_from_the_export_dialog(qtbot, shell, mods, reason) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window = shell.main_window
    window.export_action.trigger()
    dialog = shell.flows.export.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.isModal()
    focus = dialog.focusWidget() or dialog
    with qtbot.waitSignal(shell.controller.vault_locked, timeout=5000) as blocker:
        _press(focus, mods)
    assert blocker.args == [reason]
    assert shell.controller.vault is None
    assert _open_windows(shell) == []
    if reason == "panic":
        assert shell.start_window.isMinimized()


def test_lock_key_closes_a_message_box_and_a_file_dialog(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    """Dialogs in their own event loop (exec) return as cancelled; the lock still happens."""
    from ui.widgets import file_picker

    unlock(qtbot, shell)
    window = shell.main_window
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, "t", "m",
                                QtWidgets.QMessageBox.StandardButton.Close, window)
    box.open()
    qtbot.waitUntil(box.isVisible)
    chosen: list[object] = []

    def press_in_file_dialog() -> None:
        dialogs = [w for w in QtWidgets.QApplication.topLevelWidgets()
                   if isinstance(w, QtWidgets.QFileDialog) and w.isVisible()]
        assert dialogs
        _press(dialogs[0].focusWidget() or dialogs[0], CTRL)

    QtCore.QTimer.singleShot(200, press_in_file_dialog)
    with qtbot.waitSignal(shell.controller.vault_locked, timeout=5000):
        chosen.append(file_picker.choose(window, "x", folder=True))
    assert chosen == [[]]
    assert shell.controller.vault is None
    assert _open_windows(shell) == []


def test_panic_button_in_the_toolbar(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window = shell.main_window
    assert window.panic_action in window.toolbar.actions()
    assert not window.panic_action.icon().isNull()
    button = window.toolbar.widgetForAction(window.panic_action)
    assert button.isVisible() and button.text() == window.panic_action.text()
    window.receive_action.trigger()
    qtbot.waitUntil(lambda: shell.flows.receive.dialog is not None
                    and shell.flows.receive.dialog.isVisible())
    with qtbot.waitSignal(shell.controller.vault_locked) as blocker:
        window.panic_action.trigger()
    assert blocker.args == ["panic"]
    assert _open_windows(shell) == []


def test_lock_keys_do_nothing_while_locked(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    """Locked, Ctrl+L reaches the start window's fields as any key would."""
    edit = shell.start_window.unlock_view.passphrase_edit
    seen: list[str] = []
    shell.app.lock_key_pressed.connect(seen.append)
    _press(edit, CTRL)
    assert seen == []
    assert shell.start_window.isVisible()
