# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""AppController: the vault session — open, create, lock, the generation guard and the runner.

Every user action is a flow (:mod:`ui.flows`) that runs its job through :meth:`AppController.run`:
the job gets the open vault and runs on the one :class:`~ui.workers.TaskRunner`; its result,
error and progress reach the flow only if the vault was not locked in between. Locking cancels
running tasks, closes every connection and wipes the key (``Vault.lock``) at once, then emits
``vault_locked`` (the shell closes every flow).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6 import QtCore

from app.errors import AppError
from app.messages import describe
from app.session import open_session
from app.vault import KdfParams, Vault, create_vault, duress
from ui.i18n import current
from ui.jobs.safety import RestoreRequest, restore
from ui.workers import Task, TaskRunner

# how long a lock waits for interrupted workers to return (they fail at their next SQL step)
LOCK_WAIT_MS = 2000

log = logging.getLogger(__name__)


class AppController(QtCore.QObject):
    """The vault session.

    Emits:
        vault_opened(object): the vault folder (a Path) after create or unlock.
        vault_open_failed(str): a translated sentence (wrong passphrase, damage, …).
        vault_locked(str): why — "user", "idle", "panic", "session", "erased" (she erased
            the whole vault: it is gone).
        busy_changed(bool): True while the vault is being created or opened.
        vault_restored(object): a ``RestoreResult`` (a new vault made from a backup).
        vault_restore_failed(str): a translated sentence.
    """

    vault_opened = QtCore.Signal(object)
    vault_open_failed = QtCore.Signal(str)
    vault_locked = QtCore.Signal(str)
    busy_changed = QtCore.Signal(bool)
    vault_restored = QtCore.Signal(object)
    vault_restore_failed = QtCore.Signal(str)

    def __init__(self, runner: TaskRunner | None = None, *, kdf: KdfParams | None = None,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner or TaskRunner(parent=self)
        self._kdf = kdf  # None: calibrated on this machine (tests pass a cheap profile)
        self._vault: Vault | None = None
        self._generation = 0  # bumped on lock: results from older sessions are dropped

    # --- state ---------------------------------------------------------------------------------
    @property
    def vault(self) -> Vault | None:
        return self._vault

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None and not self._vault.is_locked

    def message_for(self, exc: BaseException) -> str:
        """The translated sentence for any error that crossed from the core."""
        if isinstance(exc, AppError):
            return describe(exc, current(), isolate=True)
        return describe(AppError("generic.unexpected"), current(), isolate=True)

    def outcome_message(self, code: str | None, params: dict[str, Any]) -> str:
        return describe(AppError(code or "generic.unexpected", **params), current(), isolate=True)

    # --- running a flow's job --------------------------------------------------------------------
    def run(self, job: Callable[..., Any], *args: Any, ok: Callable[[Any], None],
            fail: Callable[[BaseException], None] | None = None,
            progress: Callable[[Any], None] | None = None, cancellable: bool = False,
            **kwargs: Any) -> Task | None:
        """Run ``job(vault, *args, **kwargs)`` in a worker; None (nothing started) when locked.

        ``ok`` gets the return value, ``fail`` the exception (both on the GUI thread),
        ``progress`` each ``Progress`` (the job then takes ``progress=``); ``cancellable`` passes
        a ``cancel=`` token (``Task.cancel``). A lock before the job finishes drops all three:
        nothing of an older session reaches a flow.
        """
        if self._vault is None:
            return None
        task = Task(job, self._vault, *args, with_progress=progress is not None,
                    with_cancel=cancellable, **kwargs)
        generation = self._generation

        def current_session() -> bool:
            return generation == self._generation

        task.signals.succeeded.connect(lambda value: ok(value) if current_session() else None)
        if fail is not None:
            task.signals.failed.connect(lambda exc: fail(exc) if current_session() else None)
        if progress is not None:
            task.signals.progressed.connect(
                lambda p: progress(p) if current_session() else None)
        return self.runner.start(task)

    # --- open / create / lock --------------------------------------------------------------------
    def create_vault(self, path: Path, passphrase: str, confirmation: str) -> None:
        if passphrase != confirmation:
            self.vault_open_failed.emit(self.message_for(AppError("vault.passphrase_mismatch")))
            return
        self._start_open(create_vault, Path(path), passphrase, self._kdf)

    def open_vault(self, path: Path, passphrase: str) -> None:
        self._start_open(open_session, Path(path), passphrase)

    def _start_open(self, fn: Any, *args: Any) -> None:
        self.busy_changed.emit(True)
        task = Task(fn, *args)
        generation = self._generation
        task.signals.succeeded.connect(lambda v, g=generation: self._on_open_succeeded(v, g))
        task.signals.failed.connect(self._on_open_failed)
        self.runner.start(task)

    def _on_open_succeeded(self, vault: Vault, generation: int) -> None:
        self.busy_changed.emit(False)
        if generation != self._generation:  # locked meanwhile (panic during unlock)
            vault.lock()
            return
        self._vault = vault
        self.vault_opened.emit(vault.path)

    def _on_open_failed(self, exc: BaseException) -> None:
        self.busy_changed.emit(False)
        self.vault_open_failed.emit(self.message_for(exc))

    def restore(self, request: RestoreRequest) -> None:
        """A new vault from a backup file (no vault needs to be open; none is opened)."""
        self.busy_changed.emit(True)
        task = Task(restore, request)
        task.signals.succeeded.connect(self._on_restore_succeeded)
        task.signals.failed.connect(self._on_restore_failed)
        self.runner.start(task)

    def _on_restore_succeeded(self, result: Any) -> None:
        self.busy_changed.emit(False)
        self.vault_restored.emit(result)

    def _on_restore_failed(self, exc: BaseException) -> None:
        self.busy_changed.emit(False)
        self.vault_restore_failed.emit(self.message_for(exc))

    def erase_vault(self) -> None:
        """Quick delete of the whole vault: locked at once, then crypto-erased
        (:func:`app.vault.duress.erase`: every key slot overwritten, the databases removed)."""
        vault = self._vault
        if vault is None:
            return
        self.lock("erased", erase=True)

    def lock(self, reason: str = "user", *, erase: bool = False) -> None:
        """Lock now: cancel tasks, close connections, wipe the key. Safe to call twice.
        ``erase``: the vault's key slots are then overwritten and its files removed."""
        self._generation += 1
        self.runner.cancel_all()
        vault, self._vault = self._vault, None
        if vault is not None:
            # a worker may be inside a query: interrupt it and let it return before the
            # connections close (closing under a running statement crashes the process); the
            # late results are dropped by the generation guard
            vault.interrupt()
            self.runner.wait_for_done(LOCK_WAIT_MS)
            path, key_file = vault.path, vault._key_file
            vault.lock()
            if erase:
                duress.erase(path, key_file)
            log.info("vault locked (%s)", reason)
            self.vault_locked.emit(reason)

    @QtCore.Slot()
    def _on_application_idle_timed_out(self) -> None:
        if self.is_unlocked:
            self.lock("idle")

    @QtCore.Slot()
    def _on_application_session_suspended(self) -> None:
        if self.is_unlocked:
            self.lock("session")

    def watch(self, application: Any) -> None:
        """Lock on the application's idle and session signals (``ui.application.Application``)."""
        application.idle_timed_out.connect(self._on_application_idle_timed_out)
        application.session_suspended.connect(self._on_application_session_suspended)
