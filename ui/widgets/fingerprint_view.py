# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A signing fingerprint shown whole: 16 groups of four hex digits (selectable, left to right, in
the app's font size, wrapped by group, never clipped) and the same fingerprint as 32 words to
read aloud (:mod:`app.bundle.fingerprint_words`), in Arabic or English at her choice. The
defender's "My signing key" and the organisation's receive dialog use this one widget, so both
sides see the same groups and the same words."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.bundle.fingerprint_words import grouped_words
from app.bundle.signing import display_fingerprint
from app.errors import UsageError
from app.textsafety import ltr_isolate, one_line
from ui.i18n import _, current


def mono_font(widget: QtWidgets.QWidget) -> QtGui.QFont:
    """The system's fixed-width family at the size of the widget's own font (which follows the
    system's font size), not the fixed font's separate size."""
    font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
    size = widget.font().pointSizeF()
    if size > 0:
        font.setPointSizeF(size)
    return font


class FingerprintView(QtWidgets.QWidget):
    """Emits:
        copied(str): the grouped fingerprint was put on the clipboard.
    """

    copied = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._fingerprint = ""
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.hex_label = QtWidgets.QLabel(self)
        self.hex_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.hex_label.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.hex_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft)
        self.hex_label.setFont(mono_font(self))
        self.hex_label.setWordWrap(True)
        self.hex_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
            | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.hex_label.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.hex_label.setAccessibleName(_("Fingerprint"))
        self.copy_button = QtWidgets.QPushButton(_("Copy the fingerprint"), self)
        self.words_combo = QtWidgets.QComboBox(self)
        self.words_combo.addItem(_("Words in Arabic"), "ar")
        self.words_combo.addItem(_("Words in English"), "en")
        self.words_combo.setCurrentIndex(0 if current().lang == "ar" else 1)
        self.words_combo.setAccessibleName(_("Language of the words"))
        self.words_label = QtWidgets.QLabel(self)
        self.words_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.words_label.setWordWrap(True)
        self.words_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
            | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.words_label.setAccessibleName(_("The fingerprint as words"))
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.hex_label, 1)
        top.addWidget(self.copy_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        words_row = QtWidgets.QHBoxLayout()
        words_row.addWidget(QtWidgets.QLabel(_("To read aloud:"), self))
        words_row.addWidget(self.words_combo)
        words_row.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(words_row)
        layout.addWidget(self.words_label)

    def _connect_signals(self) -> None:
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.words_combo.currentIndexChanged.connect(self._on_words_combo_current_index_changed)

    def set_fingerprint(self, fingerprint: str) -> None:
        """Show ``fingerprint`` (64 hex digits, any grouping); an invalid one shows nothing."""
        try:
            self._fingerprint = display_fingerprint(fingerprint)
        except UsageError:
            self._fingerprint = ""
        # wraps between groups, never inside one; what is not a fingerprint is shown as it came
        self.hex_label.setText(self._fingerprint or ltr_isolate(one_line(fingerprint)))
        self.copy_button.setEnabled(bool(self._fingerprint))
        self._on_words_combo_current_index_changed()

    def fingerprint(self) -> str:
        return self._fingerprint

    def words(self) -> list[str]:
        """The shown words, line by line (four per line)."""
        if not self._fingerprint:
            return []
        return grouped_words(self._fingerprint, str(self.words_combo.currentData()))

    @QtCore.Slot()
    def _on_copy_button_clicked(self) -> None:
        if self._fingerprint:
            QtGui.QGuiApplication.clipboard().setText(self._fingerprint)
            self.copied.emit(self._fingerprint)

    @QtCore.Slot()
    def _on_words_combo_current_index_changed(self) -> None:
        lang = str(self.words_combo.currentData())
        lines = self.words()
        direction = (QtCore.Qt.LayoutDirection.RightToLeft if lang == "ar"
                     else QtCore.Qt.LayoutDirection.LeftToRight)
        self.words_label.setLayoutDirection(direction)
        self.words_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft)  # leading, by direction
        # numbered lines, so that "line 3, second word" can be said on the phone
        self.words_label.setText("\n".join(
            f"{QtCore.QLocale().toString(n)}. {ltr_isolate(line) if lang == 'en' else line}"
            for n, line in enumerate(lines, 1)))
