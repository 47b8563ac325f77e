# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Which items an export or a report covers: the selected items, one case, or everything."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.i18n import _, ngettext


class ScopePickerWidget(QtWidgets.QWidget):
    """Three exclusive choices and the case list.

    Defaults: the selection when there is one; otherwise a case if ``prefer_case`` and there are
    cases; otherwise everything. Choices that cannot apply are disabled.
    """

    def __init__(self, selected_ids: list[int], case_titles: list[str], *,
                 prefer_case: bool = False, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected = list(selected_ids)
        count = len(self._selected)
        self.selected_radio = QtWidgets.QRadioButton(ngettext(
            "The selected item ({count})", "The selected items ({count})",
            count).format(count=QtCore.QLocale().toString(count)), self)
        self.case_radio = QtWidgets.QRadioButton(_("A case:"), self)
        self.case_combo = QtWidgets.QComboBox(self)
        self.case_combo.addItems(case_titles)
        self.all_radio = QtWidgets.QRadioButton(_("Everything in the vault"), self)
        # an explicit group: radio buttons that share a parent would otherwise exclude each other
        self.scope_group = QtWidgets.QButtonGroup(self)
        for radio in (self.selected_radio, self.case_radio, self.all_radio):
            self.scope_group.addButton(radio)
        self.selected_radio.setEnabled(bool(self._selected))
        self.case_radio.setEnabled(bool(case_titles))
        default = (self.selected_radio if self._selected else
                   self.case_radio if prefer_case and case_titles else self.all_radio)
        default.setChecked(True)
        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.selected_radio, 0, 0, 1, 2)
        grid.addWidget(self.case_radio, 1, 0)
        grid.addWidget(self.case_combo, 1, 1)
        grid.addWidget(self.all_radio, 2, 0, 1, 2)

    def chosen(self) -> tuple[list[int] | None, str | None]:
        """(item ids, case title): the selection, or a case, or (None, None) for everything."""
        if self.selected_radio.isChecked():
            return list(self._selected), None
        if self.case_radio.isChecked():
            return None, self.case_combo.currentText()
        return None, None
