# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Fonts and style sheets.

Fonts come from the fontpkg packages (OFL) and are loaded with ``QFontDatabase.addApplicationFont``,
so Arabic is shaped and no glyph is ever a box, whatever the system has (``docs/design.md`` §Desktop
leak channels, fonts). Style sheets live in ``resources/qss/``; the palette follows the system
(light or dark).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtGui, QtWidgets

from app.paths import resource_path

log = logging.getLogger(__name__)

UI_FAMILY = "Noto Sans Arabic"
UI_POINT_SIZE = 10


def _font_files() -> list[Path]:
    files: list[Path] = []
    try:
        import fontpkg

        for family in ("Noto Sans Arabic", "Amiri"):
            try:
                files.append(Path(fontpkg.path(family)))
            except Exception:
                log.warning("font family %s is not installed", family)
    except ImportError:  # pragma: no cover - fontpkg is a hard dependency
        log.warning("fontpkg is not installed; falling back to system fonts")
    return files


def load_fonts() -> list[str]:
    """Register the bundled fonts; returns the family names Qt now knows."""
    families: list[str] = []
    for path in _font_files():
        font_id = QtGui.QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load a bundled font")
            continue
        families += QtGui.QFontDatabase.applicationFontFamilies(font_id)
    return families


def apply_style(qapp: QtWidgets.QApplication) -> None:
    families = load_fonts()
    if UI_FAMILY in families:
        qapp.setFont(QtGui.QFont(UI_FAMILY, UI_POINT_SIZE))
    qss = resource_path("qss", "base.qss")
    try:
        qapp.setStyleSheet(qss.read_text(encoding="utf-8"))
    except OSError:
        log.warning("style sheet missing")
