# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Windows that fit the field laptop's screen (1366×768 or 1280×720, at 100 % or 125 %).

Two mechanisms, used together:

- :func:`scroll_body`: a long form's fields go into a frameless scroll area while its buttons,
  progress and messages stay below it, always visible — so the dialog's minimum height is small
  and Export or Close can never be pushed off the screen.
- :class:`ScreenFitFilter` (installed once by :class:`ui.application.Application`): when any
  window is shown for the first time, it is shrunk to the available area of its screen (less the
  window frame) and moved inside it. Windows keep whatever size the user gives them afterwards.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

# what a title bar and frame take, when the platform does not say (logical pixels)
FRAME_ALLOWANCE = QtCore.QSize(16, 40)
_FITTED = "bayyina_fitted"


def scroll_body(parent: QtWidgets.QWidget,
                *parts: QtWidgets.QWidget | QtWidgets.QLayout) -> QtWidgets.QScrollArea:
    """A frameless, vertically scrolling area holding ``parts`` top to bottom."""
    area = QtWidgets.QScrollArea(parent)
    area.setObjectName("formScroll")
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QtWidgets.QWidget(area)
    layout = QtWidgets.QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QtWidgets.QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addStretch(1)
    area.setWidget(body)
    # as wide as the form needs (no horizontal scrolling), as tall as the screen allows
    area.setMinimumWidth(body.minimumSizeHint().width()
                         + area.verticalScrollBar().sizeHint().width())
    return area


def available_area(window: QtWidgets.QWidget) -> QtCore.QRect:
    """The part of the window's screen that windows may use (less panels and docks)."""
    screen = window.screen() or QtWidgets.QApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QtWidgets.QWidget) -> None:
    """Shrink ``window`` to its screen's available area (frame included) and move it inside."""
    area = available_area(window)
    frame = window.frameGeometry().size() - window.geometry().size()
    if frame.width() <= 0 and frame.height() <= 0:
        frame = FRAME_ALLOWANCE
    room = QtCore.QSize(max(100, area.width() - frame.width()),
                        max(100, area.height() - frame.height()))
    size = window.size().boundedTo(room)
    if size != window.size():
        window.resize(size)
    geo = window.frameGeometry()
    x = min(max(geo.x(), area.left()), max(area.left(), area.right() + 1 - geo.width()))
    y = min(max(geo.y(), area.top()), max(area.top(), area.bottom() + 1 - geo.height()))
    if (x, y) != (geo.x(), geo.y()):
        window.move(x, y)


class ScreenFitFilter(QtCore.QObject):
    """Fits every window to its screen when it is first shown; never consumes an event."""

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (event.type() == QtCore.QEvent.Type.Show and isinstance(obj, QtWidgets.QWidget)
                and obj.isWindow() and not obj.property(_FITTED)):
            obj.setProperty(_FITTED, True)
            fit_to_screen(obj)
        return False
