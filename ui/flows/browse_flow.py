# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Browsing: the evidence list for the search text and sidebar filter, the sidebar, thumbnails
and the detail of one item. The one owner of the search text and the filter now shown."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore

from ui.flows.base import Flow
from ui.i18n import current
from ui.jobs import evidence

if TYPE_CHECKING:
    from app.cases import ItemQuery
    from ui.controller import AppController

log = logging.getLogger(__name__)

THUMB_SIZE = 128
FIRST_PAGE = 300  # painted at once; the rest follows in a second query (issue 7: 10,000 items)


class BrowseFlow(Flow):
    """Emits:
        items_loaded(list): ``EvidenceRow`` list for the evidence view (the first page).
        items_appended(list): the remaining rows of the same listing.
        sidebar_loaded(object): section → [(untrusted label, filter, count)].
        thumbnails_loaded(object): item id → QImage.
        detail_loaded(object): an ``ItemDetail``.
        detail_failed(str): a translated sentence.
    """

    items_loaded = QtCore.Signal(list)
    items_appended = QtCore.Signal(list)
    sidebar_loaded = QtCore.Signal(object)
    thumbnails_loaded = QtCore.Signal(object)
    detail_loaded = QtCore.Signal(object)
    detail_failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self._text = ""
        self._filters: dict[str, Any] = {}
        self._list_serial = 0  # only the newest listing is shown (fast typing in search)
        self._reselect = -1  # after a save, select the same item again once the list reloads
        self.case_titles: list[str] = []  # for the export and report dialogs' scope

    # --- the one owner of the search and filter ----------------------------------------------
    @property
    def unfiltered(self) -> bool:
        return not self._text and not self._filters

    def current_query(self) -> ItemQuery:
        """The search text and sidebar filter now shown (what "Save this search" keeps)."""
        from app.cases import ItemQuery

        return ItemQuery(text=self._text, **self._filters)

    def start(self) -> None:
        """A new session: everything, unfiltered."""
        self._text, self._filters, self._reselect = "", {}, -1
        self.load_items()
        self.load_sidebar()

    def close(self) -> None:
        self._text, self._filters, self._reselect, self.case_titles = "", {}, -1, []
        super().close()

    @QtCore.Slot(str)
    def search(self, text: str) -> None:
        self.load_items(text, None)

    @QtCore.Slot(object)
    def filter(self, filters: dict[str, Any]) -> None:
        self.load_items(None, filters)

    def reselect(self, item_id: int) -> None:
        """Select ``item_id`` again when the next listing arrives (after a save)."""
        self._reselect = item_id

    def refresh(self) -> None:
        """The list and the sidebar again (after a write)."""
        self.load_items()
        self.load_sidebar()

    # --- reads -----------------------------------------------------------------------------------
    def load_items(self, text: str | None = None, filters: dict[str, Any] | None = None) -> None:
        """List items for the search ``text`` and sidebar ``filters`` (None: keep the current)."""
        if text is not None:
            self._text = text
        if filters is not None:
            self._filters = dict(filters)
        self._list_serial += 1
        serial, text, filters = self._list_serial, self._text, self._filters

        def failed(exc: BaseException) -> None:
            log.warning("listing failed: %s", type(exc).__name__)

        def rest(rows: list) -> None:
            if serial == self._list_serial and rows:
                self._on_rows(rows, append=True)

        def first(rows: list) -> None:
            if serial != self._list_serial:
                return
            self._on_rows(rows, append=False)
            if len(rows) == FIRST_PAGE:
                self.controller.run(evidence.list_rows, text, filters, None, FIRST_PAGE,
                                    ok=rest, fail=failed)

        self.controller.run(evidence.list_rows, text, filters, FIRST_PAGE, ok=first, fail=failed)

    def _on_rows(self, rows: list, *, append: bool) -> None:
        (self.items_appended if append else self.items_loaded).emit(rows)
        if self.window is None:
            return
        if append:
            self.window.append_rows(rows, unfiltered=self.unfiltered)
            return
        self.window.set_rows(rows, unfiltered=self.unfiltered)
        if self._reselect >= 0:
            self.window.select_item(self._reselect)
            self._reselect = -1

    def load_sidebar(self) -> None:
        self.controller.run(evidence.load_sidebar, current().lang, ok=self._on_sidebar)

    def _on_sidebar(self, entries: dict) -> None:
        self.case_titles = [label for label, _f, _n in entries.get("cases", [])]
        if self.window is not None:
            self.window.set_sidebar_entries(entries)
        self.sidebar_loaded.emit(entries)

    @QtCore.Slot(list)
    def load_thumbnails(self, item_ids: list[int]) -> None:
        if item_ids:
            self.controller.run(evidence.load_thumbnails, item_ids, THUMB_SIZE,
                                ok=self._on_thumbnails)

    def _on_thumbnails(self, images: dict) -> None:
        if self.window is not None:
            self.window.add_thumbnails(images)
        self.thumbnails_loaded.emit(images)

    @QtCore.Slot(int)
    def load_detail(self, item_id: int) -> None:
        self.controller.run(evidence.load_detail, item_id, ok=self._on_detail,
                            fail=self._on_detail_failed)

    def _on_detail(self, detail: evidence.ItemDetail) -> None:
        if self.window is not None:
            self.window.show_detail(detail)
        self.detail_loaded.emit(detail)

    def _on_detail_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.show_detail_message(message)
        self.detail_failed.emit(message)
