# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Change the passphrase: the dialog offers a routine change (the key is rewrapped) or "my
passphrase may be known" (the vault is rekeyed: every page re-encrypted under a new key, so a copy
of the old key file opens nothing); the job is :func:`ui.jobs.passphrase.change_passphrase`, as for
``bayyina-cli passwd [--rekey]``. A rekey starts only when no other task uses the vault, and one
that fails half-way locks it (the next unlock finishes or undoes the switch)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from app.errors import AppError
from ui.dialogs.change_passphrase import ChangePassphraseDialog
from ui.flows.base import Flow, alive
from ui.jobs import passphrase

if TYPE_CHECKING:
    from app.tasks import Progress
    from ui.controller import AppController


class PassphraseFlow(Flow):
    """Emits:
        progressed(object): a ``Progress`` of a rekey.
        changed(bool): the passphrase was changed; True when the vault was rekeyed.
        failed(str): a translated sentence.
    """

    progressed = QtCore.Signal(object)
    changed = QtCore.Signal(bool)
    failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.dialog: ChangePassphraseDialog | None = None

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.dialog,)

    def close(self) -> None:
        super().close()
        self.dialog = None

    @QtCore.Slot()
    def show(self) -> None:
        if self.window is None:
            return
        if (old := alive(self.dialog)) is not None:
            old.close()
        dialog = ChangePassphraseDialog(self.window)
        dialog.change_requested.connect(self.start)
        self.dialog = dialog
        dialog.open()

    @QtCore.Slot(str, str, str, bool)
    def start(self, old: str, new: str, confirmation: str, rekey: bool) -> None:
        if new != confirmation:
            self._on_failed(AppError("vault.passphrase_mismatch"))
            return
        if rekey and self.controller.runner.running:
            self._on_failed(AppError("vault.busy"))
            return
        self.controller.run(passphrase.change_passphrase, old, new, rekey, ok=self._on_changed,
                            fail=self._on_failed,
                            progress=self._on_progressed if rekey else None)

    def _on_progressed(self, progress: Progress) -> None:
        if (d := alive(self.dialog)) is not None:
            d.show_progress(progress)
        self.progressed.emit(progress)

    def _on_changed(self, rekeyed: bool) -> None:
        if (d := alive(self.dialog)) is not None:
            d.show_done(rekeyed)
        self.changed.emit(rekeyed)

    def _on_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if (d := alive(self.dialog)) is not None:
            d.show_error(message)
        self.failed.emit(message)
        vault = self.controller.vault
        if vault is not None and vault.is_locked:  # a rekey that failed half-way locked it
            self.controller.lock("user")
