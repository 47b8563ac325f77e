# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The evidence list model: one row per item, columns for the table, decorations for the grid.

Thumbnails are lazy: ``data(DecorationRole)`` for a row whose thumbnail is not cached asks for it
(``thumbnails_wanted``), batched per event-loop turn, so only visible rows are ever decoded. Images
stay in memory (a bounded cache of ``QPixmap``); nothing is written to disk.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, TypeAlias

from PySide6 import QtCore, QtGui

from ui.i18n import N_, _
from ui.jobs.evidence import EvidenceRow
from ui.widgets.date_field import card_date
from ui.widgets.secure_label import safe_text

COLUMNS = (N_("Name"), N_("Platform"), N_("Posted"), N_("Imported"), N_("Type"),
           N_("Description"))
COL_NAME, COL_PLATFORM, COL_POSTED, COL_IMPORTED, COL_TYPE, COL_DESCRIPTION = range(6)
ItemIdRole = QtCore.Qt.ItemDataRole.UserRole + 1
SensitiveRole = QtCore.Qt.ItemDataRole.UserRole + 2
CardLinesRole = QtCore.Qt.ItemDataRole.UserRole + 3  # (title, date, short date) of a card
MediaTypeRole = QtCore.Qt.ItemDataRole.UserRole + 4
CleanCopyRole = QtCore.Qt.ItemDataRole.UserRole + 5  # False: only the sealed original exists
CACHE_LIMIT = 600
# what Qt's model API passes as an index (the base class's overridden signatures use both)
_Index: TypeAlias = QtCore.QModelIndex | QtCore.QPersistentModelIndex


class EvidenceTableModel(QtCore.QAbstractTableModel):
    """Emits:
        thumbnails_wanted(list): item ids whose thumbnails should be loaded.
    """

    thumbnails_wanted = QtCore.Signal(list)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EvidenceRow] = []
        self._row_of: dict[int, int] = {}
        self._display: list[tuple[str, ...]] = []
        self._cards: list[tuple[str, str, str]] = []
        self._platform_names: dict[str, str] = {}
        self._thumbs: OrderedDict[int, QtGui.QIcon] = OrderedDict()
        self._pending: set[int] = set()
        self._requested: set[int] = set()
        self._blur_sensitive = True
        self._flush = QtCore.QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._on_flush_timeout)
        self._placeholder = QtGui.QIcon(_placeholder_pixmap(QtGui.QColor(215, 215, 215)))
        self._sensitive_icon = QtGui.QIcon(_placeholder_pixmap(QtGui.QColor(120, 120, 130), "!"))
        self._locale = QtCore.QLocale()

    # --- data in ---------------------------------------------------------------------------------
    def set_rows(self, rows: list[EvidenceRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.item_id: i for i, r in enumerate(self._rows)}
        self._display = [self._format(r) for r in self._rows]
        self._cards = [self._card(r) for r in self._rows]
        self._requested &= set(self._row_of)
        self.endResetModel()

    def append_rows(self, rows: list[EvidenceRow]) -> None:
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QtCore.QModelIndex(), start, start + len(rows) - 1)
        for offset, r in enumerate(rows):
            self._row_of[r.item_id] = start + offset
        self._rows.extend(rows)
        self._display.extend(self._format(r) for r in rows)
        self._cards.extend(self._card(r) for r in rows)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._row_of, self._display, self._cards = [], {}, [], []
        self._thumbs.clear()
        self._pending.clear()
        self._requested.clear()
        self.endResetModel()

    def set_blur_sensitive(self, blur: bool) -> None:
        self._blur_sensitive = blur
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def add_thumbnails(self, images: dict[int, QtGui.QImage]) -> None:
        for item_id, image in images.items():
            # a QIcon scales to each view's icon size (grid 128 px, table 32 px)
            self._thumbs[item_id] = QtGui.QIcon(QtGui.QPixmap.fromImage(image))
            self._thumbs.move_to_end(item_id)
            row = self._row_of.get(item_id)
            if row is not None:
                idx = self.index(row, COL_NAME)
                self.dataChanged.emit(idx, idx, [QtCore.Qt.ItemDataRole.DecorationRole])
        while len(self._thumbs) > CACHE_LIMIT:
            old, _pix = self._thumbs.popitem(last=False)
            self._requested.discard(old)

    def thumbnail_cached(self, item_id: int) -> bool:
        return item_id in self._thumbs

    def row_for(self, row: int) -> EvidenceRow:
        return self._rows[row]

    def set_platform_names(self, names: dict[str, str]) -> None:
        """Display names of platform keys, in the interface language."""
        self._platform_names = dict(names)
        if self._rows:
            self._display = [self._format(r) for r in self._rows]
            self._cards = [self._card(r) for r in self._rows]
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1),
                                  [QtCore.Qt.ItemDataRole.DisplayRole])

    def refresh_display(self) -> None:
        """Cards and cells again after the digits or Hijri option changed (no reload)."""
        self.set_platform_names(self._platform_names)

    def _format(self, r: EvidenceRow) -> tuple[str, ...]:
        name = safe_text(r.untrusted_name or _("(no name)"), max_len=200)
        platform = self._platform_names.get(r.platform, r.platform)
        return (name, safe_text(platform) if platform else "",
                safe_text(_iso_minutes(r.posted_at), ltr=True) if r.posted_at else "",
                safe_text(_iso_minutes(r.imported_at), ltr=True), safe_text(r.media_type, ltr=True),
                safe_text(r.untrusted_description, max_len=120))

    def _card(self, r: EvidenceRow) -> tuple[str, str, str]:
        """A grid card: "platform · account" (the item's name when it has neither; "(no name)"
        when it has no name either, as received items), then the date in the local form and
        digits (``ui.widgets.date_field.card_date``) — posted when known, at the time the post
        showed (its own offset), else imported, marked so — with its time, and the same without
        it for a narrow card."""
        platform = self._platform_names.get(r.platform, r.platform) if r.platform else ""
        parts = [safe_text(platform)] if platform else []
        if r.accounts:
            parts.append(safe_text(r.accounts[0], max_len=60))
        title = " · ".join(parts) if parts else safe_text(
            r.untrusted_name or _("(no name)"), max_len=200)
        when = r.posted_shown or r.posted_at or r.imported_at
        label = _("Posted {date}") if r.posted_at else \
            _("Received {date}") if r.received else _("Imported {date}")
        try:
            full, short = card_date(when), card_date(when, with_time=False)
        except ValueError:  # not an ISO date (never from the core): as stored, isolated
            full = short = safe_text(_iso_minutes(when), ltr=True)
        return title, label.format(date=full), label.format(date=short)

    # --- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: QtCore.Qt.Orientation,
                   role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == QtCore.Qt.Orientation.Horizontal and \
                role == QtCore.Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def data(self, index: _Index,
             role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        item = self._rows[row]
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return self._display[row][col]
        if role == QtCore.Qt.ItemDataRole.DecorationRole and col == COL_NAME:
            return self._thumbnail(item)
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            return None  # untrusted: no rich-text tooltip
        if role == ItemIdRole:
            return item.item_id
        return {SensitiveRole: lambda: item.sensitive, CardLinesRole: lambda: self._cards[row],
                MediaTypeRole: lambda: item.media_type,
                CleanCopyRole: lambda: item.has_clean_copy}.get(role, lambda: None)()

    def _thumbnail(self, item: EvidenceRow) -> QtGui.QIcon:
        if item.sensitive and self._blur_sensitive:
            return self._sensitive_icon
        pix = self._thumbs.get(item.item_id)
        if pix is not None:
            return pix
        if item.has_thumbnail and item.item_id not in self._requested:
            self._requested.add(item.item_id)
            self._pending.add(item.item_id)
            if not self._flush.isActive():
                self._flush.start()
        return self._placeholder

    @QtCore.Slot()
    def _on_flush_timeout(self) -> None:
        ids, self._pending = sorted(self._pending), set()
        for start in range(0, len(ids), 48):
            self.thumbnails_wanted.emit(ids[start:start + 48])


def _iso_minutes(value: str) -> str:
    """``2026-11-28T19:02:15+00:00`` → ``2026-11-28 19:02`` (canonical digits, ISO order)."""
    return value[:16].replace("T", " ") if len(value) >= 16 else value


def _placeholder_pixmap(color: QtGui.QColor, mark: str = "", size: int = 200) -> QtGui.QPixmap:
    """A flat tile; sensitive items get a mark instead of their picture (never their pixels)."""
    pix = QtGui.QPixmap(size, size)
    pix.fill(color)
    if mark:
        painter = QtGui.QPainter(pix)
        font = painter.font()
        font.setPixelSize(size // 2)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QtGui.QColor(255, 255, 255))
        painter.drawText(pix.rect(), int(QtCore.Qt.AlignmentFlag.AlignCenter), mark)
        painter.end()
    return pix
