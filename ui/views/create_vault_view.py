# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The form that creates a vault: a new folder, the passphrase twice, a strength hint."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ui.i18n import _
from ui.widgets import file_picker
from ui.widgets.passphrase_strength import PassphraseStrengthWidget


class CreateVaultView(QtWidgets.QWidget):
    """Emits:
        create_requested(str, str, str): folder, passphrase, confirmation.
        back_chosen(): return to the unlock form.
    """

    create_requested = QtCore.Signal(str, str, str)
    back_chosen = QtCore.Signal()

    def __init__(self, suggested: Path | None, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()
        if suggested is not None:
            self.path_edit.setText(str(suggested))
        self._on_fields_edited()

    def _build_ui(self) -> None:
        self.heading = QtWidgets.QLabel(_("Create a new vault"), self)
        self.heading.setObjectName("sectionHeading")
        self.explanation = QtWidgets.QLabel(
            _("The vault is one folder that holds your evidence, encrypted. Choose a new, empty "
              "folder, for example on an encrypted disk."), self)
        self.explanation.setWordWrap(True)
        self.path_edit = QtWidgets.QLineEdit(self)
        self.path_edit.setPlaceholderText(_("New vault folder"))
        self.path_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.browse_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.passphrase_edit = QtWidgets.QLineEdit(self)
        self.passphrase_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.confirm_edit = QtWidgets.QLineEdit(self)
        self.confirm_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.strength = PassphraseStrengthWidget(self)
        self.match_label = QtWidgets.QLabel(self)
        self.match_label.setObjectName("hint")
        self.warning = QtWidgets.QLabel(
            _("Nobody can recover a forgotten passphrase, not even the developers of this program. "
              "Learn it by heart or keep it somewhere safe, away from this computer."), self)
        self.warning.setWordWrap(True)
        self.create_button = QtWidgets.QPushButton(_("Create vault"), self)
        self.create_button.setObjectName("primary")
        self.back_button = QtWidgets.QPushButton(_("Back"), self)

        path_row = QtWidgets.QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Folder:"), path_row)
        form.addRow(_("Passphrase:"), self.passphrase_edit)
        form.addRow(_("Repeat it:"), self.confirm_edit)
        form.addRow("", self.strength)
        form.addRow("", self.match_label)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.create_button.clicked.connect(self._on_create_button_clicked)
        self.back_button.clicked.connect(self.back_chosen.emit)
        for edit in (self.path_edit, self.passphrase_edit, self.confirm_edit):
            edit.textChanged.connect(self._on_fields_edited)
            edit.returnPressed.connect(self._on_edit_return_pressed)

    @QtCore.Slot()
    def _on_fields_edited(self) -> None:
        passphrase, confirm = self.passphrase_edit.text(), self.confirm_edit.text()
        self.strength.update_for(passphrase)
        if confirm and confirm != passphrase:
            self.match_label.setText(_("The two passphrases do not match yet."))
        else:
            self.match_label.setText("")
        self.create_button.setEnabled(bool(self.path_edit.text().strip()) and bool(passphrase)
                                      and passphrase == confirm)

    @QtCore.Slot()
    def _on_browse_button_clicked(self) -> None:
        chosen = file_picker.choose(self, _("Choose where to create the vault"), folder=True)
        if chosen:
            self.path_edit.setText(str(chosen[0] / "evidence.bayyina"))

    @QtCore.Slot()
    def _on_edit_return_pressed(self) -> None:
        """Enter creates the vault once the form is complete; before that it moves on to the
        first field still empty."""
        if self.create_button.isEnabled():
            self._on_create_button_clicked()
            return
        for edit in (self.path_edit, self.passphrase_edit, self.confirm_edit):
            if not edit.text().strip():
                edit.setFocus()
                return

    @QtCore.Slot()
    def _on_create_button_clicked(self) -> None:
        if not self.create_button.isEnabled():
            return
        passphrase, confirm = self.passphrase_edit.text(), self.confirm_edit.text()
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self.create_requested.emit(self.path_edit.text().strip(), passphrase, confirm)

    def set_busy(self, busy: bool) -> None:
        for w in (self.path_edit, self.browse_button, self.passphrase_edit, self.confirm_edit,
                  self.back_button):
            w.setEnabled(not busy)
        if busy:
            self.create_button.setEnabled(False)
        else:
            self._on_fields_edited()
