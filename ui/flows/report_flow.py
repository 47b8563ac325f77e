# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""PDF report: the dialog gives an :class:`app.report.requests.ReportRequest`; the job is
:func:`app.report.collect.write_report`, as for ``bayyina-cli report``."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from app.errors import AppError
from ui.dialogs.report import ReportDialog, translated_error
from ui.flows.base import Flow, alive
from ui.jobs import report
from ui.widgets.date_field import DISPLAY

if TYPE_CHECKING:
    from pathlib import Path

    from app.report.requests import ReportRequest
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow


class ReportFlow(Flow):
    """Emits:
        finished(object): the Path of the written PDF.
        failed(str): a translated sentence.
    """

    finished = QtCore.Signal(object)
    failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse
        self.dialog: ReportDialog | None = None

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.dialog,)

    def close(self) -> None:
        super().close()
        self.dialog = None

    @QtCore.Slot(list)
    def show(self, selected: list) -> None:
        if self.window is None:
            return
        dialog = ReportDialog(selected, self.browse.case_titles, self.window)
        dialog.report_requested.connect(self.start)
        self.dialog = dialog
        dialog.open()

    @QtCore.Slot(object)
    def start(self, request: ReportRequest) -> None:
        # the PDF writes numbers and dates as the GUI does (Settings: digits, Hijri dates)
        request = dataclasses.replace(request, digits=DISPLAY.digits, hijri=DISPLAY.hijri)
        self.controller.run(report.report, request, ok=self._on_finished, fail=self._on_failed,
                            cancellable=True)

    def _on_finished(self, path: Path) -> None:
        if (d := alive(self.dialog)) is not None:
            d.show_result(path)
        self.finished.emit(path)

    def _on_failed(self, exc: BaseException) -> None:
        message = translated_error(exc) if isinstance(exc, AppError) else \
            self.controller.message_for(exc)
        if (d := alive(self.dialog)) is not None:
            d.show_error(message)
        self.failed.emit(message)
