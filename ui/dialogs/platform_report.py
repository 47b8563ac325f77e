# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Add or edit one report made to a platform about an item: platform, when it was reported,
through which channel, the platform's reference, its answer (status) and when it answered.

The dialog only collects intent; the tag editor emits it and the controller writes
(``app.cases.add_report`` / ``update_report``, each with its custody entry). It stays open until
the write is done (``finish``) or refused (``show_error``, e.g. an answer dated before the
report). Once a report exists, its platform and report time are fixed (the core records answers,
not a different report). Dates are ISO 8601 with the time zone, typed left to right in both
languages, as "posted at".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.cases.model import REPORT_STATUSES
from ui.i18n import _
from ui.widgets.date_field import DateFieldWidget
from ui.widgets.reports_list import status_label

DATE_HINT = "11/2/2024 19:52 +03:00"


def _now_local() -> str:
    return datetime.now().astimezone().isoformat(timespec="minutes")


def _ltr_edit(parent: QtWidgets.QWidget, placeholder: str) -> QtWidgets.QLineEdit:
    edit = QtWidgets.QLineEdit(parent)
    edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
    edit.setPlaceholderText(placeholder)
    return edit


class PlatformReportDialog(QtWidgets.QDialog):
    """Emits:
        report_accepted(object): dict with ``report_id`` (None for a new report), ``platform``,
            ``reported_at``, ``channel``, ``reference``, ``status``, ``answered_at`` ("" when
            unanswered).
    """

    report_accepted = QtCore.Signal(object)

    def __init__(self, platforms: list[tuple[str, str]], report: Any = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._report = report
        self._build_ui(platforms)
        self._connect_signals()
        self._load(report)

    def _build_ui(self, platforms: list[tuple[str, str]]) -> None:
        self.setWindowTitle(_("Report to a platform") if self._report is None
                            else _("Edit the report"))
        self.platform_combo = QtWidgets.QComboBox(self)
        for key, name in platforms:
            self.platform_combo.addItem(name, key)
        self.reported_field = DateFieldWidget(self)
        self.reported_edit = self.reported_field.edit
        self.setMinimumWidth(self.reported_edit.fontMetrics().horizontalAdvance(DATE_HINT) * 2)
        self.channel_edit = QtWidgets.QLineEdit(self)
        self.channel_edit.setPlaceholderText(_("for example: in-app report form"))
        self.reference_edit = _ltr_edit(self, "")
        self.status_combo = QtWidgets.QComboBox(self)
        for key in REPORT_STATUSES:
            self.status_combo.addItem(status_label(key), key)
        self.answered_field = DateFieldWidget(self)
        self.answered_edit = self.answered_field.edit
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        form = QtWidgets.QFormLayout()
        form.addRow(_("Platform:"), self.platform_combo)
        form.addRow(_("Reported at:"), self.reported_field)
        form.addRow(_("Channel:"), self.channel_edit)
        form.addRow(_("Reference:"), self.reference_edit)
        form.addRow(_("Status:"), self.status_combo)
        form.addRow(_("Answered at:"), self.answered_field)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _load(self, report: Any) -> None:
        if report is None:
            self.reported_field.set_value(_now_local())
            return
        index = self.platform_combo.findData(report.platform)
        if index < 0:
            self.platform_combo.addItem(report.platform, report.platform)
            index = self.platform_combo.count() - 1
        self.platform_combo.setCurrentIndex(index)
        self.reported_field.set_value(report.reported_at or "")
        self.channel_edit.setText(report.channel or "")  # plain text in a line edit
        self.reference_edit.setText(report.reference or "")
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(report.status)))
        self.answered_field.set_value(report.answered_at or "")
        self.platform_combo.setEnabled(False)
        self.reported_edit.setReadOnly(True)
        self.reported_field.pick_button.setEnabled(False)

    def values(self) -> dict[str, Any]:
        return {"report_id": None if self._report is None else int(self._report.id),
                "platform": str(self.platform_combo.currentData() or ""),
                "reported_at": self.reported_field.value_or_text(),
                "channel": self.channel_edit.text().strip(),
                "reference": self.reference_edit.text().strip(),
                "status": str(self.status_combo.currentData() or "pending"),
                "answered_at": self.answered_field.value_or_text()}

    def show_error(self, message: str) -> None:
        """Say why the report was not saved (the dialog stays open to correct it)."""
        self.buttons.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    @QtCore.Slot()
    def _on_buttons_accepted(self) -> None:
        values = self.values()
        if not values["platform"]:
            self.show_error(_("Choose the platform the item was reported to."))
            return
        if not values["reported_at"]:
            self.show_error(_("Enter when the item was reported."))
            return
        self.show_error("")
        self.buttons.setEnabled(False)  # until the tag editor hears back (finish / show_error)
        self.report_accepted.emit(values)

    def finish(self) -> None:
        """The report was saved: close."""
        self.buttons.setEnabled(True)
        self.accept()
