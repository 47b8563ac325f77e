# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Restore from a backup (issue 16), from the start window: the backup file, the new vault's
folder, what opens the backup (its passphrase or the organisation's identity file) and the
vault's passphrase when it was backed up. Emits a :class:`ui.jobs.safety.RestoreRequest`; the
controller runs :func:`app.handover.backup.restore_vault` (no vault is open)."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ui.i18n import _
from ui.jobs.safety import RestoreRequest
from ui.widgets import file_picker


class RestoreDialog(QtWidgets.QDialog):
    """Emits:
        restore_requested(object): a :class:`RestoreRequest`.
    """

    restore_requested = QtCore.Signal(object)

    def __init__(self, suggested: Path, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore from a backup"))
        self._build_ui(suggested)
        self._connect_signals()
        self._on_fields_edited()

    def _path_row(self, edit: QtWidgets.QLineEdit, button: QtWidgets.QPushButton
                  ) -> QtWidgets.QHBoxLayout:
        edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        return row

    def _build_ui(self, suggested: Path) -> None:
        self.file_edit = QtWidgets.QLineEdit(self)
        self.file_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.folder_edit = QtWidgets.QLineEdit(str(suggested), self)
        self.folder_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.passphrase_radio = QtWidgets.QRadioButton(_("Its backup passphrase"), self)
        self.passphrase_radio.setChecked(True)
        self.identity_radio = QtWidgets.QRadioButton(_("The organisation's identity file"), self)
        self.backup_edit = QtWidgets.QLineEdit(self)
        self.vault_edit = QtWidgets.QLineEdit(self)
        for edit in (self.backup_edit, self.vault_edit):
            edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.identity_edit = QtWidgets.QLineEdit(self)
        self.identity_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.note = QtWidgets.QLabel(
            _("The restored vault knows it is a restore: its bundles continue where the backup "
              "left off, and the organisation is told if two copies export."), self)
        self.note.setObjectName("hint")
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.status_label = QtWidgets.QLabel(self)
        for label in (self.note, self.error_label, self.status_label):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.error_label.hide()
        self.status_label.hide()
        self.buttons = QtWidgets.QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            _("Restore"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(
            QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Backup file:"), self._path_row(self.file_edit, self.file_button))
        form.addRow(_("New vault folder:"), self._path_row(self.folder_edit, self.folder_button))
        form.addRow(self.passphrase_radio)
        form.addRow(_("Backup passphrase:"), self.backup_edit)
        form.addRow(self.identity_radio)
        form.addRow(_("Identity file:"), self._path_row(self.identity_edit,
                                                        self.identity_button))
        form.addRow(_("Vault passphrase:"), self.vault_edit)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(600, 0)

    def _connect_signals(self) -> None:
        for edit in (self.file_edit, self.folder_edit, self.backup_edit, self.vault_edit,
                     self.identity_edit):
            edit.textChanged.connect(self._on_fields_edited)
        self.passphrase_radio.toggled.connect(self._on_fields_edited)
        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.identity_button.clicked.connect(self._on_identity_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.close_button.clicked.connect(self.reject)

    @QtCore.Slot()
    @QtCore.Slot(bool)
    def _on_fields_edited(self, _checked: bool = False) -> None:
        own = self.passphrase_radio.isChecked()
        self.backup_edit.setEnabled(own)
        self.identity_edit.setEnabled(not own)
        self.identity_button.setEnabled(not own)
        opens = bool(self.backup_edit.text()) if own else bool(self.identity_edit.text().strip())
        self.restore_button.setEnabled(opens and bool(self.vault_edit.text())
                                       and bool(self.file_edit.text().strip())
                                       and bool(self.folder_edit.text().strip()))

    def _choose(self, edit: QtWidgets.QLineEdit, title: str, *, folder: bool) -> None:
        chosen = file_picker.choose(self, title, folder=folder)
        if chosen:
            edit.setText(str(chosen[0]))

    @QtCore.Slot()
    def _on_file_button_clicked(self) -> None:
        self._choose(self.file_edit, _("Choose the backup file"), folder=False)

    @QtCore.Slot()
    def _on_folder_button_clicked(self) -> None:
        self._choose(self.folder_edit, _("Choose the new vault's folder"), folder=True)

    @QtCore.Slot()
    def _on_identity_button_clicked(self) -> None:
        self._choose(self.identity_edit, _("Choose the identity file"), folder=False)

    @QtCore.Slot()
    def _on_restore_button_clicked(self) -> None:
        own = self.passphrase_radio.isChecked()
        request = RestoreRequest(
            Path(self.file_edit.text().strip()), Path(self.folder_edit.text().strip()),
            self.vault_edit.text(), self.backup_edit.text() if own else None,
            None if own else Path(self.identity_edit.text().strip()))
        self.backup_edit.clear()
        self.vault_edit.clear()
        self.error_label.hide()
        self.status_label.setText(_("Restoring and checking every file…"))
        self.status_label.show()
        self.restore_button.setEnabled(False)
        self.restore_requested.emit(request)

    def show_error(self, message: str) -> None:
        self.status_label.hide()
        self.error_label.setText(message)
        self.error_label.show()
        self._on_fields_edited()
