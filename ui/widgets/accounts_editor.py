# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Accounts involved in one item: a list of (platform, handle), added with a platform combo and a
handle field, removed one by one.

Handles are untrusted (they come from screenshots and received bundles): cleaned, shown as plain
text, isolated left to right (``app.textsafety.ltr_isolate``) so a right-to-left handle cannot
reorder the line around it.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate, one_line
from ui.i18n import _
from ui.widgets.secure_label import ui_direction_mark

REF_ROLE = QtCore.Qt.ItemDataRole.UserRole


class AccountsEditorWidget(QtWidgets.QWidget):
    """Emits:
        accounts_changed(): an account was added to or removed from the list (not yet saved).
    """

    accounts_changed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.account_list = QtWidgets.QListWidget(self)
        self.account_list.setMinimumHeight(44)  # grows with its section (no outer scroll area)
        self.platform_combo = QtWidgets.QComboBox(self)
        self.handle_edit = QtWidgets.QLineEdit(self)
        self.handle_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.handle_edit.setPlaceholderText(_("@handle"))
        self.account_list.setAccessibleName(_("Accounts"))
        self.platform_combo.setAccessibleName(_("Platform"))
        self.handle_edit.setAccessibleName(_("Account"))
        self.handle_edit.setMinimumWidth(80)  # the row fits a narrow detail panel (1280×720)
        self.add_button = QtWidgets.QPushButton(_("Add account"), self)
        self.remove_button = QtWidgets.QPushButton(_("Remove"), self)
        self.remove_button.setEnabled(False)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.platform_combo)
        row.addWidget(self.handle_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.account_list)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.handle_edit.returnPressed.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.account_list.currentRowChanged.connect(self._on_account_list_current_row_changed)

    def set_platforms(self, platforms: list[tuple[str, str]]) -> None:
        current = self.platform_combo.currentData()
        self._names = dict(platforms)
        self.platform_combo.clear()
        for key, name in platforms:
            self.platform_combo.addItem(name, key)
        self.platform_combo.setCurrentIndex(max(0, self.platform_combo.findData(current)))
        for i in range(self.account_list.count()):
            item = self.account_list.item(i)
            item.setText(self._label(*item.data(REF_ROLE)))

    def set_current_platform(self, key: str) -> None:
        index = self.platform_combo.findData(key)
        if index >= 0:
            self.platform_combo.setCurrentIndex(index)

    def _label(self, platform: str, handle: str) -> str:
        name = self._names.get(platform, platform)
        return ui_direction_mark() + _("{handle} on {platform}").format(
            platform=name, handle=ltr_isolate(one_line(handle, 120)))

    def set_accounts(self, accounts: list[tuple[str, str]]) -> None:
        """(platform key, handle) pairs as the vault holds them."""
        self.account_list.clear()
        for platform, handle in accounts:
            self._append(platform, handle)
        self.remove_button.setEnabled(False)

    def _append(self, platform: str, handle: str) -> None:
        item = QtWidgets.QListWidgetItem(self._label(platform, handle), self.account_list)
        item.setData(REF_ROLE, (platform, handle))

    def accounts(self) -> list[tuple[str, str]]:
        return [tuple(self.account_list.item(i).data(REF_ROLE))
                for i in range(self.account_list.count())]

    def add_account(self, platform: str, handle: str) -> bool:
        """Add (platform, handle) unless empty or already listed (handles compare without "@"
        and case, as the core does)."""
        handle = handle.strip()
        norm = handle.lstrip("@").casefold()
        if not platform or not norm:
            return False
        if any(p == platform and h.lstrip("@").casefold() == norm for p, h in self.accounts()):
            return False
        self._append(platform, handle)
        self.accounts_changed.emit()
        return True

    @QtCore.Slot()
    def _on_add_button_clicked(self) -> None:
        if self.add_account(str(self.platform_combo.currentData() or ""), self.handle_edit.text()):
            self.handle_edit.clear()

    @QtCore.Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.account_list.currentRow()
        if row >= 0:
            self.account_list.takeItem(row)
            self.accounts_changed.emit()
        self.remove_button.setEnabled(self.account_list.currentRow() >= 0)

    @QtCore.Slot(int)
    def _on_account_list_current_row_changed(self, row: int) -> None:
        self.remove_button.setEnabled(row >= 0)
