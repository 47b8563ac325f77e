# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The one adapter that runs core callables off the GUI thread (docs/development.md).

A :class:`Task` wraps ``fn(*args, progress=…, cancel=…, **kwargs)`` in a ``QRunnable`` on a
``QThreadPool``. Results and errors cross back to the GUI thread through :class:`WorkerSignals`
(queued connections). The runner keeps a strong reference to every task until it has finished, so
no signal is ever emitted from a deleted C++ object (SecureDrop #1550). A task never waits for the
user: flows that need a question are split into steps by the controller.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore

from app.errors import AppError
from app.tasks import CancelToken, Progress

log = logging.getLogger(__name__)


class WorkerSignals(QtCore.QObject):
    """Signal carrier of one task (a QRunnable cannot emit).

    Emits:
        progressed(Progress): from the core's progress callback.
        succeeded(object): the callable's return value.
        failed(object): the exception (an AppError, or any other exception).
        finished(): after succeeded or failed, always last.
    """

    progressed = QtCore.Signal(object)
    succeeded = QtCore.Signal(object)
    failed = QtCore.Signal(object)
    finished = QtCore.Signal()


class Task(QtCore.QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False,
                 with_cancel: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # lifetime is ours: the runner drops it after `finished`
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = WorkerSignals()
        self.cancel_token = CancelToken()
        self._with_progress, self._with_cancel = with_progress, with_cancel

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def _report(self, progress: Progress) -> None:
        self.signals.progressed.emit(progress)

    def run(self) -> None:
        tracer = threading.gettrace()  # a tracer set for new threads (coverage, a debugger)
        if tracer is not None and sys.gettrace() is None:
            sys.settrace(tracer)  # the pool's Qt threads too: `threading` never starts them
        kwargs = dict(self.kwargs)
        if self._with_progress:
            kwargs["progress"] = self._report
        if self._with_cancel:
            kwargs["cancel"] = self.cancel_token
        try:
            result = self.fn(*self.args, **kwargs)
        except AppError as exc:
            self.signals.failed.emit(exc)
        except Exception as exc:
            log.error("task failed: %s", type(exc).__name__)
            log.debug("%s", traceback.format_exc())
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


class TaskRunner(QtCore.QObject):
    """Starts tasks on a thread pool and holds them until they finish.

    Emits:
        idle_changed(bool): True when no task is running any more.
    """

    idle_changed = QtCore.Signal(bool)

    def __init__(self, pool: QtCore.QThreadPool | None = None,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QtCore.QThreadPool(self)
        self._running: set[Task] = set()

    @property
    def running(self) -> int:
        return len(self._running)

    def start(self, task: Task) -> Task:
        """Run ``task``. Connect to its signals *before* calling this: a fast task may finish
        before the next line of the caller runs."""
        self._running.add(task)
        task.signals.finished.connect(lambda t=task: self._on_task_finished(t))
        was_idle = len(self._running) == 1
        self._pool.start(task)
        if was_idle:
            self.idle_changed.emit(False)
        return task

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every task has returned (on quit, in the benchmark, and briefly on lock
        after the vault's statements were interrupted)."""
        return self._pool.waitForDone(msecs)

    def _on_task_finished(self, task: Task) -> None:
        self._running.discard(task)
        if not self._running:
            self.idle_changed.emit(True)
