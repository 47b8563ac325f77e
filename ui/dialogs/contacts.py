# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Destinations (issue 18): the organisations' signed contact cards.

A card comes from the organisation as a file (``bayyina-cli contact make``, or its QR form saved
as text). Adding it verifies its signature (:func:`app.send.outbox.add_contact`); the dialog then
shows what the card says — the name, the upload address, the onion address, and the two
fingerprints in groups of four (the signing key's, with its words to read aloud, and the pinned
TLS certificate's) — for the defender to compare with the organisation over another channel.
Every value from the card is untrusted and shown as plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from app.bundle.signing import display_fingerprint
from app.errors import UsageError
from app.textsafety import ltr_isolate, one_line
from ui.dialogs.outbox import route_sentence
from ui.fit import scroll_body
from ui.i18n import N_, _
from ui.widgets import file_picker
from ui.widgets.fingerprint_view import FingerprintView, mono_font
from ui.widgets.secure_label import safe_text

if TYPE_CHECKING:
    from pathlib import Path

    from app.send.outbox import Contact

COLUMNS = (N_("Name"), N_("Upload address"), N_("Route"))


def grouped(fingerprint: str) -> str:
    try:
        return display_fingerprint(fingerprint)
    except UsageError:
        return ltr_isolate(one_line(fingerprint))


class ContactsDialog(QtWidgets.QDialog):
    """Emits:
        add_requested(object): the ``Path`` of a contact card file to add.
        remove_requested(int): a destination's id (after she confirmed).
    """

    add_requested = QtCore.Signal(object)
    remove_requested = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Destinations"))
        self._contacts: list[Contact] = []
        self._build_ui()
        self._connect_signals()
        self._on_selection_changed()
        self.resize(980, 720)

    def _build_ui(self) -> None:
        self.hint = QtWidgets.QLabel(
            _("The organisations you send bundles to. Each one gives you a signed contact card. "
              "After adding it, compare the signing fingerprint with the organisation by phone "
              "or in person, before the first bundle is sent."), self)
        self.hint.setWordWrap(True)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName(_("Destinations"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.empty_label = QtWidgets.QLabel(
            _("No destination yet. Add the contact card the organisation gave you."), self)
        self.empty_label.setObjectName("hint")
        self.empty_label.setWordWrap(True)

        self.name_value = self._value_label()
        self.url_value = self._value_label(ltr=True)
        self.onion_value = self._value_label(ltr=True)
        self.cert_value = self._value_label(ltr=True)
        self.cert_value.setFont(mono_font(self))
        self.signing_view = FingerprintView(self)
        self.details = QtWidgets.QGroupBox(_("What the card says"), self)
        form = QtWidgets.QFormLayout(self.details)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("Name:"), self.name_value)
        form.addRow(_("Upload address:"), self.url_value)
        form.addRow(_("Onion address:"), self.onion_value)
        form.addRow(_("Certificate fingerprint:"), self.cert_value)
        form.addRow(_("Signing fingerprint:"), self.signing_view)

        self.message_label = QtWidgets.QLabel(self)
        self.message_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.add_button = QtWidgets.QPushButton(_("Add a contact card…"), self)
        self.add_button.setObjectName("primary")
        self.remove_button = QtWidgets.QPushButton(_("Remove"), self)
        self.close_button = QtWidgets.QPushButton(_("Close"), self)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        # the card's details scroll on a small screen; the buttons stay in view
        self.details_scroll = scroll_body(self, self.details)
        layout.addWidget(self.details_scroll, 2)
        layout.addWidget(self.message_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _value_label(self, *, ltr: bool = False) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(self)
        label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        if ltr:  # addresses and hex read left to right in both languages, on one line (an
            # address has no space to wrap at: wrapped, its end was lost below the row)
            label.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        else:
            label.setWordWrap(True)
        return label

    def _connect_signals(self) -> None:
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.close_button.clicked.connect(self.accept)

    # --- state in --------------------------------------------------------------------------------
    def set_contacts(self, contacts: list[Contact], select: str | None = None) -> None:
        """Every destination; ``select`` (a name) is selected, else the one shown before."""
        shown = self.chosen()
        want = select or (shown.name if shown is not None else None)
        self._contacts = list(contacts)
        self.table.setRowCount(len(contacts))
        for row, c in enumerate(contacts):
            cells = (safe_text(c.name, max_len=80), ltr_isolate(one_line(c.url, 300)),
                     route_sentence(c.via, c.onion_url))
            for col, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(QtCore.Qt.ItemDataRole.UserRole, int(c.id))
                self.table.setItem(row, col, item)
        self.table.setVisible(bool(contacts))
        self.empty_label.setVisible(not contacts)
        row = next((i for i, c in enumerate(contacts) if c.name == want), 0 if contacts else -1)
        if row >= 0:  # setCurrentCell: selectRow selects nothing in a right-to-left table
            self.table.setCurrentCell(row, 0)
        self._on_selection_changed()

    def chosen(self) -> Contact | None:
        items = self.table.selectedItems()
        if not items:
            return None
        cid = items[0].data(QtCore.Qt.ItemDataRole.UserRole)
        return next((c for c in self._contacts if c.id == cid), None)

    def show_added(self, c: Contact) -> None:
        self.show_error("")
        self.show_message(_("Destination {name} added. Compare the signing fingerprint below with "
                            "the organisation's, over another channel, before you send.").format(
            name=safe_text(c.name, max_len=80)))

    def show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))

    def show_error(self, message: str) -> None:
        if message:
            self.show_message("")
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    # --- intent out ------------------------------------------------------------------------------
    @QtCore.Slot()
    def _on_selection_changed(self) -> None:
        c = self.chosen()
        self.remove_button.setEnabled(c is not None)
        self.details_scroll.setVisible(c is not None)
        if c is None:
            return
        self.name_value.setText(safe_text(c.name, max_len=200))
        self.url_value.setText(ltr_isolate(one_line(c.url, 300)))
        self.onion_value.setText(ltr_isolate(one_line(c.onion_url, 300)) if c.onion_url
                                 else _("none"))
        self.signing_view.set_fingerprint(c.signing_fingerprint)
        self.cert_value.setText(grouped(c.cert_sha256))

    def choose_card(self) -> Path | None:
        chosen = file_picker.choose(self, _("Choose the contact card"))
        return chosen[0] if chosen else None

    @QtCore.Slot()
    def _on_add_button_clicked(self) -> None:
        path = self.choose_card()
        if path is not None:
            self.add_requested.emit(path)

    def confirm_remove(self, c: Contact) -> bool:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Question, _("Remove the destination"),
            _("Remove {name}? Bundles can no longer be sent to it until you add its card "
              "again.").format(name=safe_text(c.name, max_len=80)),
            QtWidgets.QMessageBox.StandardButton.Cancel, self)
        remove = box.addButton(_("Remove"), QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is remove

    @QtCore.Slot()
    def _on_remove_button_clicked(self) -> None:
        c = self.chosen()
        if c is None:
            return
        if self.confirm_remove(c):
            self.remove_requested.emit(c.id)
