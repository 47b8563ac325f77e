# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The report dialog: which case (or the selected items, or everything), the language, redaction of
sensitive items, where to save the PDF.

The PDF is built in memory by ``app.report.collect`` (a custody entry records it) and written by the
controller with an exclusive create, owner-only permissions. The dialog warns that the file is not
encrypted: a report on a USB stick is readable by anyone who finds the stick.
"""

from __future__ import annotations

import errno
import os
from datetime import datetime
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.errors import AppError
from app.messages import describe
from app.report.requests import ReportRequest
from app.textsafety import ltr_isolate, one_line
from ui.i18n import N_, _, current
from ui.widgets import file_picker
from ui.widgets.scope_picker import ScopePickerWidget

# The OS's own words for the usual write failures are English; say them in the interface language.
_OS_REASONS = {
    errno.ENOENT: N_("the folder does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOTDIR: N_("part of the path is a file, not a folder"),
    errno.EISDIR: N_("a folder has that name"),
    errno.EEXIST: N_("a file has that name"),
}


def translated_error(err: AppError) -> str:
    """``describe`` with an OS ``reason`` (``strerror``, English) put in the interface language."""
    params = dict(err.params)
    reason = str(params.get("reason") or "")
    for code, words in _OS_REASONS.items():
        if reason and reason == os.strerror(code):
            params["reason"] = _(words)
            break
    return describe(AppError(err.code, **params), current(), isolate=True)


def report_path(text: str, lang: str, now: datetime | None = None) -> Path:
    """Where the PDF goes, from what the field holds: a folder (existing) gets a new file name
    inside it; anything else is the PDF's own path (".pdf" added when missing), in a folder that
    must exist — never a folder named like the PDF."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        return path / f"bayyina-report-{stamp}-{lang}.pdf"
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    if not path.parent.is_dir():
        raise AppError("report.folder_missing", path=str(path.parent))
    return path


class ReportDialog(QtWidgets.QDialog):
    """Emits:
        report_requested(object): an ``app.report.requests.ReportRequest``.
    """

    report_requested = QtCore.Signal(object)

    def __init__(self, selected_ids: list[int], case_titles: list[str],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Make a report"))
        self._selected = list(selected_ids)
        self._build_ui(case_titles)
        self._connect_signals()
        self._on_fields_edited()

    def _build_ui(self, case_titles: list[str]) -> None:
        self.scope = ScopePickerWidget(self._selected, case_titles, prefer_case=True,
                                       parent=self)
        self.selected_radio = self.scope.selected_radio
        self.case_radio = self.scope.case_radio
        self.case_combo = self.scope.case_combo
        self.all_radio = self.scope.all_radio
        self.lang_combo = QtWidgets.QComboBox(self)
        self.lang_combo.addItem("العربية", "ar")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(current().lang)))
        self.redact_check = QtWidgets.QCheckBox(_("Hide the pictures of sensitive items"), self)
        self.redact_check.setChecked(True)
        self.folder_edit = QtWidgets.QLineEdit(self)  # a folder, or the PDF's own path
        self.folder_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.folder_edit.setPlaceholderText(_("A folder, or a file name ending in .pdf"))
        self.target_label = QtWidgets.QLabel(self)
        self.target_label.setObjectName("hint")
        self.target_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.target_label.setWordWrap(True)
        self.show_folder_button = QtWidgets.QPushButton(_("Show in folder"), self)
        self.show_folder_button.hide()
        self._written: Path | None = None
        self.browse_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.warning = QtWidgets.QLabel(
            _("The PDF is not encrypted: anyone who gets the file can read it."), self)
        self.warning.setObjectName("hint")
        self.warning.setWordWrap(True)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.hide()
        self.result_label = QtWidgets.QLabel(self)
        self.result_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.make_button = QtWidgets.QPushButton(_("Make the report"), self)
        self.make_button.setObjectName("primary")
        self.close_button = QtWidgets.QPushButton(_("Close"), self)

        what = QtWidgets.QGridLayout()
        what.addWidget(self.scope, 0, 0, 1, 2)
        dest = QtWidgets.QHBoxLayout()
        dest.addWidget(self.folder_edit, 1)
        dest.addWidget(self.browse_button)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Language:"), self.lang_combo)
        form.addRow("", self.redact_check)
        form.addRow(_("Save in:"), dest)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.show_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.make_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(what)
        layout.addLayout(form)
        # under the form, not in it: a form row kept one line's height when the path wrapped to
        # two, and the words were cut through (seen on the journey at 1366x768)
        layout.addWidget(self.target_label)
        layout.addWidget(self.warning)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self.resize(520, 380)

    def _connect_signals(self) -> None:
        self.folder_edit.textChanged.connect(self._on_fields_edited)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.make_button.clicked.connect(self._on_make_button_clicked)
        self.close_button.clicked.connect(self.reject)
        self.show_folder_button.clicked.connect(self._on_show_folder_button_clicked)
        self.lang_combo.currentIndexChanged.connect(self._on_fields_edited)

    @QtCore.Slot()
    def _on_fields_edited(self, *_args: object) -> None:
        text = self.folder_edit.text().strip()
        self.make_button.setEnabled(bool(text))
        if not text:
            self.target_label.setText(_("Choose a folder, or type the PDF's file name."))
            return
        try:
            target = report_path(text, str(self.lang_combo.currentData()))
        except AppError as err:
            self.target_label.setText(translated_error(err))
            return
        self.target_label.setText(_("The report will be saved as {path}").format(
            path=ltr_isolate(one_line(str(target), 500))))

    @QtCore.Slot()
    def _on_browse_button_clicked(self) -> None:
        chosen = file_picker.choose(self, _("Choose where to save the report"), folder=True)
        if chosen:
            self.folder_edit.setText(str(chosen[0]))

    def request(self) -> ReportRequest:
        """What the fields ask for, as ``bayyina-cli report`` would (a new file in the folder)."""
        lang = str(self.lang_combo.currentData())
        item_ids, case = self.scope.chosen()
        return ReportRequest(
            out=report_path(self.folder_edit.text(), lang),
            item_ids=None if item_ids is None else tuple(item_ids),
            case_title=case if item_ids is None else None, lang=lang,
            redact_sensitive=self.redact_check.isChecked())

    @QtCore.Slot()
    def _on_make_button_clicked(self) -> None:
        self.error_label.clear()
        self.result_label.clear()
        try:
            req = self.request()
        except AppError as err:  # refused before anything runs, with the CLI's own code
            self.show_error(translated_error(err))
            return
        self.show_folder_button.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.make_button.setEnabled(False)
        self.report_requested.emit(req)

    def show_result(self, path: Path) -> None:
        self.progress.hide()
        self.result_label.setText(_("Report saved: {path}").format(
            path=ltr_isolate(one_line(str(path), 500))))
        self._written = Path(path)
        self.show_folder_button.show()
        self._on_fields_edited()

    def folder_url(self) -> QtCore.QUrl | None:
        """The written report's folder as a local file URL (nothing else is ever opened)."""
        if self._written is None:
            return None
        url = QtCore.QUrl.fromLocalFile(str(self._written.resolve().parent))
        return url if url.isLocalFile() else None

    @QtCore.Slot()
    def _on_show_folder_button_clicked(self) -> None:
        url = self.folder_url()
        if url is not None:
            QtGui.QDesktopServices.openUrl(url)

    def show_error(self, message: str) -> None:
        self.progress.hide()
        self.error_label.setText(message)
        self._on_fields_edited()
