# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The main window's keyboard shortcuts, in one table: every action of the toolbar has a key, so
the whole journey (import → search → report → export → receive → lock) needs no mouse.

Ctrl+L and the panic key are not here: they work from every window and dialog
(``ui.application``; ``ui.dialogs.about`` names them)."""

from __future__ import annotations

from PySide6 import QtGui

FIND, IMPORT, EXPORT, REPORT, RECEIVE = "find", "import", "export", "report", "receive"

KEYS: dict[str, tuple[str, ...]] = {
    FIND: ("Ctrl+F",),
    IMPORT: ("Ctrl+I", "Ctrl+O"),  # I for import; O as "open" everywhere else
    EXPORT: ("Ctrl+E",),
    REPORT: ("Ctrl+P",),  # the report is what gets printed
    RECEIVE: ("Ctrl+R",),
}


def sequences(name: str) -> list[QtGui.QKeySequence]:
    return [QtGui.QKeySequence(k) for k in KEYS[name]]
