# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The reports made to platforms about one item: platform, reported at, reference, status,
answered at and days to answer; "Add report…" and "Edit…" ask the tag editor to open the dialog.

References and channels are untrusted plain text (cleaned, isolated); dates are shown left to
right, in UTC as the vault keeps them.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from ui.i18n import N_, _, ngettext
from ui.widgets.date_field import digits, typed_form
from ui.widgets.secure_label import safe_text

STATUS_LABELS = {"pending": N_("Pending"), "removed": N_("Removed"),
                 "restricted": N_("Restricted"), "rejected": N_("Rejected"),
                 "no-answer": N_("No answer")}


def status_label(status: str) -> str:
    """The translated name of a report status (an unknown key is shown as it is)."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def short_instant(utc_text: str | None) -> str:
    """``2026-02-18T16:52:00Z`` → ``18/2/2026 16:52 +00:00`` (day first, the digits of the
    display setting), isolated left to right."""
    if not utc_text:
        return ""
    try:
        text = typed_form(utc_text)
    except ValueError:
        text = utc_text[:16].replace("T", " ")
    return safe_text(digits(text), ltr=True)


def days_text(days: float | None) -> str:
    if days is None:
        return ""
    whole = float(days).is_integer()
    number = digits(f"{days:.0f}" if whole else f"{days:.1f}")  # the display setting's digits
    return ngettext("{days} day", "{days} days", int(round(days))).format(days=number)


class ReportsListWidget(QtWidgets.QWidget):
    """Emits:
        report_add_requested(): "Add report…" was clicked.
        report_edit_requested(object): "Edit…" (or a double click) on a ``PlatformReport``.
    """

    report_add_requested = QtCore.Signal()
    report_edit_requested = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._reports: list[Any] = []
        self._names: dict[str, str] = {}
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.table = QtWidgets.QTableWidget(0, 6, self)
        self.table.setAccessibleName(_("Reports to platforms"))
        headers = [(_("Platform"), ""), (_("Reported (UTC)"), _("Reported at (UTC)")),
                   (_("Reference"), ""), (_("Status"), ""),
                   (_("Answered (UTC)"), _("Answered at (UTC)")), (_("Days"), _("Days to answer"))]
        for col, (text, tip) in enumerate(headers):
            header_item = QtWidgets.QTableWidgetItem(text)
            if tip:
                header_item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(col, header_item)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(60)  # grows with its section (no outer scroll area)
        self.empty_label = QtWidgets.QLabel(_("Not reported to any platform yet."), self)
        self.empty_label.setObjectName("hint")
        self.add_button = QtWidgets.QPushButton(_("Add report…"), self)
        self.edit_button = QtWidgets.QPushButton(_("Edit…"), self)
        self.edit_button.setEnabled(False)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.empty_label)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.report_add_requested)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.table.cellDoubleClicked.connect(self._on_table_cell_double_clicked)

    def set_platform_names(self, names: dict[str, str]) -> None:
        self._names = dict(names)
        self.set_reports(self._reports)

    def refresh_display(self) -> None:
        """Dates and days again, in the display option's digits."""
        self.set_reports(self._reports)

    def reports(self) -> list[Any]:
        return list(self._reports)

    def set_reports(self, reports: list[Any] | tuple[Any, ...]) -> None:
        self._reports = list(reports)
        self.table.setRowCount(len(self._reports))
        for row, r in enumerate(self._reports):
            cells = (safe_text(self._names.get(r.platform, r.platform)),
                     short_instant(r.reported_at), safe_text(r.reference or "", ltr=True),
                     status_label(r.status), short_instant(r.answered_at),
                     days_text(r.days_to_answer))
            for col, text in enumerate(cells):
                cell = QtWidgets.QTableWidgetItem(text)
                cell.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled
                              | QtCore.Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, col, cell)
        self.table.setVisible(bool(self._reports))
        self.empty_label.setVisible(not self._reports)
        self.edit_button.setEnabled(False)

    def select_report(self, row: int) -> None:
        self.table.selectRow(row)

    def _selected(self) -> Any:
        rows = {i.row() for i in self.table.selectedItems()}
        return self._reports[min(rows)] if rows else None

    @QtCore.Slot()
    def _on_edit_button_clicked(self) -> None:
        report = self._selected()
        if report is not None:
            self.report_edit_requested.emit(report)

    @QtCore.Slot()
    def _on_table_item_selection_changed(self) -> None:
        self.edit_button.setEnabled(self._selected() is not None)

    @QtCore.Slot(int, int)
    def _on_table_cell_double_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._reports):
            self.report_edit_requested.emit(self._reports[row])
