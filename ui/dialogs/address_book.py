# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The recipient address book: organisations' public keys (``age1…``), each with a label and a
fingerprint to compare with the organisation over another channel (a call, in person).

Stored inside the vault (``app.handover.recipients``), never in a settings file. The fingerprint
is the SHA-256 of the key text in groups of four, shown left to right in both languages.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.handover.recipients import recipient_fingerprint
from app.textsafety import ltr_isolate
from ui.i18n import N_, _
from ui.widgets.secure_label import safe_text

COLUMNS = (N_("Name"), N_("Fingerprint"), N_("Key"))


class AddressBookDialog(QtWidgets.QDialog):
    """Emits:
        add_requested(str, str): label and key.
        delete_requested(int): a saved recipient's id.
    """

    add_requested = QtCore.Signal(str, str)
    delete_requested = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Address book"))
        self._build_ui()
        self._connect_signals()
        self._on_fields_edited()
        self.resize(900, 440)

    def _build_ui(self) -> None:
        self.hint = QtWidgets.QLabel(
            _("Public keys of the organisations you send evidence to. Compare the fingerprint "
              "with the organisation by phone or in person before the first export."), self)
        self.hint.setWordWrap(True)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setAccessibleName(_("Address book"))
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        # the fingerprint is shown whole (it is what people compare); the long key elides in the
        # middle instead of pushing the fingerprint out of view (in RTL, its start)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        self.label_edit = QtWidgets.QLineEdit(self)
        self.label_edit.setPlaceholderText(_("Organisation"))
        self.key_edit = QtWidgets.QLineEdit(self)
        self.key_edit.setPlaceholderText("age1…")
        self.key_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.fingerprint_label = QtWidgets.QLabel(self)
        self.fingerprint_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.fingerprint_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QtWidgets.QPushButton(_("Add key"), self)
        self.delete_button = QtWidgets.QPushButton(_("Delete key"), self)
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.close_button = QtWidgets.QPushButton(_("Close"), self)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Name:"), self.label_edit)
        form.addRow(_("Key:"), self.key_edit)
        form.addRow(self.fingerprint_label)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.label_edit.textChanged.connect(self._on_fields_edited)
        self.key_edit.textChanged.connect(self._on_fields_edited)
        self.table.itemSelectionChanged.connect(self._on_fields_edited)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.close_button.clicked.connect(self.accept)

    # --- state in --------------------------------------------------------------------------------
    def set_recipients(self, recipients: list[Any]) -> None:
        """``app.handover.recipients.Recipient`` values."""
        self.table.setRowCount(len(recipients))
        for row, r in enumerate(recipients):
            cells = (safe_text(r.label, max_len=80), ltr_isolate(r.fingerprint),
                     ltr_isolate(r.recipient))
            for col, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(QtCore.Qt.ItemDataRole.UserRole, int(r.id))
                self.table.setItem(row, col, item)
        self._on_fields_edited()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self._on_fields_edited()

    def clear_fields(self) -> None:
        self.label_edit.clear()
        self.key_edit.clear()
        self.error_label.clear()

    # --- intent out ------------------------------------------------------------------------------
    @QtCore.Slot()
    def _on_fields_edited(self, *_args: object) -> None:
        key = self.key_edit.text().strip()
        self.fingerprint_label.setText(_("Fingerprint: {fingerprint}").format(
            fingerprint=ltr_isolate(recipient_fingerprint(key))) if key.startswith("age1") else "")
        self.add_button.setEnabled(bool(self.label_edit.text().strip()) and key.startswith("age1"))
        self.delete_button.setEnabled(bool(self.table.selectedItems()))

    @QtCore.Slot()
    def _on_add_button_clicked(self) -> None:
        self.error_label.clear()
        self.add_requested.emit(self.label_edit.text().strip(), self.key_edit.text().strip())

    @QtCore.Slot()
    def _on_delete_button_clicked(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.delete_requested.emit(int(items[0].data(QtCore.Qt.ItemDataRole.UserRole)))
