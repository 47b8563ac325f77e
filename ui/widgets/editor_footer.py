# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The bottom of an editor dialog: an error line, a two-step delete, Close and Save.

Delete asks first: the first click shows ``confirm_text`` and a "Delete for good" button; the
dialog decides what the second click does.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.i18n import _


class EditorFooterWidget(QtWidgets.QWidget):
    def __init__(self, *, confirm_text: str, delete_text: str, save_text: str,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.confirm_label = QtWidgets.QLabel(confirm_text, self)
        self.confirm_label.setObjectName("error")
        self.confirm_label.setWordWrap(True)
        self.delete_button = QtWidgets.QPushButton(delete_text, self)
        self.confirm_button = QtWidgets.QPushButton(_("Delete for good"), self)
        self.save_button = QtWidgets.QPushButton(save_text, self)
        self.save_button.setObjectName("primary")
        self.close_button = QtWidgets.QPushButton(_("Close"), self)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.confirm_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.confirm_label.hide()
        self.confirm_button.hide()
        self.delete_button.clicked.connect(self._on_delete_button_clicked)

    @QtCore.Slot()
    def _on_delete_button_clicked(self) -> None:
        """The first click only asks: the confirmation and "Delete for good" appear."""
        self.confirm_label.show()
        self.confirm_button.show()
        self.delete_button.hide()
