# SPDX-License-Identifier: GPL-3.0-or-later
"""Words and names in her language: a pasted picture named and dated, never the English
"clipboard"; Qt's file dialog: no English label, no «الأدلّة» for folders, paths left to right."""

from __future__ import annotations

import re

import pytest
from PySide6 import QtCore, QtGui

from tests.ui.conftest import png_bytes, unlock


@pytest.mark.parametrize("language", ["ar", "en"])
def test_pasted_picture_name(qtbot, shell, language) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install

    install(language, shell.app)
    try:
        unlock(qtbot, shell)
        window = shell.main_window
        QtGui.QGuiApplication.clipboard().setImage(
            QtGui.QImage.fromData(png_bytes((10, 120, 40), (80, 60))))
        with qtbot.waitSignal(shell.flows.imports.summary_shown, timeout=60000):
            window.paste_action.trigger()
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=30000)
        name = window.model.row_for(0).untrusted_name
    finally:
        install("en", shell.app)
    word = {"ar": "صورة ملصقة", "en": "Pasted picture"}[language]
    assert "clipboard" not in name.lower()
    assert re.fullmatch(word + r" \d{4}-\d\d-\d\d \d\d:\d\d", name), name


def test_pasted_name_format(en) -> None:  # type: ignore[no-untyped-def]
    from ui.flows.import_flow import pasted_name

    when = QtCore.QDateTime(QtCore.QDate(2026, 12, 2), QtCore.QTime(14, 3))
    assert pasted_name(when) == "Pasted picture 2026-12-02 14:03"


def test_arabic_file_dialog_words_and_paths(qtbot, ar) -> None:  # type: ignore[no-untyped-def]
    """Qt's dialog in Arabic: no English label left, no «الأدلّة»/«الدّليل» (our word for the
    evidence) for folders, and the path reads left to right."""
    from PySide6 import QtWidgets

    from ui.widgets import file_picker

    for kwargs in ({"folder": True}, {"many": True}):
        dlg = file_picker.make_dialog(None, "x", **kwargs)
        qtbot.addWidget(dlg)
        dlg.show()
        texts = [w.text() for w in dlg.findChildren(QtWidgets.QLabel)]
        texts += [w.text() for w in dlg.findChildren(QtWidgets.QAbstractButton)]
        texts += [w.toolTip() for w in dlg.findChildren(QtWidgets.QAbstractButton)]
        for combo in dlg.findChildren(QtWidgets.QComboBox):
            texts += [combo.itemText(i) for i in range(combo.count())]
        shown = " | ".join(t for t in texts if t)
        assert "Look in" not in shown and "Files of" not in shown, shown
        assert "أدل" not in shown.replace("ّ", "") and "دليل" not in shown.replace("ّ", ""), shown
        assert "المجلد" in shown
        combo = dlg.findChild(QtWidgets.QComboBox, "lookInCombo")
        assert combo.layoutDirection() == QtCore.Qt.LayoutDirection.LeftToRight
        assert dlg.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
        file_picker.finish(dlg)


def test_qt_words_leave_other_qt_strings_alone(ar) -> None:  # type: ignore[no-untyped-def]
    """Only the listed strings are ours; every other Qt string keeps qtbase's translation."""
    translate = QtCore.QCoreApplication.translate
    assert translate("QFileDialog", "Back") == "ارجع"  # qtbase_ar.qm's
    assert translate("QFileDialog", "Directories") == "المجلدات"  # ours
    assert translate("NoSuchContext", "Some text") == "Some text"


def test_look_in_path_is_drawn_left_to_right(qtbot, styled) -> None:  # type: ignore[no-untyped-def]
    """The "Look in" box draws "/home/me" in the Arabic dialog exactly as in the English one."""
    from PySide6 import QtWidgets

    from ui.i18n import install
    from ui.widgets import file_picker

    grabs = []
    try:
        for language in ("en", "ar"):
            install(language, styled)
            dlg = file_picker.make_dialog(None, "x", folder=True)
            qtbot.addWidget(dlg)
            dlg.show()
            combo = dlg.findChild(QtWidgets.QComboBox, "lookInCombo")
            combo.setFixedWidth(300)
            QtWidgets.QApplication.processEvents()
            grabs.append(combo.grab().toImage())
            file_picker.finish(dlg)
    finally:
        install("en", styled)
    assert grabs[0].size() == grabs[1].size()
    assert grabs[0] == grabs[1]
