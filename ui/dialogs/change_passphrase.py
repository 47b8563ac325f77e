# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Change the passphrase: a routine change (the key is rewrapped, fast) or "my passphrase may be
known" (``Vault.rekey``: a new key, every page re-encrypted, old copies of the key file useless).

The dialog collects intent and shows progress; the controller runs the work off the GUI thread.
A rekey cannot be cancelled half-way, so the dialog cannot be closed while it runs.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.tasks import Progress
from ui.i18n import _
from ui.widgets.passphrase_strength import PassphraseStrengthWidget


class ChangePassphraseDialog(QtWidgets.QDialog):
    """Emits:
        change_requested(str, str, str, bool): current, new, confirmation, rekey.
    """

    change_requested = QtCore.Signal(str, str, str, bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change the passphrase"))
        self._running = False
        self._build_ui()
        self._connect_signals()
        self._on_fields_edited()

    def _build_ui(self) -> None:
        self.current_edit = QtWidgets.QLineEdit(self)
        self.new_edit = QtWidgets.QLineEdit(self)
        self.confirm_edit = QtWidgets.QLineEdit(self)
        for edit in (self.current_edit, self.new_edit, self.confirm_edit):
            edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.strength = PassphraseStrengthWidget(self)
        self.routine_radio = QtWidgets.QRadioButton(_("Routine change (fast)"), self)
        self.routine_radio.setChecked(True)
        self.rekey_radio = QtWidgets.QRadioButton(
            _("My passphrase may be known: re-encrypt the vault with a new key"), self)
        self.mode_group = QtWidgets.QButtonGroup(self)
        self.mode_group.addButton(self.routine_radio)
        self.mode_group.addButton(self.rekey_radio)
        self.explanation = QtWidgets.QLabel(
            _("A routine change keeps the vault's key, so an old copy of the key file still opens "
              "the vault with the old passphrase; re-encrypting gives the vault a new key, makes "
              "every old copy useless and takes longer."), self)
        self.explanation.setObjectName("hint")
        self.explanation.setWordWrap(True)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.hide()
        self.status_label = QtWidgets.QLabel(self)
        self.status_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QtWidgets.QDialogButtonBox(self)
        self.change_button = self.buttons.addButton(
            _("Change passphrase"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Current passphrase:"), self.current_edit)
        form.addRow(_("New passphrase:"), self.new_edit)
        form.addRow("", self.strength)
        form.addRow(_("New passphrase again:"), self.confirm_edit)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.routine_radio)
        layout.addWidget(self.rekey_radio)
        layout.addWidget(self.explanation)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        for edit in (self.current_edit, self.new_edit, self.confirm_edit):
            edit.textChanged.connect(self._on_fields_edited)
        self.change_button.clicked.connect(self._on_change_button_clicked)
        self.close_button.clicked.connect(self.reject)

    def _on_fields_edited(self) -> None:
        new = self.new_edit.text()
        self.strength.update_for(new)
        self.change_button.setEnabled(not self._running and bool(self.current_edit.text())
                                      and bool(new) and new == self.confirm_edit.text())

    def _on_change_button_clicked(self) -> None:
        old, new, confirm = (self.current_edit.text(), self.new_edit.text(),
                             self.confirm_edit.text())
        rekey = self.rekey_radio.isChecked()
        for edit in (self.current_edit, self.new_edit, self.confirm_edit):
            edit.clear()
        self._set_running(True)
        self.error_label.hide()
        self.status_label.setText(_("Re-encrypting the vault…") if rekey
                                  else _("Changing the passphrase…"))
        self.status_label.show()
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.progress.show()
        self.change_requested.emit(old, new, confirm, rekey)

    def _set_running(self, running: bool) -> None:
        self._running = running
        for w in (self.current_edit, self.new_edit, self.confirm_edit, self.routine_radio,
                  self.rekey_radio, self.close_button):
            w.setEnabled(not running)
        self._on_fields_edited()

    @property
    def running(self) -> bool:
        return self._running

    def show_progress(self, progress: Progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)

    def show_done(self, rekeyed: bool) -> None:
        self._set_running(False)
        self.progress.hide()
        self.change_button.hide()
        self.status_label.setText(
            _("Passphrase changed and the vault re-encrypted with a new key: old copies of the "
              "key file no longer open it.") if rekeyed
            else _("Passphrase changed. The evidence was not rewritten."))

    def show_error(self, message: str) -> None:
        self._set_running(False)
        self.progress.hide()
        self.status_label.hide()
        self.error_label.setText(message)
        self.error_label.show()

    def force_close(self) -> None:
        """On lock: the dialog goes even while the change runs (the core finishes it, and the next
        unlock settles an interrupted switch)."""
        self._running = False
        self.close()

    # a running change cannot be abandoned: Escape and the window's close button wait for it
    def reject(self) -> None:
        if not self._running:
            super().reject()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._running:
            event.ignore()
        else:
            super().closeEvent(event)
