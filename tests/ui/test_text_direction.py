# SPDX-License-Identifier: GPL-3.0-or-later
"""Multi-line fields follow the direction of their text: an Arabic note sits on the right, an
English one on the left, in either interface language; every multi-line field is hooked."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

ARABIC = "تهديد بالقتل من حساب مجهول"
ENGLISH = "death threat from an anonymous account"


def _ink(edit: QtWidgets.QPlainTextEdit) -> tuple[int, int]:
    """Leftmost and rightmost dark pixel of the first line, as painted."""
    image = edit.viewport().grab().toImage()
    line = edit.fontMetrics().height() + 4
    xs = [x for x in range(image.width()) for y in range(line)
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
        edit.clear()  # empty: the interface's direction (the caret starts where she reads)
        expected = QtCore.Qt.AlignmentFlag.AlignRight if language == "ar" else \
            QtCore.Qt.AlignmentFlag.AlignLeft
        assert edit.document().defaultTextOption().alignment() & expected
        edit.setPlainText("2024 " + ARABIC)  # digits are weak: the Arabic decides
        assert edit.document().defaultTextOption().textDirection() == \
            QtCore.Qt.LayoutDirection.RightToLeft
    finally:
        install("en", styled)


def test_every_multi_line_field_is_hooked(qtbot, styled, en) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.geometry_probe import _windows
    from ui.widgets.text_direction import HOOKED

    fields = []
    for name, make, _buttons in _windows():
        window: Any = make()
        qtbot.addWidget(window)
        fields += [(name, bool(e.property(HOOKED)))
                   for e in window.findChildren(QtWidgets.QPlainTextEdit) if not e.isReadOnly()]
    assert {name for name, _h in fields} >= {"case editor", "perpetrator editor", "main window"}
    assert [name for name, hooked in fields if not hooked] == []
