# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyboard-complete and screen-reader-labelled: every toolbar action has its key (Ctrl+F search,
Ctrl+I import, Ctrl+E export, Ctrl+P report, Ctrl+R receive), and every interactive control of
every window and dialog has a name a screen reader can say (its own, or its label's)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from tests.ui.conftest import unlock

CTRL = QtCore.Qt.KeyboardModifier.ControlModifier
_INTERACTIVE = (QtWidgets.QAbstractButton, QtWidgets.QLineEdit, QtWidgets.QComboBox,
                QtWidgets.QAbstractSpinBox, QtWidgets.QAbstractSlider,
                QtWidgets.QAbstractItemView, QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)
# Qt's compound controls: their inner parts are named by the control itself
_COMPOUND = (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox, QtWidgets.QCalendarWidget,
             QtWidgets.QLineEdit, QtWidgets.QTabBar, QtWidgets.QFileDialog,
             QtWidgets.QScrollBar)
_QT_PARTS = {"qt_toolbar_ext_button", "qt_tableview_cornerbutton"}


def _inside_compound(w: QtWidgets.QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, _COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def spoken_name(w: QtWidgets.QWidget) -> str:
    """What a screen reader says for ``w``: Qt's accessible name (its own, its text, or the text
    of the label it is the buddy of)."""
    iface = QtGui.QAccessible.queryAccessibleInterface(w)
    return iface.text(QtGui.QAccessible.Text.Name).strip() if iface is not None else ""


def unnamed_controls(window: QtWidgets.QWidget) -> list[str]:
    bad = []
    for w in window.findChildren(QtWidgets.QWidget):
        if isinstance(w, QtWidgets.QTabBar):
            bad += [f"{type(w).__name__} tab {i}" for i in range(w.count())
                    if not w.tabText(i).strip() and not w.accessibleTabName(i).strip()]
            continue
        if (not isinstance(w, _INTERACTIVE) or isinstance(w, (QtWidgets.QScrollBar,
                                                               QtWidgets.QHeaderView))
                or w.objectName() in _QT_PARTS or _inside_compound(w)):
            continue
        if not spoken_name(w):
            owner = w.parentWidget()
            bad.append(f"{type(w).__name__} {w.objectName()!r} in "
                       f"{type(owner).__name__ if owner else '-'}")
    return bad


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_control_of_every_window_has_a_spoken_name(qtbot, styled, language: str) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.geometry_probe import _windows
    from ui.i18n import install

    install(language, styled)
    try:
        seen, bad = 0, []
        for name, make, _buttons in _windows():
            window: Any = make()
            qtbot.addWidget(window)
            window.show()  # the form labels are paired when a window is first shown
            seen += 1
            bad += [f"{name}: {b}" for b in unnamed_controls(window)]
            controls = [w for w in window.findChildren(QtWidgets.QWidget)
                        if isinstance(w, _INTERACTIVE)]
            assert controls, name  # the walk sees the controls at all
            window.close()
        assert seen == 32  # every window of the geometry probe
        assert bad == []
    finally:
        install("en", styled)


def test_the_walk_finds_a_nameless_control(qtbot, styled, en) -> None:  # type: ignore[no-untyped-def]
    """The audit is not blind: a bare field in a row of its own is reported; given a form label
    (even beside a button, in a layout), it is named after the label."""
    dialog = QtWidgets.QDialog()
    qtbot.addWidget(dialog)
    bare, paired, browse = (QtWidgets.QLineEdit(dialog), QtWidgets.QLineEdit(dialog),
                            QtWidgets.QPushButton("Choose…", dialog))
    row = QtWidgets.QHBoxLayout()
    row.addWidget(paired)
    row.addWidget(browse)
    form = QtWidgets.QFormLayout(dialog)
    form.addRow(bare)
    form.addRow("Folder:", row)
    dialog.show()
    assert unnamed_controls(dialog) == ["QLineEdit '' in QDialog"]
    assert spoken_name(paired) == "Folder:"


def _key_opens(qtbot, window, key: QtCore.Qt.Key, dialog_of) -> QtWidgets.QWidget:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window)
    qtbot.keyClick(window, key, CTRL)
    qtbot.waitUntil(lambda: dialog_of() is not None and dialog_of().isVisible(), timeout=30000)
    return dialog_of()


def test_toolbar_actions_have_their_keys(qtbot, shell, en) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window, flows = shell.main_window, shell.flows
    qtbot.waitUntil(lambda: not shell.controller.runner.running, timeout=30000)

    window.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window)
    window.evidence.grid.setFocus()
    window.search_edit.setText("threat")
    qtbot.keyClick(window.evidence.grid, QtCore.Qt.Key.Key_F, CTRL)
    assert window.search_edit.hasFocus()
    assert window.search_edit.selectedText() == "threat"  # typing replaces the old search

    for key, dialog_of in ((QtCore.Qt.Key.Key_E, lambda: flows.export.dialog),
                           (QtCore.Qt.Key.Key_P, lambda: flows.report.dialog),
                           (QtCore.Qt.Key.Key_R, lambda: flows.receive.dialog)):
        dialog = _key_opens(qtbot, window, key, dialog_of)
        dialog.close()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())

    # Ctrl+I and Ctrl+O: the file chooser of "Import files…" (closed again as soon as it shows)
    for key in (QtCore.Qt.Key.Key_I, QtCore.Qt.Key.Key_O):
        chosen: list[str] = []

        def close_chooser(found: list[str] = chosen) -> None:
            box = QtWidgets.QApplication.activeModalWidget()
            if isinstance(box, QtWidgets.QFileDialog):
                found.append(box.windowTitle())
                box.reject()
            else:
                QtCore.QTimer.singleShot(20, close_chooser)

        QtCore.QTimer.singleShot(20, close_chooser)
        window.activateWindow()
        qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window)
        qtbot.keyClick(window, key, CTRL)
        qtbot.waitUntil(lambda c=chosen: bool(c), timeout=10000)
        assert chosen == ["Choose files to import"]

    # the same keys are what the menus and tooltips say
    assert [s.toString() for s in window.import_files_action.shortcuts()] == ["Ctrl+I", "Ctrl+O"]
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    assert window.export_action.toolTip() == "Export (\u2066Ctrl+E\u2069)"
    assert "Ctrl+I" in window.import_files_action.toolTip()
