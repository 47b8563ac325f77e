# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A new category of abuse, from the tag editor: its name in Arabic and/or English."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.i18n import _


class NewCategoryDialog(QtWidgets.QDialog):
    """Emits:
        category_accepted(str, str): the English and the Arabic name (either may be empty).
    """

    category_accepted = QtCore.Signal(str, str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New category of abuse"))
        self._build_ui()
        self._connect_signals()
        self._on_fields_edited()

    def _build_ui(self) -> None:
        self.ar_edit = QtWidgets.QLineEdit(self)
        self.ar_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.RightToLeft)
        self.en_edit = QtWidgets.QLineEdit(self)
        self.en_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        for edit in (self.ar_edit, self.en_edit):
            edit.setMaxLength(120)
        hint = QtWidgets.QLabel(_("One name is enough: it is shown in both languages."), self)
        hint.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Name in Arabic:"), self.ar_edit)
        form.addRow(_("Name in English:"), self.en_edit)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Create"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(440, self.sizeHint().height())

    def _connect_signals(self) -> None:
        self.ar_edit.textChanged.connect(self._on_fields_edited)
        self.en_edit.textChanged.connect(self._on_fields_edited)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _names(self) -> tuple[str, str]:
        return self.en_edit.text().strip(), self.ar_edit.text().strip()

    @QtCore.Slot()
    def _on_fields_edited(self) -> None:
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(any(self._names()))

    @QtCore.Slot()
    def _on_buttons_accepted(self) -> None:
        en, ar = self._names()
        if en or ar:
            self.category_accepted.emit(en, ar)
            self.accept()
