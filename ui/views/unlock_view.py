# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The unlock form: which vault (typed, chosen, or one of the vaults opened on this computer when
she asked Bayyina to remember them), the passphrase, Unlock. Emits intent only."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate
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
        self.set_recent([])
        self._on_fields_edited()

    def _build_ui(self) -> None:
        self.heading = QtWidgets.QLabel(_("Open your vault"), self)
        self.heading.setObjectName("sectionHeading")
        self.path_edit = QtWidgets.QLineEdit(self)
        self.path_edit.setPlaceholderText(_("Vault folder"))
        self.path_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.recent_label = QtWidgets.QLabel(_("Vaults opened on this computer:"), self)
        self.recent_list = QtWidgets.QListWidget(self)
        self.recent_list.setAccessibleName(_("Vaults opened on this computer"))
        self.recent_list.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.recent_label.setBuddy(self.recent_list)
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
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent_list)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.passphrase_edit.returnPressed.connect(self._on_unlock_button_clicked)
        self.path_edit.returnPressed.connect(self._on_path_edit_return_pressed)
        self.create_button.clicked.connect(self.create_chosen.emit)
        self.recent_list.itemActivated.connect(self._on_recent_list_item_activated)
        self.recent_list.itemClicked.connect(self._on_recent_list_item_activated)
        self.path_edit.textChanged.connect(self._on_fields_edited)
        self.passphrase_edit.textChanged.connect(self._on_fields_edited)

    def set_recent(self, paths: list[Path]) -> None:
        """The vaults opened before (newest first); hidden when there are none."""
        self.recent_list.clear()
        for path in paths:
            item = QtWidgets.QListWidgetItem(ltr_isolate(str(path)))  # a path inside Arabic
            item.setData(QtCore.Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(ltr_isolate(str(path)))
            self.recent_list.addItem(item)
        self.recent_label.setVisible(bool(paths))
        self.recent_list.setVisible(bool(paths))
        if paths:  # as tall as its rows (three at most): the passphrase stays in sight
            rows = min(len(paths), 3)
            self.recent_list.setFixedHeight(rows * max(self.recent_list.sizeHintForRow(0), 18)
                                            + 2 * self.recent_list.frameWidth() + 2)
        if paths:
            self.recent_list.setCurrentRow(0)

    def recent_paths(self) -> list[str]:
        return [str(self.recent_list.item(i).data(QtCore.Qt.ItemDataRole.UserRole))
                for i in range(self.recent_list.count())]

    @QtCore.Slot(QtWidgets.QListWidgetItem)
    def _on_recent_list_item_activated(self, item: QtWidgets.QListWidgetItem) -> None:
        self.path_edit.setText(str(item.data(QtCore.Qt.ItemDataRole.UserRole)))
        self.passphrase_edit.setFocus()

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
    def _on_path_edit_return_pressed(self) -> None:
        """Enter in the folder field unlocks when the passphrase is there, else goes to it."""
        if self.unlock_button.isEnabled():
            self._on_unlock_button_clicked()
        else:
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
