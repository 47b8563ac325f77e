# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The unlock form: which vault, the passphrase, Unlock. Emits intent only."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ui.i18n import _
from ui.widgets import file_picker


class UnlockView(QtWidgets.QWidget):
    """Emits:
        unlock_requested(str, str): vault folder and passphrase.
        create_chosen(): the user wants a new vault instead.
    """

    unlock_requested = QtCore.Signal(str, str)
    create_chosen = QtCore.Signal()

    def __init__(self, vault_path: Path | None, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()
        if vault_path is not None:
            self.path_edit.setText(str(vault_path))
        self._on_fields_edited()

    def _build_ui(self) -> None:
        self.heading = QtWidgets.QLabel(_("Open your vault"), self)
        self.heading.setObjectName("sectionHeading")
        self.path_edit = QtWidgets.QLineEdit(self)
        self.path_edit.setPlaceholderText(_("Vault folder"))
        self.path_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.browse_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.passphrase_edit = QtWidgets.QLineEdit(self)
        self.passphrase_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(_("Passphrase"))
        self.unlock_button = QtWidgets.QPushButton(_("Unlock"), self)
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setDefault(True)
        self.create_button = QtWidgets.QPushButton(_("Create a new vault…"), self)
        self.create_button.setFlat(True)

        path_row = QtWidgets.QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Vault:"), path_row)
        form.addRow(_("Passphrase:"), self.passphrase_edit)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.passphrase_edit.returnPressed.connect(self._on_unlock_button_clicked)
        self.create_button.clicked.connect(self.create_chosen.emit)
        self.path_edit.textChanged.connect(self._on_fields_edited)
        self.passphrase_edit.textChanged.connect(self._on_fields_edited)

    @QtCore.Slot()
    def _on_fields_edited(self) -> None:
        self.unlock_button.setEnabled(bool(self.path_edit.text().strip())
                                      and bool(self.passphrase_edit.text()))

    @QtCore.Slot()
    def _on_browse_button_clicked(self) -> None:
        chosen = file_picker.choose(self, _("Choose the vault folder"), folder=True)
        if chosen:
            self.path_edit.setText(str(chosen[0]))
            self.passphrase_edit.setFocus()

    @QtCore.Slot()
    def _on_unlock_button_clicked(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        passphrase = self.passphrase_edit.text()
        self.passphrase_edit.clear()  # never keep it in a widget longer than needed
        self.unlock_requested.emit(self.path_edit.text().strip(), passphrase)

    def set_busy(self, busy: bool) -> None:
        for w in (self.path_edit, self.browse_button, self.passphrase_edit, self.create_button):
            w.setEnabled(not busy)
        if busy:
            self.unlock_button.setEnabled(False)
        else:
            self._on_fields_edited()
            self.passphrase_edit.setFocus()
