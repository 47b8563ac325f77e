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
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui

from app.textsafety import clean_untrusted, one_line

if TYPE_CHECKING:
    from app.chats.query import ChatMessage

MessageRole = QtCore.Qt.ItemDataRole.UserRole + 1   # the ChatRow
IndexRole = QtCore.Qt.ItemDataRole.UserRole + 2     # the message's position in the export
DirectionRole = QtCore.Qt.ItemDataRole.UserRole + 3  # Qt.LayoutDirection of its text
AuthorColourRole = QtCore.Qt.ItemDataRole.UserRole + 4  # QColor of its author's name

MAX_SHOWN_CHARS = 4000  # a message longer than this is cut on screen (whole in the vault)

# author colours: distinct hues, read on a light and (lighter variants) on a dark bubble
_HUES = (4, 28, 48, 95, 145, 175, 200, 225, 262, 290, 320, 345)


@dataclass(frozen=True, slots=True)
class ChatRow:
    """One message as the view paints it. ``attachments``: (name, kind, item id or None)."""

    index: int
    sent_at: str            # as the export wrote it, ISO 8601 without offset ("" if none)
    author: str             # cleaned, one line ("" for system lines)
    text: str               # cleaned, newlines kept, at most MAX_SHOWN_CHARS
    system: bool
    edited: bool
    deleted: bool
    forwarded_from: str
    attachments: tuple[tuple[str, str, int | None], ...]
    rtl: bool
    hit: bool = False       # a search hit (its neighbours are context)
    context: bool = False   # a neighbour shown around a hit
    first_of_hit: bool = False  # the first row of a hit's group (a gap above it)

    @property
    def media_items(self) -> list[int]:
        return [item for _n, _k, item in self.attachments if item is not None]


def text_is_rtl(text: str) -> bool:
    """True when the first strong letter of ``text`` is right-to-left (Arabic, Hebrew…): the
    paragraph direction the Unicode bidi algorithm gives it (rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def row_from(m: ChatMessage, *, hit: bool = False, context: bool = False,
             first_of_hit: bool = False) -> ChatRow:
    text = clean_untrusted(m.text or "", MAX_SHOWN_CHARS)
    author = one_line(m.author or "", 80)
    return ChatRow(
        m.index, m.sent_at or "", author, text, m.kind == "system", m.edited, m.deleted,
        one_line(m.forwarded_from or "", 80),
        tuple((one_line(a.name or "", 120), a.kind or "", a.item_id) for a in m.attachments),
        text_is_rtl(text or author), hit, context, first_of_hit)


def author_hue(author: str) -> int:
    """A stable hue for an author (the same in every session and on every computer)."""
    digest = hashlib.sha256(author.encode("utf-8")).digest()
    return _HUES[digest[0] % len(_HUES)]


def author_colour(author: str, *, dark: bool = False) -> QtGui.QColor:
    return QtGui.QColor.fromHsl(author_hue(author), 170, 175 if dark else 85)


class ChatMessagesModel(QtCore.QAbstractListModel):
    """Rows in export order (the chat) or hit groups (search results)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChatRow] = []
        self._dark = False

    def set_dark(self, dark: bool) -> None:
        self._dark = dark

    def rowCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex =  # noqa: N802
                 QtCore.QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
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
            return author_colour(row.author, dark=self._dark)
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
