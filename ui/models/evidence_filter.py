# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Sorting and the "hide sensitive" view filter over the evidence list.

Search itself runs in the core (``app.cases.list_items``: Arabic-aware full text); this proxy only
reorders rows and, when asked, leaves out sensitive items without another query.
"""

from __future__ import annotations

from PySide6 import QtCore

from ui.models.evidence_table import SensitiveRole


class EvidenceFilterModel(QtCore.QSortFilterProxyModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._hide_sensitive = False
        self.setSortCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def set_hide_sensitive(self, hide: bool) -> None:
        if hide != self._hide_sensitive:
            self._hide_sensitive = hide
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> bool:
        if not self._hide_sensitive:
            return True
        model = self.sourceModel()
        return not model.data(model.index(source_row, 0, source_parent), SensitiveRole)
