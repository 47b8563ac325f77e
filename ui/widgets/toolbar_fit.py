# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A toolbar that keeps every action in view: words beside the icons while there is room, then,
one by one in a given order, icons only (their names stay in the tooltip and for screen readers),
so nothing goes into Qt's overflow menu on a 1280-px screen at 125 % (issue 13)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6 import QtCore, QtGui, QtWidgets

TEXT = QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon
ICON = QtCore.Qt.ToolButtonStyle.ToolButtonIconOnly


Entry = QtGui.QAction | QtWidgets.QToolButton


class ToolbarFit(QtCore.QObject):
    """Watches ``toolbar``'s width; ``compact`` are its buttons (actions or tool buttons added as
    widgets) that may lose their words, the first to go first; a tuple goes together (Grid and
    Table: a pair looks like one). The others always keep their words."""

    def __init__(self, toolbar: QtWidgets.QToolBar,
                 compact: Sequence[Entry | tuple[Entry, ...]]) -> None:
        super().__init__(toolbar)
        self._bar = toolbar
        self._steps = [e if isinstance(e, tuple) else (e,) for e in compact]
        self._compact = [e for step in self._steps for e in step]
        self._busy = False
        toolbar.installEventFilter(self)
        QtCore.QTimer.singleShot(0, self.refit)

    def _button(self, entry: QtGui.QAction | QtWidgets.QToolButton) -> QtWidgets.QToolButton | None:
        if isinstance(entry, QtWidgets.QToolButton):
            return entry
        widget = self._bar.widgetForAction(entry)
        return widget if isinstance(widget, QtWidgets.QToolButton) else None

    def needed_width(self) -> int:
        """The width all the toolbar's items take as they are now styled."""
        layout = self._bar.layout()
        margins = layout.contentsMargins() if layout is not None else QtCore.QMargins()
        spacing = max(layout.spacing(), 0) if layout is not None else 0
        widths = []
        for action in self._bar.actions():
            widget = self._bar.widgetForAction(action)
            if widget is None or not action.isVisible():
                continue
            expanding = widget.sizePolicy().horizontalPolicy() == \
                QtWidgets.QSizePolicy.Policy.Expanding
            widths.append(widget.minimumSizeHint().width() if expanding
                          else widget.sizeHint().width())
        handle = self._bar.style().pixelMetric(
            QtWidgets.QStyle.PixelMetric.PM_ToolBarHandleExtent, None, self._bar) \
            if self._bar.isMovable() else 0
        return margins.left() + margins.right() + handle + sum(widths) + \
            spacing * max(len(widths) - 1, 0) + 2 * self._bar.style().pixelMetric(
                QtWidgets.QStyle.PixelMetric.PM_ToolBarFrameWidth, None, self._bar)

    def compacted(self) -> int:
        """How many of the compact buttons show their icon only."""
        return sum(1 for e in self._compact
                   if (b := self._button(e)) is not None and b.toolButtonStyle() == ICON)

    @QtCore.Slot()
    def refit(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            room = self._bar.width()
            steps = [[b for e in step if (b := self._button(e)) is not None]
                     for step in self._steps]
            for step in steps:
                for button in step:
                    button.setToolButtonStyle(TEXT)
            for step in steps:
                if self.needed_width() <= room:
                    break
                for button in step:
                    button.setToolButtonStyle(ICON)
                    if not button.toolTip():
                        button.setToolTip(button.text())
            layout = self._bar.layout()
            if layout is not None:
                layout.invalidate()
        finally:
            self._busy = False

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self._bar and event.type() in (QtCore.QEvent.Type.Resize,
                                                     QtCore.QEvent.Type.FontChange,
                                                     QtCore.QEvent.Type.LanguageChange):
            self.refit()
        return False
