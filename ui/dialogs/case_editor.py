# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Create, edit or delete a case: title, description, start and end dates, notes; its timeline.

The dialog collects intent; the controller writes (``app.cases.add_case`` / ``update_case`` /
``delete_case``, each with its custody entry). Deleting asks for a second click inside the dialog
(no nested modal box): the items stay in the vault, only unlinked from the case. Dates are edited
in ISO order (``yyyy-MM-dd``, left to right in both languages, as the evidence records keep them).
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.textsafety import bidi_isolate, one_line
from ui.i18n import _
from ui.widgets.editor_footer import EditorFooterWidget
from ui.widgets.text_direction import NotesEdit
from ui.widgets.timeline import TimelineWidget

DATE_FORMAT = "yyyy-MM-dd"  # stored (ISO 8601)
DISPLAY_FORMAT = "d/M/yyyy"  # shown and typed: day first, as written in the region (11/2/2024)


class _OptionalDate(QtWidgets.QWidget):
    """A check box ("set") beside a date edit: unchecked means no date."""

    def __init__(self, label: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QtWidgets.QCheckBox(label, self)
        self.edit = QtWidgets.QDateEdit(self)
        self.edit.setDisplayFormat(DISPLAY_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.edit.setAccessibleName(label.replace("&", ""))
        self.edit.setDate(QtCore.QDate.currentDate())
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        # editing the date sets it: a date typed beside an unticked box was silently dropped
        self.edit.dateChanged.connect(lambda _d: self.check.setChecked(True))

    def set_iso(self, value: str | None) -> None:
        day = QtCore.QDate.fromString((value or "")[:10], DATE_FORMAT)
        if day.isValid():
            self.edit.setDate(day)
        self.check.setChecked(day.isValid())

    def iso(self) -> str | None:
        return self.edit.date().toString(DATE_FORMAT) if self.check.isChecked() else None


class CaseEditorDialog(QtWidgets.QDialog):
    """Emits:
        save_requested(object): dict with ``case_id`` (None for a new case), ``title``,
            ``description``, ``starts_on``, ``ends_on`` (ISO date or None), ``notes``.
        delete_requested(int): the case id, after the second (confirming) click.
        timeline_requested(int): the case id, when the Timeline tab is first shown.
        span_requested(int, str, str): the case id and the first and last ISO day of the
            timeline bar clicked (the evidence list then shows that period).
    """

    save_requested = QtCore.Signal(object)
    delete_requested = QtCore.Signal(int)
    timeline_requested = QtCore.Signal(int)
    span_requested = QtCore.Signal(int, str, str)

    def __init__(self, case: Any = None, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._case = None
        self._build_ui()
        self._connect_signals()
        self.set_case(case)
        self.resize(560, 520)

    def _build_ui(self) -> None:
        self.title_edit = QtWidgets.QLineEdit(self)
        self.title_edit.setPlaceholderText(_("For example: the March smear campaign"))
        self.description_edit = NotesEdit(self)
        self.description_edit.setPlaceholderText(_("What happened, in a few lines"))
        self.description_edit.setTabChangesFocus(True)
        self.starts = _OptionalDate(_("Start date"), self)
        self.ends = _OptionalDate(_("End date"), self)
        self.notes_edit = NotesEdit(self)
        self.notes_edit.setPlaceholderText(_("Notes for you and your organisation"))
        self.notes_edit.setTabChangesFocus(True)
        details = QtWidgets.QWidget(self)
        form = QtWidgets.QFormLayout(details)
        form.addRow(_("Title:"), self.title_edit)
        form.addRow(_("Description:"), self.description_edit)
        form.addRow(self.starts)
        form.addRow(self.ends)
        form.addRow(_("Notes:"), self.notes_edit)
        self.timeline = TimelineWidget(self)
        self.timeline_summary = QtWidgets.QLabel(self)
        self.timeline_summary.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        timeline_page = QtWidgets.QWidget(self)
        tl = QtWidgets.QVBoxLayout(timeline_page)
        tl.addWidget(self.timeline_summary)
        self.timeline_hint = QtWidgets.QLabel(
            _("Click a bar, or choose one with the arrow keys and press Enter, to list the "
              "evidence of that period."), self)
        self.timeline_hint.setObjectName("hint")
        self.timeline_hint.setWordWrap(True)
        tl.addWidget(self.timeline_hint)
        tl.addWidget(self.timeline, 1)
        self.tabs = QtWidgets.QTabWidget(self)
        self.tabs.addTab(details, _("Details"))
        self.tabs.addTab(timeline_page, _("Timeline"))

        self.footer = EditorFooterWidget(
            confirm_text=_("Delete this case? Its items stay in the vault; only their link to the "
                           "case goes. The custody log keeps a record."),
            delete_text=_("Delete case…"), save_text=_("Save"), parent=self)
        f = self.footer
        self.error_label, self.confirm_label = f.error_label, f.confirm_label
        self.delete_button, self.confirm_button = f.delete_button, f.confirm_button
        self.save_button, self.close_button = f.save_button, f.close_button
        self.save_button.setDefault(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.footer)

    def _connect_signals(self) -> None:
        self.title_edit.textChanged.connect(self._on_title_edit_text_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.close_button.clicked.connect(self.reject)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.timeline.span_activated.connect(self._on_timeline_span_activated)

    # --- state in --------------------------------------------------------------------------------
    def set_case(self, case: Any) -> None:
        """Show ``case`` (an ``app.cases.Case``) or an empty form for a new case."""
        self._case = case
        new = case is None
        self.setWindowTitle(_("New case") if new else _("Case: {title}").format(
            title=bidi_isolate(one_line(case.title, 80))))
        self.title_edit.setText("" if new else case.title)
        self.description_edit.setPlainText("" if new else case.description)
        self.notes_edit.setPlainText("" if new else case.notes)
        self.starts.set_iso(None if new else case.starts_on)
        self.ends.set_iso(None if new else case.ends_on)
        self.delete_button.setVisible(not new)
        self.tabs.setTabEnabled(1, not new)
        self.confirm_label.hide()
        self.confirm_button.hide()
        self._on_title_edit_text_changed(self.title_edit.text())

    @property
    def case_id(self) -> int | None:
        return None if self._case is None else int(self._case.id)

    def show_timeline(self, data: Any) -> None:
        self.timeline.set_data(data)
        self.timeline_summary.setText(self.timeline.summary())

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.save_button.setEnabled(bool(self.title_edit.text().strip()))

    def open_timeline(self) -> None:
        self.tabs.setCurrentIndex(1)

    # --- intent out ------------------------------------------------------------------------------
    @QtCore.Slot(str)
    def _on_title_edit_text_changed(self, text: str) -> None:
        self.save_button.setEnabled(bool(text.strip()))

    def request(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "title": self.title_edit.text().strip(),
                "description": self.description_edit.toPlainText().strip(),
                "starts_on": self.starts.iso(), "ends_on": self.ends.iso(),
                "notes": self.notes_edit.toPlainText().strip()}

    @QtCore.Slot()
    def _on_save_button_clicked(self) -> None:
        self.error_label.clear()
        self.save_button.setEnabled(False)
        self.save_requested.emit(self.request())

    @QtCore.Slot()
    def _on_confirm_button_clicked(self) -> None:
        if self.case_id is not None:
            self.confirm_button.setEnabled(False)
            self.delete_requested.emit(self.case_id)

    @QtCore.Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        if index == 1 and self.case_id is not None:
            self.timeline_requested.emit(self.case_id)

    @QtCore.Slot(str, str)
    def _on_timeline_span_activated(self, first: str, last: str) -> None:
        if self.case_id is not None:
            self.span_requested.emit(self.case_id, first, last)
