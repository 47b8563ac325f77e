# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The sidebar: all evidence, then cases, perpetrators, platforms and categories.

Entries come from ``app.cases`` through the controller. Case titles and perpetrator labels are
untrusted: they are set as plain item text (views never interpret HTML in item data), cleaned and
bidi-isolated.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import N_, _
from ui.widgets.secure_label import safe_text, ui_direction_mark

SECTIONS = {"cases": N_("Cases"), "perpetrators": N_("Perpetrators"),
            "platforms": N_("Platforms"), "categories": N_("Categories")}
FilterRole = QtCore.Qt.ItemDataRole.UserRole + 10


class SidebarView(QtWidgets.QTreeView):
    """Emits:
        filter_chosen(dict): ItemQuery fields to list ({} for all evidence).
    """

    filter_chosen = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setHeaderHidden(True)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.model_ = QtGui.QStandardItemModel(self)
        self.setModel(self.model_)
        self._build_ui()
        self.clicked.connect(self._on_self_clicked)

    def _build_ui(self) -> None:
        root = self.model_.invisibleRootItem()
        self.all_item = QtGui.QStandardItem(_("All evidence"))
        self._filters: list[dict[str, Any]] = [{}]  # FilterRole holds an index into this
        self.all_item.setData(0, FilterRole)
        root.appendRow(self.all_item)
        self.sections: dict[str, QtGui.QStandardItem] = {}
        for key, title in SECTIONS.items():
            item = QtGui.QStandardItem(_(title))
            item.setSelectable(False)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            root.appendRow(item)
            self.sections[key] = item
        self.set_entries({})
        self.setCurrentIndex(self.all_item.index())

    def set_entries(self, entries: dict[str, list[tuple[str, dict[str, Any], int | None]]]) -> None:
        loc = QtCore.QLocale()
        del self._filters[1:]
        for key, section in self.sections.items():
            section.removeRows(0, section.rowCount())
            rows = entries.get(key, [])
            if not rows:
                empty = QtGui.QStandardItem(_("None yet"))
                empty.setEnabled(False)
                section.appendRow(empty)
            for label, filters, count in rows:
                text = safe_text(label, max_len=80)
                if count is not None:
                    text = ui_direction_mark() + _("{name} ({count})").format(
                        name=text, count=loc.toString(count))
                child = QtGui.QStandardItem(text)
                self._filters.append(dict(filters))
                child.setData(len(self._filters) - 1, FilterRole)
                section.appendRow(child)
        self.expand(self.sections["cases"].index())
        self.expand(self.sections["perpetrators"].index())

    def set_total(self, count: int) -> None:
        loc = QtCore.QLocale()
        self.all_item.setText(_("All evidence ({count})").format(count=loc.toString(count)))

    @QtCore.Slot(QtCore.QModelIndex)
    def _on_self_clicked(self, index: QtCore.QModelIndex) -> None:
        slot = index.data(FilterRole)
        if isinstance(slot, int) and 0 <= slot < len(self._filters):
            self.filter_chosen.emit(dict(self._filters[slot]))
