# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What every flow shares: the controller it runs jobs through, the main window it answers in
(attached per session, dropped at lock) and closing its dialogs when the vault locks."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6 import QtCore, QtWidgets

if TYPE_CHECKING:
    from ui.controller import AppController
    from ui.windows.main_window import MainWindow

_D = TypeVar("_D")


def alive(dialog: _D | None) -> _D | None:
    """``dialog`` unless it is None or its C++ object was deleted (closed with its window)."""
    return dialog if dialog is not None and shiboken6.isValid(dialog) else None


class Flow(QtCore.QObject):
    """One user action: its dialog(s), its job(s) and its signals. Results arrive only through
    :meth:`ui.controller.AppController.run`, so nothing started before a lock reaches it."""

    def __init__(self, controller: AppController, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.window: MainWindow | None = None

    def attach(self, window: MainWindow) -> None:
        """The session's main window (a new one after every unlock)."""
        self.window = window

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        """The dialogs this flow owns (closed on lock)."""
        return ()

    def close(self) -> None:
        """The vault locked: close the dialogs, forget the window and any state of the session."""
        for dialog in self.dialogs():
            if (d := alive(dialog)) is not None:
                d.close()
        self.window = None
