# SPDX-License-Identifier: GPL-3.0-or-later
"""The font size is the system's, headings are sized relative to it; light and dark themes follow
the system's colour scheme hint, and what we colour ourselves reads well in both."""

from __future__ import annotations

import re

from PySide6 import QtCore, QtGui, QtWidgets

from app.paths import resource_path


def _luminance(colour: QtGui.QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def _contrast(a: QtGui.QColor, b: QtGui.QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_font_size_is_the_systems_and_headings_follow_it(qtbot, styled, en) -> None:  # type: ignore[no-untyped-def]
    from ui.style import TITLE_SCALE, style_sheet, system_point_size
    from ui.windows.start_window import StartWindow

    system = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.GeneralFont)
    assert system_point_size() == system.pointSizeF()
    assert styled.font().pointSizeF() == system.pointSizeF()
    assert styled.font().family() == "Noto Sans Arabic"  # our family, her size
    # the style sheet sets no size of its own: every size in it is a multiple of hers
    raw = resource_path("qss", "base.qss").read_text(encoding="utf-8")
    assert not re.search(r"\d\s*pt", raw.split("*/", 1)[1])  # no point size at all
    assert "font-size: 22.4pt" in style_sheet(14.0, False)  # a larger system font, larger titles
    start = StartWindow(None)
    qtbot.addWidget(start)
    start.show()
    assert start.title.font().pointSizeF() == round(system.pointSizeF() * TITLE_SCALE, 1)
    assert start.title.font().pointSizeF() > start.subtitle.font().pointSizeF() > \
        system.pointSizeF()


def _icon_ink(action: QtGui.QAction) -> int:
    """The lightness of the darkest-or-lightest drawn pixel of an action's icon (its ink)."""
    image = action.icon().pixmap(24, 24).toImage()
    inks = [QtGui.QColor.fromRgba(image.pixel(x, y)) for x in range(24) for y in range(24)]
    drawn = [c.lightness() for c in inks if c.alpha() > 200]
    assert drawn
    return sorted(drawn)[len(drawn) // 2]


def test_dark_and_light_follow_the_system_hint(qtbot, styled, en) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.change_passphrase import ChangePassphraseDialog
    from ui.style import apply_theme, is_dark
    from ui.windows.main_window import MainWindow

    window_role = QtGui.QPalette.ColorRole.Window
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert _icon_ink(window.lock_action) < 100  # dark ink on the light toolbar
    try:
        # what the platform says when the desktop turns dark (Qt's colour scheme hint, live)
        QtGui.QGuiApplication.styleHints().colorSchemeChanged.emit(QtCore.Qt.ColorScheme.Dark)
        assert is_dark(styled.palette())
        qtbot.waitUntil(lambda: _icon_ink(window.lock_action) > 150)  # redrawn, light on dark
        dialog = ChangePassphraseDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.error_label.setText("Wrong passphrase")
        dialog.error_label.show()
        pal = dialog.palette()
        for role in (QtGui.QPalette.ColorRole.WindowText, QtGui.QPalette.ColorRole.ButtonText):
            assert _contrast(pal.color(role), pal.color(window_role)) >= 7
        assert _contrast(pal.color(QtGui.QPalette.ColorRole.Text),
                         pal.color(QtGui.QPalette.ColorRole.Base)) >= 7
        error_dark = dialog.error_label.palette().color(QtGui.QPalette.ColorRole.WindowText)
        assert _contrast(error_dark, pal.color(window_role)) >= 4.5

        assert not apply_theme(styled, QtCore.Qt.ColorScheme.Light)
        dialog.style().unpolish(dialog.error_label)
        dialog.style().polish(dialog.error_label)
        light = dialog.palette()
        assert light.color(window_role).lightness() > 200
        error_light = dialog.error_label.palette().color(QtGui.QPalette.ColorRole.WindowText)
        assert error_light != error_dark  # the error colour is chosen for each theme
        assert _contrast(error_light, light.color(window_role)) >= 4.5
    finally:
        apply_theme(styled)  # as the platform has it (offscreen: no hint, its light palette)
    assert not is_dark(QtWidgets.QApplication.palette())
