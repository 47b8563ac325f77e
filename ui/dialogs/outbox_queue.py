# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A new bundle for a destination's outbox (issue 18): what goes in it and where the encrypted
file is kept until it is sent. The bundle is always encrypted to the destination's key (from its
signed card), as ``export --to NAME`` does; the job is :func:`app.send.outbox.export_to_outbox`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from app.errors import AppError
from app.handover.requests import ExportRequest
from app.messages import describe
from app.tasks import Progress
from app.textsafety import ltr_isolate, one_line
from ui.i18n import _, current
from ui.widgets import file_picker
from ui.widgets.scope_picker import ScopePickerWidget
from ui.widgets.secure_label import safe_text

if TYPE_CHECKING:
    from app.send.outbox import OutboxEntry


class QueueBundleDialog(QtWidgets.QDialog):
    """Emits:
        queue_requested(object, str): an ``ExportRequest`` (encrypted to the destination's
            recipient; the job checks it is the saved one) and the destination's name.
        cancel_requested().
    """

    queue_requested = QtCore.Signal(object, str)
    cancel_requested = QtCore.Signal()

    def __init__(self, contact: str, recipient: str, selected_ids: list[int],
                 case_titles: list[str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact, self.recipient = contact, recipient
        self.setWindowTitle(_("New bundle for {name}").format(
            name=safe_text(contact, max_len=60)))
        self.scope = ScopePickerWidget(list(selected_ids), case_titles, parent=self)
        self.hint = QtWidgets.QLabel(
            _("The bundle is encrypted to {name}'s key, from its signed card: only the "
              "organisation can open it. It waits in the file below until it is sent: do not "
              "move it.").format(name=safe_text(contact, max_len=60)), self)
        self.hint.setWordWrap(True)
        self.report_check = QtWidgets.QCheckBox(_("Include a PDF report in:"), self)
        self.report_check.setChecked(True)
        self.report_lang = QtWidgets.QComboBox(self)
        self.report_lang.setAccessibleName(_("Language of the PDF report"))
        self.report_lang.addItem("العربية", "ar")
        self.report_lang.addItem("English", "en")
        self.report_lang.setCurrentIndex(max(0, self.report_lang.findData(current().lang)))
        self.folder_edit = QtWidgets.QLineEdit(self)
        self.folder_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.folder_edit.setPlaceholderText(_("Folder, e.g. a USB stick"))
        self.folder_edit.setAccessibleName(_("Folder, e.g. a USB stick"))
        self.browse_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.hide()
        self.result_label = QtWidgets.QLabel(self)
        self.result_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.queue_button = QtWidgets.QPushButton(_("Put in the outbox"), self)
        self.queue_button.setObjectName("primary")
        self.cancel_button = QtWidgets.QPushButton(_("Cancel"), self)
        self.cancel_button.hide()
        self.close_button = QtWidgets.QPushButton(_("Close"), self)

        what = QtWidgets.QGroupBox(_("What"), self)
        QtWidgets.QVBoxLayout(what).addWidget(self.scope)
        report = QtWidgets.QHBoxLayout()
        report.addWidget(self.report_check)
        report.addWidget(self.report_lang)
        report.addStretch(1)
        dest = QtWidgets.QHBoxLayout()
        dest.addWidget(QtWidgets.QLabel(_("Save in:"), self))
        dest.addWidget(self.folder_edit, 1)
        dest.addWidget(self.browse_button)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.queue_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(what)
        layout.addLayout(report)
        layout.addLayout(dest)
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)

        self.folder_edit.textChanged.connect(self._on_fields_edited)
        self.report_check.toggled.connect(self._on_fields_edited)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.queue_button.clicked.connect(self._on_queue_button_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        self.close_button.clicked.connect(self.reject)
        self._on_fields_edited()
        self.resize(560, 460)

    @QtCore.Slot()
    def _on_fields_edited(self, *_args: object) -> None:
        self.report_lang.setEnabled(self.report_check.isChecked())
        self.queue_button.setEnabled(bool(self.folder_edit.text().strip()))

    @QtCore.Slot()
    def _on_browse_button_clicked(self) -> None:
        chosen = file_picker.choose(self, _("Choose where to save the bundle"), folder=True)
        if chosen:
            self.folder_edit.setText(str(chosen[0]))

    def request(self) -> ExportRequest:
        """The fields as an export request, encrypted to the destination's recipient."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        item_ids, case = self.scope.chosen()
        return ExportRequest(
            out=Path(self.folder_edit.text().strip()) / f"bayyina-{stamp}.zip.age",
            item_ids=None if item_ids is None else tuple(item_ids),
            case=case if item_ids is None else None, recipients=(self.recipient,), encrypt=True,
            passphrase=None, include_originals=False,
            report_lang=(self.report_lang.currentData() if self.report_check.isChecked()
                         else None))

    @QtCore.Slot()
    def _on_queue_button_clicked(self) -> None:
        try:
            req = self.request()
        except AppError as err:
            self.show_error(describe(err, current(), isolate=True))
            return
        self.error_label.hide()
        self.result_label.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.queue_button.setEnabled(False)
        self.cancel_button.show()
        self.queue_requested.emit(req, self.contact)

    def show_progress(self, progress: Progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)

    def show_result(self, entry: OutboxEntry) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.result_label.setText("\n".join((
            _("The bundle is in the outbox for {name}.").format(
                name=safe_text(entry.contact, max_len=60)),
            _("File: {path}").format(path=ltr_isolate(one_line(entry.path, 500))),
            _("SHA-256: {hash}").format(hash=ltr_isolate(entry.sha256)))))
        self.result_label.show()

    def show_error(self, message: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.error_label.setText(message)
        self.error_label.show()
        self._on_fields_edited()
