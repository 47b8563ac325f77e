# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The one contract for long operations: a progress callback and a cancel token.

Core functions look like ``fn(..., progress: ProgressFn | None = None, cancel: CancelToken | None =
None)``. They are synchronous, never touch Qt, and raise :class:`app.errors.Cancelled` when the
token is set (after keeping whatever finished).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from app.errors import Cancelled


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    stage: str = ""  # a machine key such as "import", "export.write"; the UI translates it
    detail: str = ""  # untrusted (e.g. a file name): display as plain text only


class ProgressFn(Protocol):
    def __call__(self, progress: Progress) -> None: ...


class CancelToken:
    """Thread-safe flag set by the UI and polled by the core between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def notify(progress: ProgressFn | None, done: int, total: int | None, stage: str = "",
           detail: str = "") -> None:
    """Tell ``progress`` (if any) how far the work is: ``done`` of ``total`` in ``stage``."""
    if progress is not None:
        progress(Progress(done, total, stage, detail))
