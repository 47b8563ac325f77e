# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Create, edit or delete a perpetrator (label, notes, anonymous) and manage their accounts.

Accounts are added by platform + handle (+ display name and profile URL); an account the vault
already knows is linked instead of duplicated. "Remove" unlinks an account from this person; the
account and its evidence stay. Handles, names and URLs are untrusted text: shown plain, cleaned,
and isolated (handles and URLs left-to-right). The label, notes and flag of a saved perpetrator
can be changed; "Save" is enabled once one of them differs from what the vault holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.textsafety import bidi_isolate, is_web_link, one_line
from ui.fit import scroll_body
from ui.i18n import N_, _, current
from ui.widgets.editor_footer import EditorFooterWidget
from ui.widgets.secure_label import safe_text
from ui.widgets.text_direction import NotesEdit

COLUMNS = (N_("Platform"), N_("Handle"), N_("Display name"), N_("Profile URL"))


class PerpetratorEditorDialog(QtWidgets.QDialog):
    """Emits:
        save_requested(object): dict with ``perpetrator_id`` (``None`` for a new one),
            ``label``, ``notes``, ``anonymous``.
        delete_requested(int): the perpetrator id, after the confirming click.
        account_add_requested(object): dict with ``perpetrator_id``, ``platform``, ``handle``,
            ``display_name``, ``profile_url``.
        account_unlink_requested(int, str, str): perpetrator id, platform key, handle.
    """

    save_requested = QtCore.Signal(object)
    delete_requested = QtCore.Signal(int)
    account_add_requested = QtCore.Signal(object)
    account_unlink_requested = QtCore.Signal(int, str, str)

    def __init__(self, perpetrator: Any = None, platforms: Sequence[tuple[str, str, str]] = (),
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._perpetrator: Any = None  # an app.cases.Perpetrator, or None for a new one
        self._build_ui()
        self._connect_signals()
        self.set_platforms(list(platforms))
        self.set_perpetrator(perpetrator)
        self.resize(760, 640)

    def _build_ui(self) -> None:
        self.label_edit = QtWidgets.QLineEdit(self)
        self.label_edit.setPlaceholderText(_("A name or a nickname, e.g. \"Account ring A\""))
        self.anonymous_check = QtWidgets.QCheckBox(_("Real identity unknown (anonymous)"), self)
        self.notes_edit = NotesEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(90)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Name:"), self.label_edit)
        form.addRow(self.anonymous_check)
        form.addRow(_("Notes:"), self.notes_edit)

        self.accounts_table = QtWidgets.QTableWidget(0, len(COLUMNS), self)
        self.accounts_table.setHorizontalHeaderLabels([_(name) for name in COLUMNS])
        self.accounts_table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.accounts_table.setSelectionBehavior(
            QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.accounts_table.setSelectionMode(
            QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.accounts_table.horizontalHeader().setStretchLastSection(True)
        self.accounts_table.verticalHeader().hide()
        self.accounts_table.setMinimumHeight(150)  # a few rows visible, not one and a half
        self.platform_combo = QtWidgets.QComboBox(self)
        self.handle_edit = QtWidgets.QLineEdit(self)
        self.handle_edit.setPlaceholderText(_("Handle, e.g. @name"))
        self.handle_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.display_edit = QtWidgets.QLineEdit(self)
        self.display_edit.setPlaceholderText(_("Display name"))
        self.url_edit = QtWidgets.QLineEdit(self)
        self.url_edit.setPlaceholderText(_("Profile URL"))
        self.url_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.add_account_button = QtWidgets.QPushButton(_("Add account"), self)
        self.unlink_button = QtWidgets.QPushButton(_("Remove from this person"), self)
        add_row = QtWidgets.QGridLayout()
        add_row.addWidget(self.platform_combo, 0, 0)
        add_row.addWidget(self.handle_edit, 0, 1)
        add_row.addWidget(self.display_edit, 0, 2)
        add_row.addWidget(self.url_edit, 1, 0, 1, 3)
        add_row.addWidget(self.add_account_button, 1, 3)
        self.accounts_box = QtWidgets.QGroupBox(_("Accounts"), self)
        al = QtWidgets.QVBoxLayout(self.accounts_box)
        al.addWidget(self.accounts_table, 1)
        al.addWidget(self.unlink_button, 0, QtCore.Qt.AlignmentFlag.AlignLeading)
        al.addLayout(add_row)

        self.footer = EditorFooterWidget(
            confirm_text=_("Delete this perpetrator? The accounts and the evidence stay, "
                           "unlinked. The custody log keeps a record."),
            delete_text=_("Delete perpetrator…"), save_text=_("Create"), parent=self)
        f = self.footer
        self.error_label, self.confirm_label = f.error_label, f.confirm_label
        self.delete_button, self.confirm_button = f.delete_button, f.confirm_button
        self.save_button, self.close_button = f.save_button, f.close_button
        layout = QtWidgets.QVBoxLayout(self)
        # the fields scroll on a small screen; the accounts table and the buttons stay in view
        self.form_scroll = scroll_body(self, form)
        layout.addWidget(self.form_scroll, 1)
        layout.addWidget(self.accounts_box, 2)
        layout.addWidget(self.footer)

    def _connect_signals(self) -> None:
        self.label_edit.textChanged.connect(self._on_fields_edited)
        self.notes_edit.textChanged.connect(self._on_fields_edited)
        self.anonymous_check.toggled.connect(self._on_fields_edited)
        self.handle_edit.textChanged.connect(self._on_fields_edited)
        self.accounts_table.itemSelectionChanged.connect(self._on_fields_edited)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.add_account_button.clicked.connect(self._on_add_account_button_clicked)
        self.unlink_button.clicked.connect(self._on_unlink_button_clicked)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.close_button.clicked.connect(self.reject)

    # --- state in --------------------------------------------------------------------------------
    def set_platforms(self, platforms: list[tuple[str, str, str]]) -> None:
        """(key, English name, Arabic name) in the vault's order."""
        ar = current().lang == "ar"
        self.platform_combo.clear()
        for key, en, arabic in platforms:
            self.platform_combo.addItem(arabic if ar and arabic else en, key)

    @property
    def perpetrator_id(self) -> int | None:
        return None if self._perpetrator is None else int(self._perpetrator.id)

    def set_perpetrator(self, perpetrator: Any) -> None:
        """Show an ``app.cases.Perpetrator`` (with its accounts) or an empty form."""
        self._perpetrator = perpetrator
        new = perpetrator is None
        self.setWindowTitle(_("New perpetrator") if new else _("Perpetrator: {name}").format(
            name=bidi_isolate(one_line(perpetrator.label, 80))))
        self.label_edit.setText("" if new else perpetrator.label)
        self.notes_edit.setPlainText("" if new else perpetrator.notes)
        self.anonymous_check.setChecked(False if new else perpetrator.anonymous)
        self.save_button.setText(_("Create") if new else _("Save"))
        self.delete_button.setVisible(not new)
        self.accounts_box.setEnabled(not new)
        self.confirm_label.hide()
        self.confirm_button.hide()
        names = {self.platform_combo.itemData(i): self.platform_combo.itemText(i)
                 for i in range(self.platform_combo.count())}
        accounts = () if new else perpetrator.accounts
        self.accounts_table.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            cells = (names.get(account.platform, account.platform),
                     safe_text("@" + account.handle, ltr=True, max_len=80),
                     safe_text(account.display_name or "", max_len=80),
                     _profile(account.profile_url or ""))
            for col, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setData(QtCore.Qt.ItemDataRole.UserRole, (account.platform, account.handle))
                self.accounts_table.setItem(row, col, item)
        self.accounts_table.resizeColumnsToContents()
        self._on_fields_edited()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.confirm_button.setEnabled(True)
        self._on_fields_edited()

    def clear_account_fields(self) -> None:
        for w in (self.handle_edit, self.display_edit, self.url_edit):
            w.clear()

    # --- intent out ------------------------------------------------------------------------------
    @QtCore.Slot()
    def _on_fields_edited(self, *_args: object) -> None:
        label = self.label_edit.text().strip()
        p = self._perpetrator
        changed = p is None or (label, self.notes_edit.toPlainText().strip(),
                                self.anonymous_check.isChecked()) != (p.label, p.notes.strip(),
                                                                      bool(p.anonymous))
        self.save_button.setEnabled(bool(label) and changed)
        self.add_account_button.setEnabled(bool(self.handle_edit.text().strip().lstrip("@")))
        self.unlink_button.setEnabled(bool(self.accounts_table.selectedItems()))

    @QtCore.Slot()
    def _on_save_button_clicked(self) -> None:
        self.error_label.clear()
        self.save_button.setEnabled(False)
        self.save_requested.emit({"perpetrator_id": self.perpetrator_id,
                                  "label": self.label_edit.text().strip(),
                                  "notes": self.notes_edit.toPlainText().strip(),
                                  "anonymous": self.anonymous_check.isChecked()})

    @QtCore.Slot()
    def _on_add_account_button_clicked(self) -> None:
        if self.perpetrator_id is None:
            return
        self.error_label.clear()
        self.account_add_requested.emit({
            "perpetrator_id": self.perpetrator_id,
            "platform": self.platform_combo.currentData(),
            "handle": self.handle_edit.text().strip(),
            "display_name": self.display_edit.text().strip(),
            "profile_url": self.url_edit.text().strip()})

    @QtCore.Slot()
    def _on_unlink_button_clicked(self) -> None:
        items = self.accounts_table.selectedItems()
        if items and self.perpetrator_id is not None:
            platform, handle = items[0].data(QtCore.Qt.ItemDataRole.UserRole)
            self.account_unlink_requested.emit(self.perpetrator_id, platform, handle)

    @QtCore.Slot()
    def _on_confirm_button_clicked(self) -> None:
        if self.perpetrator_id is not None:
            self.confirm_button.setEnabled(False)
            self.delete_requested.emit(self.perpetrator_id)


def _profile(url: str) -> str:
    """A profile URL as plain text; one that is not a web address is flagged (never a link)."""
    text = safe_text(url, ltr=True, max_len=200)
    return text if not url or is_web_link(url) else \
        _("{url} (not a web address: shown as text only)").format(url=text)
