# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Multi-line fields that follow the direction of what is written in them.

``QPlainTextEdit`` lays every paragraph out left-aligned whatever its script (unlike
``QTextEdit`` and ``QLineEdit``, it ignores the text's direction): a note written in Arabic sat
against the left edge. :func:`follow_text_direction` sets the field's direction and alignment from
the first strong character of its text — as ``dir="auto"`` does on the web — and from the
interface's direction while it is empty (so the placeholder and the caret start on the right in
Arabic). Every multi-line field of the interface is hooked (``tests/ui/test_text_direction.py``
walks every window to hold this).
"""

from __future__ import annotations

import unicodedata

from PySide6 import QtCore, QtGui, QtWidgets

HOOKED = "bayyina_follows_text_direction"
_LTR, _RTL = QtCore.Qt.LayoutDirection.LeftToRight, QtCore.Qt.LayoutDirection.RightToLeft


def text_direction(text: str) -> QtCore.Qt.LayoutDirection | None:
    """The direction of the first strong character (Unicode bidi class L, R or AL); None when
    the text has none (empty, digits, punctuation)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return _LTR
        if kind in ("R", "AL"):
            return _RTL
    return None


def _apply(edit: QtWidgets.QPlainTextEdit) -> None:
    direction = text_direction(edit.toPlainText()) or QtGui.QGuiApplication.layoutDirection()
    side = QtCore.Qt.AlignmentFlag.AlignRight if direction == _RTL else \
        QtCore.Qt.AlignmentFlag.AlignLeft
    alignment = side | QtCore.Qt.AlignmentFlag.AlignAbsolute
    doc = edit.document()
    option = doc.defaultTextOption()
    if option.textDirection() == direction and option.alignment() == alignment:
        return
    option.setTextDirection(direction)
    option.setAlignment(alignment)
    doc.setDefaultTextOption(option)


def follow_text_direction(edit: QtWidgets.QPlainTextEdit) -> QtWidgets.QPlainTextEdit:
    """Keep ``edit`` aligned with the direction of its text from now on; returns it."""
    if not edit.property(HOOKED):
        edit.setProperty(HOOKED, True)
        edit.textChanged.connect(lambda: _apply(edit))
    _apply(edit)
    return edit
