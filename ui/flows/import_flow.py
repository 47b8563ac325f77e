# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Import: files, folders and drops (:func:`app.ingest.import_paths`) or a pasted picture, one at
a time; progress in the main window's status bar, then the summary dialog.

Files and folders chosen in the window first go through the preview (:meth:`ImportFlow.preview`,
``ui/dialogs/import_preview.py``): what each carries, read in a cancellable job; Import there
starts the import itself (:meth:`ImportFlow.import_paths`, which the CLI-like callers and tests
use directly)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6 import QtCore, QtGui, QtWidgets

from app.errors import Cancelled
from ui.dialogs.import_preview import ImportPreviewDialog
from ui.dialogs.import_summary import ImportSummaryDialog
from ui.flows.base import Flow, alive
from ui.i18n import _, ngettext
from ui.jobs import imports

if TYPE_CHECKING:
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow
    from ui.workers import Task


def pasted_name(when: QtCore.QDateTime | None = None) -> str:
    """A pasted picture's name, in her language and dated: "Pasted picture 2026-12-02 14:03"
    (the date in ISO order, as in a file name; not the English "clipboard")."""
    when = when or QtCore.QDateTime.currentDateTime()
    stamp = when.toString("yyyy-MM-dd HH:mm")  # a format string: Western digits, any locale
    return _("Pasted picture {when}").format(when=stamp)


class ImportFlow(Flow):
    """Emits:
        started(): an import began.
        progressed(object): a ``Progress``.
        finished(object): the ``ImportSummary`` (or a one-outcome summary for a paste).
        failed(str): a translated sentence.
        summary_shown(object): the import summary dialog, once open.
        preview_shown(object): the preview dialog, once open (reading has started).
        preview_ready(object): the ``ImportPreview``, shown in the dialog.
        preview_closed(bool): the preview dialog closed; True when she chose Import.
    """

    started = QtCore.Signal()
    progressed = QtCore.Signal(object)
    finished = QtCore.Signal(object)
    failed = QtCore.Signal(str)
    summary_shown = QtCore.Signal(object)
    preview_shown = QtCore.Signal(object)
    preview_ready = QtCore.Signal(object)
    preview_closed = QtCore.Signal(bool)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse
        self.summary: ImportSummaryDialog | None = None
        self._task: Task | None = None
        self._method = ""
        self.preview_dialog: ImportPreviewDialog | None = None
        self._preview_task: Task | None = None
        self._pending: tuple[list[Path], str] | None = None

    @property
    def is_running(self) -> bool:
        return self._task is not None

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.summary, self.preview_dialog)

    def close(self) -> None:
        self._task = None  # the lock cancelled it
        self._pending = None
        self._stop_preview()
        super().close()
        self.summary = None
        self.preview_dialog = None

    # --- preview ---------------------------------------------------------------------------------
    @QtCore.Slot(list, str)
    def preview(self, paths: list[Path], method: str) -> bool:
        """Show what the files carry before importing them; False when locked or busy."""
        if self._task is not None or self._preview_task is not None or not paths:
            return False
        files = [Path(p) for p in paths]
        task = self.controller.run(imports.preview_files, files, method,
                                   ok=self._on_preview_succeeded, fail=self._on_preview_failed,
                                   progress=self._on_preview_progressed, cancellable=True)
        if task is None:
            return False
        self._preview_task, self._pending = task, (files, method)
        dialog = ImportPreviewDialog(self.controller.outcome_message, self.window)
        dialog.import_chosen.connect(self._on_preview_dialog_import_chosen)
        dialog.cancelled.connect(self._on_preview_dialog_cancelled)
        self.preview_dialog = dialog
        dialog.open()
        self.preview_shown.emit(dialog)
        return True

    def _stop_preview(self) -> None:
        if self._preview_task is not None:
            self._preview_task.cancel()
            self._preview_task = None

    def _on_preview_progressed(self, progress: Any) -> None:
        if (d := alive(self.preview_dialog)) is not None:
            d.show_progress(progress.done, progress.total)

    def _on_preview_succeeded(self, preview: Any) -> None:
        self._preview_task = None
        if (d := alive(self.preview_dialog)) is not None and d.isVisible():
            d.show_preview(preview)
            self.preview_ready.emit(preview)

    def _on_preview_failed(self, exc: BaseException) -> None:
        self._preview_task = None
        if isinstance(exc, Cancelled):
            return
        if (d := alive(self.preview_dialog)) is not None:
            d.status_label.setText(self.controller.message_for(exc))
            d.progress.hide()

    @QtCore.Slot()
    def _on_preview_dialog_import_chosen(self) -> None:
        self._stop_preview()
        pending, self._pending = self._pending, None
        self.preview_closed.emit(True)
        if pending is not None:
            self.import_paths(*pending)

    @QtCore.Slot()
    def _on_preview_dialog_cancelled(self) -> None:
        self._stop_preview()
        if self._pending is not None:
            self._pending = None
            self.preview_closed.emit(False)

    # --- intent ----------------------------------------------------------------------------------
    @QtCore.Slot(list, str)
    def import_paths(self, paths: list[Path], method: str) -> bool:
        """Start importing files/folders; False when locked or an import is already running."""
        if self._task is not None or not paths:
            return False
        return self._start(imports.import_files, [Path(p) for p in paths], method,
                           method=method, progress=True)

    @QtCore.Slot(QtGui.QImage)
    def import_image(self, image: QtGui.QImage) -> bool:
        """Import a pasted image, encoded to PNG in memory (nothing touches the disk)."""
        if self._task is not None or image.isNull() or self.controller.vault is None:
            return False
        buf = QtCore.QBuffer()
        buf.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        # PySide6's stub types the format as bytes; at runtime it only accepts str (bytes raise)
        image.save(buf, cast(bytes, "PNG"))
        data = bytes(buf.data().data())
        buf.close()
        return self._start(imports.paste_import, data, pasted_name(), method="clipboard",
                           progress=False)

    @QtCore.Slot()
    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _start(self, job: Any, *args: Any, method: str, progress: bool) -> bool:
        task = self.controller.run(job, *args, ok=self._on_succeeded, fail=self._on_failed,
                                   progress=self._on_progressed if progress else None,
                                   cancellable=progress)
        if task is None:
            return False
        self._task, self._method = task, method
        if self.window is not None:
            self.window.set_import_running(True)
        self.started.emit()
        return True

    # --- answers ---------------------------------------------------------------------------------
    def _on_progressed(self, progress: Any) -> None:
        if self.window is not None:
            self.window.show_import_progress(progress)
        self.progressed.emit(progress)

    def _on_succeeded(self, summary: Any) -> None:
        self._task = None
        self.finished.emit(summary)
        self.browse.refresh()
        if (window := self.window) is None:
            return
        window.set_import_running(False)
        window.show_status(ngettext("{count} item imported", "{count} items imported",
                                    summary.imported).format(
            count=QtCore.QLocale().toString(summary.imported)), 8000)
        dialog = ImportSummaryDialog(summary, self.controller.outcome_message,
                                     offer_clear_clipboard=self._method == "clipboard",
                                     parent=window)
        dialog.clear_clipboard_requested.connect(self._on_summary_clear_clipboard_requested)
        self.summary = dialog
        dialog.open()
        self.summary_shown.emit(dialog)

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        message = self.controller.message_for(exc)
        self.failed.emit(message)
        if (window := self.window) is None:
            return
        window.set_import_running(False)
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, _("Import failed"),
                                    message, QtWidgets.QMessageBox.StandardButton.Close, window)
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.open()

    @QtCore.Slot()
    def _on_summary_clear_clipboard_requested(self) -> None:
        QtGui.QGuiApplication.clipboard().clear()
