# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The evidence view: a grid of thumbnails or a table, over one model and one selection."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.models.evidence_filter import EvidenceFilterModel
from ui.models.evidence_table import (
    COL_DESCRIPTION,
    COL_IMPORTED,
    COL_NAME,
    COL_PLATFORM,
    COL_POSTED,
    ItemIdRole,
)

GRID, TABLE = 0, 1


class EvidenceListView(QtWidgets.QWidget):
    """Emits:
        item_selected(int): the current item's id (-1 when none).
    """

    item_selected = QtCore.Signal(int)

    def __init__(self, proxy: EvidenceFilterModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.grid = QtWidgets.QListView(self)
        self.grid.setObjectName("evidenceGrid")
        self.grid.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.grid.setMovement(QtWidgets.QListView.Movement.Static)
        self.grid.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setLayoutMode(QtWidgets.QListView.LayoutMode.Batched)
        self.grid.setBatchSize(400)
        self.grid.setIconSize(QtCore.QSize(128, 128))
        self.grid.setGridSize(QtCore.QSize(156, 170))
        self.grid.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        self.grid.setWordWrap(False)
        self.grid.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setModel(self.proxy)
        self.grid.setModelColumn(COL_NAME)
        self.grid.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)

        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("evidenceTable")
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

    def _connect_signals(self) -> None:
        self.grid.selectionModel().currentChanged.connect(self._on_selection_current_changed)

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
