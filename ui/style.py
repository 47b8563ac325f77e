# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Fonts and style sheets.

Fonts come from the fontpkg packages (OFL) and are loaded with ``QFontDatabase.addApplicationFont``,
so Arabic is shaped and no glyph is ever a box, whatever the system has (``docs/design.md`` §Desktop
leak channels, fonts). Style sheets live in ``resources/qss/``; the palette follows the system
(light or dark).

Toolbar icons are GNOME's Adwaita symbolic icons (``resources/icons/toolbar/``, licence in its
README): drawn in the palette's text colour, so they follow a light or dark theme, and mirrored in a
right-to-left interface where they point somewhere (:data:`MIRRORED`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from app.paths import resource_path

log = logging.getLogger(__name__)

UI_FAMILY = "Noto Sans Arabic"
UI_POINT_SIZE = 10
# icons that point one way (an arrow, a list's bullets): mirrored right to left
MIRRORED = frozenset({"export", "import-files", "table"})
_ICON_INK = "#2e3436"  # the one colour of an Adwaita symbolic icon
_ICON_SIZES = (16, 20, 24, 32, 48)


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


def icon(name: str) -> QtGui.QIcon:
    """A toolbar icon (``resources/icons/toolbar/NAME.svg``) in the palette's text colour,
    mirrored when the layout is right to left and the icon has a direction. Empty when missing."""
    try:
        svg = resource_path("icons", "toolbar", f"{name}.svg").read_text(encoding="utf-8")
    except OSError:
        log.warning("icon %s missing", name)
        return QtGui.QIcon()
    ink = QtWidgets.QApplication.palette().color(QtGui.QPalette.ColorRole.ButtonText).name()
    renderer = QtSvg.QSvgRenderer(QtCore.QByteArray(svg.replace(_ICON_INK, ink).encode()))
    mirror = (name in MIRRORED and QtWidgets.QApplication.layoutDirection()
              == QtCore.Qt.LayoutDirection.RightToLeft)
    result = QtGui.QIcon()
    for size in _ICON_SIZES:
        image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(image)
        renderer.render(painter)
        painter.end()
        if mirror:
            image = image.flipped(QtCore.Qt.Orientation.Horizontal)
        result.addPixmap(QtGui.QPixmap.fromImage(image))
    return result
