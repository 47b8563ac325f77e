# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Categories of abuse for one item: a list of check boxes, names in the interface language.

Category names may come from a received vault (user-defined categories), so they are shown as
plain, cleaned list items.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.widgets.secure_label import safe_text

KEY_ROLE = QtCore.Qt.ItemDataRole.UserRole


class CategoryPickerWidget(QtWidgets.QListWidget):
    """Emits:
        selection_changed(): a category was checked or unchecked.
    """

    selection_changed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.setMinimumHeight(60)  # grows with its section (no outer scroll area)
        self.itemChanged.connect(self._on_self_item_changed)

    def set_categories(self, categories: list[tuple[str, str]]) -> None:
        """(key, display name) in order; keeps what was checked."""
        checked = self.checked()
        self.blockSignals(True)
        self.clear()
        for key, name in categories:
            item = QtWidgets.QListWidgetItem(safe_text(name), self)
            item.setData(KEY_ROLE, key)
            item.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(QtCore.Qt.CheckState.Checked if key in checked
                               else QtCore.Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def keys(self) -> list[str]:
        return [str(self.item(i).data(KEY_ROLE)) for i in range(self.count())]

    def set_checked(self, keys: set[str] | tuple[str, ...]) -> None:
        wanted = set(keys)
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(QtCore.Qt.CheckState.Checked if item.data(KEY_ROLE) in wanted
                               else QtCore.Qt.CheckState.Unchecked)
        self.blockSignals(False)
        first = next((self.item(i) for i in range(self.count())
                      if self.item(i).data(KEY_ROLE) in wanted), None)
        if first is not None:  # the first chosen category in view, not below the fold
            self.scrollToItem(first, QtWidgets.QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            self.scrollToTop()

    def checked(self) -> set[str]:
        return {str(self.item(i).data(KEY_ROLE)) for i in range(self.count())
                if self.item(i).checkState() == QtCore.Qt.CheckState.Checked}

    def set_key_checked(self, key: str, checked: bool) -> None:
        for i in range(self.count()):
            if self.item(i).data(KEY_ROLE) == key:
                self.item(i).setCheckState(QtCore.Qt.CheckState.Checked if checked
                                           else QtCore.Qt.CheckState.Unchecked)

    @QtCore.Slot(QtWidgets.QListWidgetItem)
    def _on_self_item_changed(self, _item: QtWidgets.QListWidgetItem) -> None:
        self.selection_changed.emit()
