# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The messages of one chat for the chat view (:mod:`ui.views.chat_view`): compact rows, filled a
page at a time as the worker reads them (a 100,000-message chat shows its first page at once), and
the same model for the search results (each hit with its neighbours, the hit marked).

Every text here came from the export (untrusted): it is cleaned of control and bidi-override
characters once, when the row is made, and painted as plain text by the delegate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtGui

from ui.jobs.chats import MAX_SHOWN_CHARS, ChatRow, row_from, text_is_rtl

__all__ = ["MAX_SHOWN_CHARS", "ChatMessagesModel", "ChatRow", "author_colour", "contrast",
           "row_from", "text_is_rtl"]

_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex

MessageRole = QtCore.Qt.ItemDataRole.UserRole + 1   # the ChatRow
IndexRole = QtCore.Qt.ItemDataRole.UserRole + 2     # the message's position in the export
DirectionRole = QtCore.Qt.ItemDataRole.UserRole + 3  # Qt.LayoutDirection of its text
AuthorColourRole = QtCore.Qt.ItemDataRole.UserRole + 4  # QColor of its author's name

# author colours: distinct hues, read on a light and (lighter variants) on a dark bubble
_HUES = (4, 28, 48, 95, 145, 175, 200, 225, 262, 290, 320, 345)
#: the contrast an author's name has at least against its bubble (WCAG 2 ratio; 3:1 is the floor
#: for bold text, 4.5:1 is aimed at) as far as the background allows it
MIN_CONTRAST = 4.5
_LIGHT_BACKGROUND = QtGui.QColor(255, 255, 255)
_DARK_BACKGROUND = QtGui.QColor(32, 32, 32)


def author_hue(author: str) -> int:
    """A stable hue for an author (the same in every session and on every computer)."""
    digest = hashlib.sha256(author.encode("utf-8")).digest()
    return _HUES[digest[0] % len(_HUES)]


def _luminance(colour: QtGui.QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QtGui.QColor, b: QtGui.QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def author_colour(author: str, *, dark: bool = False,
                  background: QtGui.QColor | None = None) -> QtGui.QColor:
    """The author's hue, as light (on a dark ``background``) or as dark (on a light one) as it
    takes to reach :data:`MIN_CONTRAST` against it; ``background`` defaults to a white or (with
    ``dark``) a near-black bubble."""
    if background is None:
        background = _DARK_BACKGROUND if dark else _LIGHT_BACKGROUND
    hue = author_hue(author)
    lighter = background.lightness() < 128
    lightness, step = (175, 8) if lighter else (85, -8)
    colour = QtGui.QColor.fromHsl(hue, 170, lightness)
    while contrast(colour, background) < MIN_CONTRAST and 0 < lightness < 255:
        lightness = max(0, min(255, lightness + step))
        colour = QtGui.QColor.fromHsl(hue, 170, lightness)
    return colour


class ChatMessagesModel(QtCore.QAbstractListModel):
    """Rows in export order (the chat) or hit groups (search results)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChatRow] = []
        self._background: Callable[[], QtGui.QColor] | None = None

    def set_background(self, background: Callable[[], QtGui.QColor]) -> None:
        """Author colours for bubbles of the colour ``background()`` gives at the time (the
        view's, which follows a light or dark theme), as the delegate paints them."""
        self._background = background

    def rowCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index,
             role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == MessageRole:
            return row
        if role == IndexRole:
            return row.index
        if role == DirectionRole:
            return (QtCore.Qt.LayoutDirection.RightToLeft if row.rtl
                    else QtCore.Qt.LayoutDirection.LeftToRight)
        if role == AuthorColourRole:
            return author_colour(row.author, background=self._background()
                                 if self._background is not None else None)
        if role in (QtCore.Qt.ItemDataRole.DisplayRole,
                    QtCore.Qt.ItemDataRole.AccessibleTextRole):
            return f"{row.author}: {row.text}" if row.author else row.text
        return None

    # --- filling ---------------------------------------------------------------------------------
    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def set_rows(self, rows: list[ChatRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: list[ChatRow]) -> None:
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QtCore.QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> ChatRow:
        return self._rows[row]

    def row_of_index(self, message_index: int) -> int:
        """The model row of the message at this export position (-1: not loaded / not here)."""
        rows = self._rows
        if 0 <= message_index < len(rows) and rows[message_index].index == message_index:
            return message_index  # the whole chat: row == position
        for n, r in enumerate(rows):
            if r.index == message_index:
                return n
        return -1
