# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Set up a decoy vault (issue 16): her passphrase, the decoy passphrase twice, and the option
that opening the decoy erases the real vault's key (off by default), explained. Emits intent;
:class:`ui.flows.safety_flow.SafetyFlow` makes the decoy (:func:`app.vault.duress.make_decoy`)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.i18n import _


class DecoyDialog(QtWidgets.QDialog):
    """Emits:
        decoy_requested(str, str, str, bool): her passphrase, the decoy passphrase, the decoy
            passphrase again, erase the real vault's key when the decoy opens.
    """

    decoy_requested = QtCore.Signal(str, str, str, bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Set up a decoy vault"))
        self._build_ui()
        self._connect_signals()
        self._on_fields_edited()

    def _build_ui(self) -> None:
        self.intro = QtWidgets.QLabel(
            _("The decoy passphrase opens a new, empty vault with its own keys and log; fill it "
              "with ordinary items so that it looks used. A decoy made before is replaced."),
            self)
        self.current_edit = QtWidgets.QLineEdit(self)
        self.decoy_edit = QtWidgets.QLineEdit(self)
        self.confirm_edit = QtWidgets.QLineEdit(self)
        for edit in (self.current_edit, self.decoy_edit, self.confirm_edit):
            edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.erase_check = QtWidgets.QCheckBox(
            _("Opening the decoy also erases this vault's key"), self)
        self.erase_note = QtWidgets.QLabel(
            _("Off by default: with it on, the first time the decoy opens your own passphrase "
              "stops opening this vault for good — choose it only if losing the evidence is "
              "better than having it found."), self)
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.hide()
        for label in (self.intro, self.erase_note, self.error_label):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.erase_note.setObjectName("hint")
        self.buttons = QtWidgets.QDialogButtonBox(self)
        self.make_button = self.buttons.addButton(
            _("Make the decoy"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Your passphrase:"), self.current_edit)
        form.addRow(_("Decoy passphrase:"), self.decoy_edit)
        form.addRow(_("Decoy passphrase again:"), self.confirm_edit)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.erase_check)
        layout.addWidget(self.erase_note)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 0)

    def _connect_signals(self) -> None:
        for edit in (self.current_edit, self.decoy_edit, self.confirm_edit):
            edit.textChanged.connect(self._on_fields_edited)
        self.make_button.clicked.connect(self._on_make_button_clicked)
        self.buttons.rejected.connect(self.reject)

    @QtCore.Slot()
    def _on_fields_edited(self) -> None:
        self.make_button.setEnabled(all(e.text() for e in (self.current_edit, self.decoy_edit,
                                                           self.confirm_edit)))

    @QtCore.Slot()
    def _on_make_button_clicked(self) -> None:
        values = (self.current_edit.text(), self.decoy_edit.text(), self.confirm_edit.text())
        for edit in (self.current_edit, self.decoy_edit, self.confirm_edit):
            edit.clear()  # never kept in a widget longer than needed
        self.error_label.hide()
        self.make_button.setEnabled(False)
        self.decoy_requested.emit(*values, self.erase_check.isChecked())

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
