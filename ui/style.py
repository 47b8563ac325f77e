# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Fonts and style sheets.

Fonts come from the fontpkg packages (OFL) and are loaded with ``QFontDatabase.addApplicationFont``,
so Arabic is shaped and no glyph is ever a box, whatever the system has (``docs/design.md`` §Desktop
leak channels, fonts). Only the family is ours: the size is the system's (her desktop's font size,
a larger one when she needs it), and the style sheet's headings are sized relative to it.

Style sheets live in ``resources/qss/``. Colours follow the system, light or dark: Qt's colour
scheme hint (``QStyleHints.colorScheme``, followed live) decides; when the platform reports a dark
scheme but gives a light palette (a style without dark colours), a dark palette of our own is
used, and the style sheet's one colour (error text) is chosen for the theme in use.

Toolbar icons are GNOME's Adwaita symbolic icons (``resources/icons/toolbar/``, licence in its
README): drawn in the palette's text colour, so they follow a light or dark theme, and mirrored in a
right-to-left interface where they point somewhere (:data:`MIRRORED`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from string import Template

from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from app.paths import resource_path

log = logging.getLogger(__name__)

UI_FAMILY = "Noto Sans Arabic"
FALLBACK_POINT_SIZE = 10.0  # only when the platform reports no size at all
TITLE_SCALE, SUBTITLE_SCALE = 1.6, 1.1  # headings, relative to the system's font size
# error text: at least 4.5:1 (WCAG AA) on the light and on the dark window colour
ERROR_COLOURS = {False: "#b3261e", True: "#ffb4ab"}
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


def system_point_size() -> float:
    """The desktop's general font size in points (what she chose), whatever the app has set."""
    size = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.GeneralFont).pointSizeF()
    return size if size > 0 else FALLBACK_POINT_SIZE


def is_dark(palette: QtGui.QPalette) -> bool:
    """Light text on a dark window."""
    return bool(palette.color(QtGui.QPalette.ColorRole.Window).lightness() < 128)


def dark_palette() -> QtGui.QPalette:
    """A dark palette for a platform that says "dark" but gives no dark colours."""
    c = QtGui.QColor
    role, group = QtGui.QPalette.ColorRole, QtGui.QPalette.ColorGroup
    pal = QtGui.QPalette(c("#2d2d2d"))  # window; Qt derives light/mid/dark/shadow from it
    for r, colour in ((role.Window, "#2d2d2d"), (role.WindowText, "#eeeeec"),
                      (role.Base, "#1e1e1e"), (role.AlternateBase, "#353535"),
                      (role.Text, "#eeeeec"), (role.Button, "#383838"),
                      (role.ButtonText, "#eeeeec"), (role.BrightText, "#ffffff"),
                      (role.Highlight, "#3584e4"), (role.HighlightedText, "#ffffff"),
                      (role.ToolTipBase, "#3a3a3a"), (role.ToolTipText, "#eeeeec"),
                      (role.PlaceholderText, "#a8a8a8"), (role.Link, "#78aeed"),
                      (role.LinkVisited, "#c0a0f0")):
        pal.setColor(r, c(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, c("#808080"))
    return pal


def apply_theme(qapp: QtWidgets.QApplication,
                scheme: QtCore.Qt.ColorScheme | None = None) -> bool:
    """Follow the system's light or dark scheme (``scheme``: the hint, read from Qt unless given).
    The platform's own palette is kept whenever it already matches; True when dark."""
    if scheme is None:
        scheme = QtGui.QGuiApplication.styleHints().colorScheme()
    qapp.setPalette(QtGui.QPalette())  # back to the platform's palette (and its later changes)
    if scheme == QtCore.Qt.ColorScheme.Dark and not is_dark(qapp.palette()):
        qapp.setPalette(dark_palette())
    elif scheme == QtCore.Qt.ColorScheme.Light and is_dark(qapp.palette()):
        qapp.setPalette(qapp.style().standardPalette())
    dark = is_dark(qapp.palette())
    _apply_style_sheet(qapp, dark)
    return dark


def style_sheet(point_size: float, dark: bool) -> str:
    """``resources/qss/base.qss`` with its sizes and colour filled in."""
    qss = resource_path("qss", "base.qss").read_text(encoding="utf-8")
    return Template(qss).safe_substitute(
        title_pt=f"{point_size * TITLE_SCALE:.1f}pt",
        subtitle_pt=f"{point_size * SUBTITLE_SCALE:.1f}pt", error_colour=ERROR_COLOURS[dark])


def _apply_style_sheet(qapp: QtWidgets.QApplication, dark: bool) -> None:
    try:
        qapp.setStyleSheet(style_sheet(qapp.font().pointSizeF(), dark))
    except OSError:
        log.warning("style sheet missing")


def apply_style(qapp: QtWidgets.QApplication) -> None:
    """Our font family at the system's size, the style sheet, and the theme (followed live)."""
    families = load_fonts()
    if UI_FAMILY in families:
        font = QtGui.QFont(UI_FAMILY)
        font.setPointSizeF(system_point_size())
        qapp.setFont(font)
    apply_theme(qapp)
    if not qapp.property("bayyina_follows_theme"):  # connected once, whoever calls again
        qapp.setProperty("bayyina_follows_theme", True)
        QtGui.QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda scheme: apply_theme(qapp, scheme))


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
