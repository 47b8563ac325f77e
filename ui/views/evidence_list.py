# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The evidence view: a grid of cards or a table, over one model and one selection.

A card is a thumbnail sized for portrait screenshots and its lines: platform · account (the name
when the item has neither) and the date in the local form and digits. A long title wraps between
words onto a second line, and a word that cannot fit is elided in the middle — never cut in two
("fake.news.page.de / mo") — so screenshots named alike still differ on screen.
The context menu saves the clean copy (or, with a warning, the original) and deletes items.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import _
from ui.models.evidence_filter import EvidenceFilterModel
from ui.models.evidence_table import (
    COL_DESCRIPTION,
    COL_IMPORTED,
    COL_NAME,
    COL_PLATFORM,
    COL_POSTED,
    CardLinesRole,
    CleanCopyRole,
    ItemIdRole,
    MediaTypeRole,
)

GRID, TABLE = 0, 1
ICON = QtCore.QSize(150, 220)  # a 9:19.5 phone screenshot is about 100 × 220 here
CARD = QtCore.QSize(176, 290)


_ISOLATE_OPEN, _ISOLATE_CLOSE = frozenset("\u2066\u2067\u2068"), "\u2069"


def words(text: str) -> list[str]:
    """``text`` split at its spaces — not inside a bidi isolate (an account name, a file name
    is one isolated run, kept whole)."""
    out, word, depth = [], "", 0
    for ch in text:
        if ch in _ISOLATE_OPEN:
            depth += 1
        elif ch == _ISOLATE_CLOSE:
            depth = max(0, depth - 1)
        if ch == " " and depth == 0:
            if word:
                out.append(word)
            word = ""
        else:
            word += ch
    return [*out, word] if word else out


def title_lines(title: str, metrics: QtGui.QFontMetrics, width: int) -> list[str]:
    """A card's title on one line, or two broken between words; what does not fit is elided
    in the middle (the end of a handle tells similar ones apart), never cut mid-word."""
    if metrics.horizontalAdvance(title) <= width:
        return [title]
    mid = QtCore.Qt.TextElideMode.ElideMiddle
    parts = words(title)
    first: list[str] = []
    while parts and metrics.horizontalAdvance(" ".join([*first, parts[0]])) <= width:
        first.append(parts.pop(0))
    if not first:  # the first word alone is too wide: elided on its line
        first = [metrics.elidedText(parts.pop(0), mid, width)]
    rest = " ".join(parts)
    return [" ".join(first), metrics.elidedText(rest, mid, width)] if rest else [" ".join(first)]


def card_size(metrics: QtGui.QFontMetrics) -> QtCore.QSize:
    """A card for the font in use: the thumbnail and three lines of text (a larger system font
    gets taller, wider cards, never clipped text)."""
    width = max(CARD.width(), metrics.averageCharWidth() * 22 + 8)
    return QtCore.QSize(width, max(CARD.height(), ICON.height() + 12 + 3 * metrics.height()))


class CardDelegate(QtWidgets.QStyledItemDelegate):
    """Paints a grid card: the thumbnail centred at the top, then the card's text lines."""

    def lines(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
              metrics: QtGui.QFontMetrics, width: int) -> list[str]:
        """The card's text as drawn, each line at most ``width`` pixels: the title over at most
        two lines, broken only between words (a handle is never cut in two: a word too long for
        its line is elided in the middle), then the date — with its time when that fits."""
        data = index.data(CardLinesRole)
        title, date, short = data if isinstance(data, tuple) else (
            str(index.data() or ""), "", "")
        lines = title_lines(title, metrics, width)
        if date:
            fits = metrics.horizontalAdvance(date) <= width
            lines.append(date if fits else metrics.elidedText(
                short, QtCore.Qt.TextElideMode.ElideRight, width))
        return lines

    def paint(self, painter: QtGui.QPainter, option: QtWidgets.QStyleOptionViewItem,
              index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> None:
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QtWidgets.QApplication.style()
        rect = opt.rect
        selected = bool(opt.state & QtWidgets.QStyle.StateFlag.State_Selected)
        if selected:  # the whole card, not only where the style would put the text
            painter.fillRect(rect.adjusted(1, 1, -1, -1),
                             opt.palette.color(QtGui.QPalette.ColorRole.Highlight))
        elif opt.state & QtWidgets.QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect.adjusted(1, 1, -1, -1),
                             opt.palette.color(QtGui.QPalette.ColorRole.AlternateBase))
        if opt.state & QtWidgets.QStyle.StateFlag.State_HasFocus:
            focus = QtWidgets.QStyleOptionFocusRect()
            focus.rect = rect.adjusted(1, 1, -1, -1)
            focus.palette = opt.palette
            focus.state = opt.state
            style.drawPrimitive(QtWidgets.QStyle.PrimitiveElement.PE_FrameFocusRect, focus,
                                painter, opt.widget)
        icon = index.data(QtCore.Qt.ItemDataRole.DecorationRole)
        top = rect.top() + 4
        if isinstance(icon, QtGui.QIcon):
            pix = icon.pixmap(ICON)
            size = pix.deviceIndependentSize().toSize().scaled(
                ICON, QtCore.Qt.AspectRatioMode.KeepAspectRatio)
            x = rect.left() + (rect.width() - size.width()) // 2
            painter.drawPixmap(QtCore.QRect(QtCore.QPoint(x, top + ICON.height() - size.height()),
                                            size), pix)
        metrics = QtGui.QFontMetrics(opt.font)
        width = rect.width() - 8
        y = top + ICON.height() + 4
        painter.save()
        painter.setPen(opt.palette.color(QtGui.QPalette.ColorRole.HighlightedText if selected
                                         else QtGui.QPalette.ColorRole.Text))
        lines = self.lines(index, metrics, width)
        for n, line in enumerate(lines):
            if n == len(lines) - 1 and n > 0:
                painter.setPen(opt.palette.color(
                    QtGui.QPalette.ColorRole.HighlightedText if selected
                    else QtGui.QPalette.ColorRole.PlaceholderText))
            painter.drawText(QtCore.QRect(rect.left() + 4, y, width, metrics.height()),
                             int(QtCore.Qt.AlignmentFlag.AlignHCenter), line)
            y += metrics.height()
        painter.restore()

    def sizeHint(self, option: QtWidgets.QStyleOptionViewItem,
                 index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> QtCore.QSize:
        return card_size(QtGui.QFontMetrics(option.font))


class EvidenceListView(QtWidgets.QWidget):
    """Emits:
        item_selected(int): the current item's id (-1 when none; also when a new listing no
            longer holds the item that was current, so the detail stops showing it).
        save_copy_requested(int, bool): an item id; True for the original (after a warning).
        delete_requested(list): item ids to delete (the window confirms first).
        similar_requested(int): "Find similar…" on a picture, document or video.
    """

    item_selected = QtCore.Signal(int)
    save_copy_requested = QtCore.Signal(int, bool)
    delete_requested = QtCore.Signal(list)
    similar_requested = QtCore.Signal(int)

    def __init__(self, proxy: EvidenceFilterModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.grid = QtWidgets.QListView(self)
        self.grid.setObjectName("evidenceGrid")
        self.grid.setAccessibleName(_("The evidence"))
        self.grid.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.grid.setMovement(QtWidgets.QListView.Movement.Static)
        self.grid.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setLayoutMode(QtWidgets.QListView.LayoutMode.Batched)
        self.grid.setBatchSize(400)
        self.grid.setIconSize(ICON)
        self.grid.setGridSize(card_size(self.grid.fontMetrics()))
        self.grid.setSpacing(4)
        self.card_delegate = CardDelegate(self.grid)
        self.grid.setItemDelegate(self.card_delegate)
        self.grid.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        self.grid.setWordWrap(False)
        self.grid.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setModel(self.proxy)
        self.grid.setModelColumn(COL_NAME)
        self.grid.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)

        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("evidenceTable")
        self.table.setAccessibleName(_("The evidence"))
        self.table.setModel(self.proxy)
        self.table.setSelectionModel(self.grid.selectionModel())
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setIconSize(QtCore.QSize(32, 32))
        self.table.setWordWrap(False)
        self.table.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(36)
        vh.hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        hh.resizeSection(COL_NAME, 230)
        hh.resizeSection(COL_PLATFORM, 90)
        hh.resizeSection(COL_POSTED, 130)
        hh.resizeSection(COL_IMPORTED, 130)
        hh.resizeSection(COL_DESCRIPTION, 220)

        self.stack = QtWidgets.QStackedWidget(self)
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.table)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        for view in (self.grid, self.table):
            view.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self._current_before_reset = -1

    def _connect_signals(self) -> None:
        self.grid.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self.grid.customContextMenuRequested.connect(self._on_grid_custom_context_menu_requested)
        self.table.customContextMenuRequested.connect(
            self._on_table_custom_context_menu_requested)
        self.proxy.modelAboutToBeReset.connect(self._on_proxy_model_about_to_be_reset)
        self.proxy.modelReset.connect(self._on_proxy_model_reset)
        self.proxy.rowsRemoved.connect(self._on_proxy_rows_removed)

    # --- keeping the current item across a new listing ------------------------------------------
    @QtCore.Slot()
    def _on_proxy_model_about_to_be_reset(self) -> None:
        current = self.grid.selectionModel().currentIndex()
        self._current_before_reset = int(current.data(ItemIdRole)) if current.isValid() else -1

    @QtCore.Slot()
    def _on_proxy_model_reset(self) -> None:
        """A reset emits no currentChanged: select the same item again when the new listing holds
        it, else say "nothing" so that the detail of a hidden item is not left on screen."""
        item_id, self._current_before_reset = self._current_before_reset, -1
        if item_id < 0:
            return
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, COL_NAME).data(ItemIdRole) == item_id:
                self.select_row(row)  # its detail reloads: the listing may follow a save
                return
        self.item_selected.emit(-1)

    @QtCore.Slot()
    def _on_proxy_rows_removed(self, *_args: object) -> None:
        if not self.grid.selectionModel().currentIndex().isValid():
            self.item_selected.emit(-1)

    # --- context menu --------------------------------------------------------------------------
    def context_actions(self, index: QtCore.QModelIndex) -> list[tuple[str, object]]:
        """(translated text, callable) for the menu over ``index`` and the selection."""
        if not index.isValid():
            return []
        item_id = int(index.data(ItemIdRole))
        ids = self.selected_ids()
        if item_id not in ids:
            ids = [item_id]
        actions: list[tuple[str, object]] = []
        if len(ids) == 1:
            if index.data(CleanCopyRole) is not False:  # a recording that could not be cleaned
                actions.append((_("Save clean copy…"),  # has only its original (with a warning)
                                lambda: self.save_copy_requested.emit(item_id, False)))
            actions.append((_("Save original…"),
                            lambda: self.save_copy_requested.emit(item_id, True)))
            media = str(index.data(MediaTypeRole) or "")
            if media.startswith(("image/", "video/")) or media == "application/pdf":
                actions.append((_("Find similar…"),  # its pictures' PDQ hashes
                                lambda: self.similar_requested.emit(item_id)))
        actions.append((_("Delete…"), lambda: self.delete_requested.emit(list(ids))))
        return actions

    def _menu(self, view: QtWidgets.QAbstractItemView, pos: QtCore.QPoint) -> None:
        actions = self.context_actions(view.indexAt(pos))
        if not actions:
            return
        menu = QtWidgets.QMenu(self)
        menu.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        for text, fn in actions:
            menu.addAction(text).triggered.connect(fn)
        menu.popup(view.viewport().mapToGlobal(pos))

    @QtCore.Slot(QtCore.QPoint)
    def _on_grid_custom_context_menu_requested(self, pos: QtCore.QPoint) -> None:
        self._menu(self.grid, pos)

    @QtCore.Slot(QtCore.QPoint)
    def _on_table_custom_context_menu_requested(self, pos: QtCore.QPoint) -> None:
        self._menu(self.table, pos)

    def set_mode(self, mode: int) -> None:
        self.stack.setCurrentIndex(mode)

    def mode(self) -> int:
        return self.stack.currentIndex()

    def current_view(self) -> QtWidgets.QAbstractItemView:
        return self.grid if self.mode() == GRID else self.table

    def selected_ids(self) -> list[int]:
        rows = self.grid.selectionModel().selectedRows(COL_NAME) or \
            self.grid.selectionModel().selectedIndexes()
        return sorted({int(i.data(ItemIdRole)) for i in rows})

    def select_row(self, row: int) -> None:
        idx = self.proxy.index(row, COL_NAME)
        self.grid.selectionModel().setCurrentIndex(
            idx, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QtCore.QItemSelectionModel.SelectionFlag.Rows)

    @QtCore.Slot(QtCore.QModelIndex, QtCore.QModelIndex)
    def _on_selection_current_changed(self, current: QtCore.QModelIndex,
                                      _previous: QtCore.QModelIndex) -> None:
        self.item_selected.emit(int(current.data(ItemIdRole)) if current.isValid() else -1)
