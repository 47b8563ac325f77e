# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Export: the wizard (:class:`ui.dialogs.export_bundle.ExportBundleDialog`) gives an
:class:`app.handover.ExportRequest`; the job writes the bundle, which the writer has already read
back and verified (``ExportResult.verified``): the dialog shows that, nothing verifies it again.
The wizard also offers the address book, and keeps a pasted key it was asked to save, and the
outbox of each destination (issue 18: the bundle is then encrypted to it and queued,
:func:`app.send.outbox.export_to_outbox`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from ui.dialogs.export_bundle import ExportBundleDialog
from ui.flows.base import Flow, alive
from ui.jobs import handover, records, send

if TYPE_CHECKING:
    from app.handover import ExportRequest, ExportResult
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow
    from ui.workers import Task


class ExportFlow(Flow):
    """Emits:
        progressed(object): a ``Progress``.
        finished(object): the ``ExportResult`` (with its read-back verification).
        failed(str): a translated sentence.
        recipients_loaded(list): the address book, offered in the wizard.
        recipient_saved(object): a pasted key kept in the address book (the new ``Recipient``).
        queued(object): the ``OutboxEntry`` when the bundle was put in a destination's outbox.
    """

    progressed = QtCore.Signal(object)
    finished = QtCore.Signal(object)
    failed = QtCore.Signal(str)
    recipients_loaded = QtCore.Signal(list)
    recipient_saved = QtCore.Signal(object)
    queued = QtCore.Signal(object)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse
        self.dialog: ExportBundleDialog | None = None
        self._task: Task | None = None

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.dialog,)

    def close(self) -> None:
        super().close()
        self.dialog, self._task = None, None

    @QtCore.Slot(list)
    def show(self, selected: list) -> None:
        """Open the wizard for the selected item ids (may be empty: all, or a case)."""
        if self.window is None:
            return
        dialog = ExportBundleDialog(selected, self.browse.case_titles, self.window)
        dialog.export_requested.connect(self.start)
        dialog.cancel_requested.connect(self.cancel)
        dialog.recipient_save_requested.connect(self.save_recipient)
        self.dialog = dialog
        self._load_recipients()
        self.controller.run(send.state, ok=self._on_destinations_loaded)  # issue 18's outbox
        dialog.open()

    @QtCore.Slot(object)
    def start(self, request: ExportRequest) -> None:
        d = alive(self.dialog)
        outbox = d.outbox_destination() if d is not None else None
        if outbox is not None:  # written, then put in that destination's outbox
            self._task = self.controller.run(send.queue_export, request, outbox,
                                             ok=self._on_queued, fail=self._on_failed,
                                             progress=self._on_progressed, cancellable=True)
            return
        self._task = self.controller.run(handover.export, request, ok=self._on_finished,
                                         fail=self._on_failed, progress=self._on_progressed,
                                         cancellable=True)

    @QtCore.Slot()
    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    @QtCore.Slot(str, str)
    def save_recipient(self, label: str, key: str) -> None:
        self.controller.run(records.WRITES["recipient.add"], label, key,
                            ok=self._on_recipient_saved, fail=self._on_failed)

    def _load_recipients(self) -> None:
        self.controller.run(records.READS["recipients"], ok=self._on_recipients_loaded)

    # --- answers ---------------------------------------------------------------------------------
    def _on_progressed(self, progress: Any) -> None:
        if (d := alive(self.dialog)) is not None:
            d.show_progress(progress)
        self.progressed.emit(progress)

    def _on_finished(self, result: ExportResult) -> None:
        self._task = None
        if (d := alive(self.dialog)) is not None:
            d.show_result(result)
        self.finished.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        message = self.controller.message_for(exc)
        if (d := alive(self.dialog)) is not None:
            d.show_error(message)
        self.failed.emit(message)

    def _on_queued(self, result: tuple[ExportResult, Any]) -> None:
        res, entry = result
        self._on_finished(res)
        if (d := alive(self.dialog)) is not None:
            d.show_queued(entry)
        self.queued.emit(entry)

    def _on_destinations_loaded(self, state: Any) -> None:
        if (d := alive(self.dialog)) is not None:
            d.set_destinations([(c.name, c.recipient) for c in state.contacts])

    def _on_recipients_loaded(self, recipients: list) -> None:
        if (d := alive(self.dialog)) is not None:
            d.set_recipients(recipients)
        self.recipients_loaded.emit(recipients)

    def _on_recipient_saved(self, recipient: Any) -> None:
        self.recipient_saved.emit(recipient)
        self._load_recipients()
