# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Receive: the dialog gives an :class:`app.handover.ReceiveRequest`. A worker never waits for
the person: the first attempt at an unknown signer fails with ``handover.first_contact`` (nothing
imported), the dialog shows the fingerprint, and confirming runs the receive again with it
pinned (``trust_signer``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.errors import AppError
from ui.dialogs.receive import ReceiveDialog
from ui.flows.base import Flow, alive
from ui.jobs import handover

if TYPE_CHECKING:
    from app.handover import ReceiveRequest
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow


class ReceiveFlow(Flow):
    """Emits:
        finished(object): the ReceiveResult.
        needs_trust(str): the unknown signer's fingerprint (nothing was imported).
        failed(str): a translated sentence.
    """

    finished = QtCore.Signal(object)
    needs_trust = QtCore.Signal(str)
    failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse
        self.dialog: ReceiveDialog | None = None

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.dialog,)

    def close(self) -> None:
        super().close()
        self.dialog = None

    @QtCore.Slot()
    def show(self) -> None:
        if self.window is None:
            return
        dialog = ReceiveDialog(self.window)
        dialog.receive_requested.connect(self.start)
        self.dialog = dialog
        dialog.open()

    @QtCore.Slot(object)
    def start(self, request: ReceiveRequest) -> None:
        """Step 1 without ``trust_signer``; after the person compared the fingerprint, step 2."""
        self.controller.run(handover.receive, request, ok=self._on_finished, fail=self._on_failed,
                            progress=lambda _p: None, cancellable=True)

    def _on_finished(self, result: Any) -> None:
        if (d := alive(self.dialog)) is not None:
            d.show_result(result)
        self.finished.emit(result)
        self.browse.refresh()

    def _on_failed(self, exc: BaseException) -> None:
        d = alive(self.dialog)
        if isinstance(exc, AppError) and exc.code == "handover.first_contact":
            fingerprint = str(exc.params.get("fingerprint", ""))
            if d is not None:
                d.ask_trust(fingerprint)
            self.needs_trust.emit(fingerprint)
            return
        message = self.controller.message_for(exc)
        if d is not None:
            d.show_error(message)
        self.failed.emit(message)
