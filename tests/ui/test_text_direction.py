# SPDX-License-Identifier: GPL-3.0-or-later
"""Multi-line fields follow the direction of their text, paragraph by paragraph: an Arabic note
sits on the right, an English one on the left, in either interface language, and an English line
under an Arabic one stays the right way round; every multi-line field is one of these."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

ARABIC = "تهديد بالقتل من حساب مجهول"
ENGLISH = "death threat from an anonymous account"


def _html(html: str) -> QtCore.QMimeData:
    mime = QtCore.QMimeData()
    mime.setHtml(html)
    mime.setText("bold x")
    return mime


def _ink(edit: QtWidgets.QTextEdit, line: int = 0) -> tuple[int, int]:
    """Leftmost and rightmost dark pixel of one line, as painted."""
    image = edit.viewport().grab().toImage()
    height = edit.fontMetrics().lineSpacing()
    top = 4 + line * height
    xs = [x for x in range(image.width()) for y in range(top, top + height)
          if QtGui.QColor(image.pixel(x, y)).lightness() < 110]
    assert xs, "nothing painted"
    return min(xs), max(xs)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_notes_follow_their_text(qtbot, styled, language: str) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.case_editor import CaseEditorDialog
    from ui.i18n import install

    install(language, styled)
    try:
        dialog = CaseEditorDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        edit = dialog.notes_edit
        edit.resize(400, edit.height())
        width = edit.viewport().width()
        edit.setPlainText(ARABIC)
        qtbot.wait(10)
        left, right = _ink(edit)
        assert left > width / 2 and right > width - 20  # against the right edge
        edit.setPlainText(ENGLISH[:20])
        qtbot.wait(10)
        left, right = _ink(edit)
        assert left < 20 and right < width / 2  # against the left edge
        # two paragraphs, two directions: each on its own side, read the right way round
        edit.setPlainText(ARABIC + "\n" + ENGLISH[:20] + ".")
        qtbot.wait(10)
        rtl, ltr = QtCore.Qt.LayoutDirection.RightToLeft, QtCore.Qt.LayoutDirection.LeftToRight
        assert edit.paragraph_directions() == [rtl, ltr]
        assert _ink(edit, 0)[0] > width / 2 and _ink(edit, 1)[1] < width / 2
        edit.setPlainText("2024 " + ARABIC)  # digits are weak: the Arabic decides
        assert edit.paragraph_directions() == [rtl]
        edit.clear()  # empty: the interface's direction (the caret starts where she reads)
        assert edit.paragraph_directions() == [rtl if language == "ar" else ltr]
        edit.insertFromMimeData(_html("<b>bold</b> <i>x</i>"))  # a paste of formatted text
        assert edit.toPlainText() == "bold x"
        cursor = edit.textCursor()
        cursor.setPosition(1)
        assert not cursor.charFormat().font().bold()  # kept as plain text
    finally:
        install("en", styled)


def test_every_multi_line_field_is_one_of_these(qtbot, styled, en) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.geometry_probe import _windows
    from ui.widgets.text_direction import NotesEdit

    fields = []
    for name, make, _buttons in _windows():
        window: Any = make()
        qtbot.addWidget(window)
        edits = [*window.findChildren(QtWidgets.QPlainTextEdit),
                 *window.findChildren(QtWidgets.QTextEdit)]
        fields += [(name, isinstance(e, NotesEdit)) for e in edits if not e.isReadOnly()]
    assert {name for name, _n in fields} >= {"case editor", "perpetrator editor", "main window"}
    assert [name for name, ok in fields if not ok] == []
