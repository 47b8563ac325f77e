# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Multi-line fields that follow the direction of what is written in them, paragraph by paragraph.

``QPlainTextEdit`` lays every paragraph out left-aligned whatever its script (its layout never
turns the alignment for a right-to-left paragraph): a note written in Arabic sat against the left
edge, and one direction set for the whole field would turn an English line under an Arabic one
backwards (".Same wording as the post"). :class:`NotesEdit` is a plain-text ``QTextEdit``, whose
layout gives each paragraph the direction of its first strong character — as ``dir="auto"`` does
on the web — and aligns it on that side; an empty paragraph takes the interface's direction, so
the caret starts on the right in Arabic. Nothing but plain text goes in (pasted HTML is read as
text). Every multi-line field of the interface is one (``tests/ui/test_text_direction.py`` walks
every window to hold this).
"""

from __future__ import annotations

import unicodedata

from PySide6 import QtCore, QtWidgets

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


class NotesEdit(QtWidgets.QTextEdit):
    """A plain-text multi-line field (``toPlainText``/``setPlainText`` as ``QPlainTextEdit``);
    each paragraph in its own direction."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setAutoFormatting(QtWidgets.QTextEdit.AutoFormattingFlag.AutoNone)
        self.setLineWrapMode(QtWidgets.QTextEdit.LineWrapMode.WidgetWidth)
        self.textChanged.connect(self._follow_text)
        self._follow_text()

    @QtCore.Slot()
    def _follow_text(self) -> None:
        """Each paragraph its own direction; an empty field the interface's (Qt would take an
        empty paragraph as left to right)."""
        empty = self.document().characterCount() <= 1  # the one closing paragraph mark
        want = QtWidgets.QApplication.layoutDirection() if empty else \
            QtCore.Qt.LayoutDirection.LayoutDirectionAuto
        option = self.document().defaultTextOption()
        if option.textDirection() != want:
            option.setTextDirection(want)
            self.document().setDefaultTextOption(option)

    def paragraph_directions(self) -> list[QtCore.Qt.LayoutDirection]:
        """How each paragraph is laid out (what a test, or a screen reader, can ask)."""
        out = []
        block = self.document().begin()
        while block.isValid():
            out.append(block.textDirection())
            block = block.next()
        return out
