# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Back up now (issue 16): where the one encrypted file goes, and what opens it — a backup
passphrase of its own (typed twice) or the organisation's key from the address book. Emits a
:class:`ui.jobs.safety.BackupRequest`; the flow runs :func:`app.handover.backup.backup_vault`,
which reads the file back from the drive before it gets its name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.textsafety import bidi_isolate
from ui.i18n import _
from ui.jobs.safety import BackupRequest
from ui.widgets import file_picker


class BackupDialog(QtWidgets.QDialog):
    """``recipients``: (label, age recipient) of the address book.

    Emits:
        backup_requested(object): a :class:`BackupRequest`.
    """

    backup_requested = QtCore.Signal(object)

    def __init__(self, recipients: list[tuple[str, str]],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Back up the vault"))
        self._build_ui(recipients)
        self._connect_signals()
        self._on_fields_edited()

    def _build_ui(self, recipients: list[tuple[str, str]]) -> None:
        self.folder_edit = QtWidgets.QLineEdit(str(Path.home()), self)
        self.folder_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.folder_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.name_edit = QtWidgets.QLineEdit(
            f"backup-{datetime.now(UTC):%Y-%m-%d}.age", self)
        self.name_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.passphrase_radio = QtWidgets.QRadioButton(_("A backup passphrase of its own"), self)
        self.passphrase_radio.setChecked(True)
        self.recipient_radio = QtWidgets.QRadioButton(_("The organisation's key"), self)
        self.passphrase_edit = QtWidgets.QLineEdit(self)
        self.confirm_edit = QtWidgets.QLineEdit(self)
        for edit in (self.passphrase_edit, self.confirm_edit):
            edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.recipient_combo = QtWidgets.QComboBox(self)
        self.recipient_combo.setAccessibleName(_("The organisation's key"))
        for name, recipient in recipients:
            self.recipient_combo.addItem(bidi_isolate(name), recipient)
        self.recipient_radio.setEnabled(bool(recipients))
        self.note = QtWidgets.QLabel(
            _("With the organisation's key only the organisation can open the backup; with a "
              "passphrase, keep it apart from the file. The vault's own passphrase is still "
              "needed to restore."), self)
        self.note.setObjectName("hint")
        self.status_label = QtWidgets.QLabel(self)
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        for label in (self.note, self.status_label, self.error_label):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.status_label.hide()
        self.error_label.hide()
        self.buttons = QtWidgets.QDialogButtonBox(self)
        self.backup_button = self.buttons.addButton(
            _("Back up"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(
            QtWidgets.QDialogButtonBox.StandardButton.Close)
        folder_row = QtWidgets.QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Folder:"), folder_row)
        form.addRow(_("File name:"), self.name_edit)
        form.addRow(self.passphrase_radio)
        form.addRow(_("Backup passphrase:"), self.passphrase_edit)
        form.addRow(_("Backup passphrase again:"), self.confirm_edit)
        form.addRow(self.recipient_radio)
        form.addRow(_("Key:"), self.recipient_combo)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, 0)

    def _connect_signals(self) -> None:
        for edit in (self.folder_edit, self.name_edit, self.passphrase_edit, self.confirm_edit):
            edit.textChanged.connect(self._on_fields_edited)
        self.passphrase_radio.toggled.connect(self._on_fields_edited)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.close_button.clicked.connect(self.reject)

    @QtCore.Slot()
    @QtCore.Slot(bool)
    def _on_fields_edited(self, _checked: bool = False) -> None:
        own = self.passphrase_radio.isChecked()
        for w in (self.passphrase_edit, self.confirm_edit):
            w.setEnabled(own)
        self.recipient_combo.setEnabled(not own)
        protected = (bool(self.passphrase_edit.text())
                     and self.passphrase_edit.text() == self.confirm_edit.text()) if own \
            else self.recipient_combo.currentData() is not None
        self.backup_button.setEnabled(protected and bool(self.folder_edit.text().strip())
                                      and bool(self.name_edit.text().strip()))

    @QtCore.Slot()
    def _on_folder_button_clicked(self) -> None:
        chosen = file_picker.choose(self, _("Choose where the backup goes"), folder=True)
        if chosen:
            self.folder_edit.setText(str(chosen[0]))

    @QtCore.Slot()
    def _on_backup_button_clicked(self) -> None:
        out = Path(self.folder_edit.text().strip()) / Path(self.name_edit.text().strip()).name
        if self.passphrase_radio.isChecked():
            request = BackupRequest(out, self.passphrase_edit.text())
        else:
            request = BackupRequest(out, None, (str(self.recipient_combo.currentData()),))
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self.error_label.hide()
        self.status_label.setText(_("Backing up and reading the file back from the drive…"))
        self.status_label.show()
        self.backup_button.setEnabled(False)
        self.backup_requested.emit(request)

    def show_done(self, message: str) -> None:
        self.status_label.setText(message)
        self.status_label.show()

    def show_error(self, message: str) -> None:
        self.status_label.hide()
        self.error_label.setText(message)
        self.error_label.show()
        self._on_fields_edited()
