# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Browsing: the evidence list for the search text and sidebar filter, the sidebar, thumbnails
and the detail of one item. The one owner of the search text and the filter now shown."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate, one_line
from ui.flows.base import Flow
from ui.i18n import _, current, ngettext
from ui.jobs import evidence
from ui.widgets import file_picker

if TYPE_CHECKING:
    from app.cases import ItemQuery
    from ui.controller import AppController

log = logging.getLogger(__name__)

THUMB_SIZE = 240  # portrait screenshots: 220 px tall on a card (ui.views.evidence_list)
FIRST_PAGE = 300  # painted at once; the rest follows in a second query (issue 7: 10,000 items)


class BrowseFlow(Flow):
    """Emits:
        items_loaded(list): ``EvidenceRow`` list for the evidence view (the first page).
        items_appended(list): the remaining rows of the same listing.
        sidebar_loaded(object): section → [(untrusted label, filter, count)].
        thumbnails_loaded(object): item id → QImage.
        detail_loaded(object): an ``ItemDetail``.
        detail_failed(str): a translated sentence.
        copy_saved(object): the result of ``app.vault.items.extract`` (its ``path``).
        items_deleted(list): the ids deleted.
        item_action_failed(str): a translated sentence (saving or deleting).
    """

    items_loaded = QtCore.Signal(list)
    items_appended = QtCore.Signal(list)
    sidebar_loaded = QtCore.Signal(object)
    thumbnails_loaded = QtCore.Signal(object)
    detail_loaded = QtCore.Signal(object)
    detail_failed = QtCore.Signal(str)
    copy_saved = QtCore.Signal(object)
    items_deleted = QtCore.Signal(list)
    item_action_failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self._text = ""
        self._filters: dict[str, Any] = {}
        self._list_serial = 0  # only the newest listing is shown (fast typing in search)
        self._detail_serial = 0  # only the newest detail is shown (workers finish in any order)
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

    def show_span(self, case_id: int, day_from: str, day_to: str) -> None:
        """A timeline period: the case's items whose day (the timeline's rule) is in
        ``day_from``..``day_to`` (inclusive); the sidebar shows the case and the period checked."""
        filters = {"case_ids": (int(case_id),), "day_from": day_from, "day_to": day_to}
        if self.window is not None:
            self.window.sidebar.show_span(case_id, day_from, day_to)
        self.load_items(None, filters)

    def show_members(self, members: tuple[int, ...]) -> None:
        """Exactly ``members`` (a cluster of reposts), the first selected once listed; the
        sidebar shows a "Reposts of the same picture" row checked, nothing else."""
        filters = {"item_ids": tuple(members)}
        if self.window is not None:
            self.window.sidebar.show_members(members)
        self._reselect = int(min(members))
        self.load_items("", filters)

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
        """The detail of ``item_id``; a detail asked for earlier that arrives later is dropped
        (two workers: a reload of the list re-selects items faster than details load)."""
        self._detail_serial += 1
        serial = self._detail_serial
        self.controller.run(evidence.load_detail, item_id,
                            ok=lambda d: self._on_detail(d) if serial == self._detail_serial
                            else None,
                            fail=lambda e: self._on_detail_failed(e)
                            if serial == self._detail_serial else None)

    def _on_detail(self, detail: evidence.ItemDetail) -> None:
        if self.window is not None:
            self.window.show_detail(detail)
        self.detail_loaded.emit(detail)

    def _on_detail_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.show_detail_message(message)
        self.detail_failed.emit(message)

    # --- the evidence list's context menu ----------------------------------------------------
    @QtCore.Slot(int, bool)
    def save_copy(self, item_id: int, original: bool) -> None:
        """"Save clean copy…" / "Save original…": a warning for the original, then a folder."""
        if self.window is None:
            return
        if original:
            box = QtWidgets.QMessageBox(
                QtWidgets.QMessageBox.Icon.Warning, _("Save original"),
                _("The original may carry identifying metadata (the place, the phone, names). "
                  "Share it only with people you trust. Save the original anyway?"),
                QtWidgets.QMessageBox.StandardButton.Save
                | QtWidgets.QMessageBox.StandardButton.Cancel, self.window)
            box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Cancel)
            if box.exec() != QtWidgets.QMessageBox.StandardButton.Save:
                return
        chosen = file_picker.choose(self.window, _("Choose a folder for the copy"), folder=True)
        if chosen:
            self.save_copy_to(item_id, chosen[0], original=original)

    def save_copy_to(self, item_id: int, folder: Path, *, original: bool = False) -> None:
        self.controller.run(evidence.save_copy, item_id, folder, original, ok=self._on_copy_saved,
                            fail=self._on_item_action_failed)

    def _on_copy_saved(self, result: dict) -> None:
        if self.window is not None:
            self.window.show_status(_("Saved: {path}").format(
                path=ltr_isolate(one_line(str(result["path"]), 300))), 10000)
        self.copy_saved.emit(result)

    @QtCore.Slot(list)
    def delete_items(self, item_ids: list) -> None:
        """"Delete…": a confirmation naming how many, then :func:`app.vault.items.delete_item`."""
        if self.window is None or not item_ids:
            return
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning, _("Delete"),
            ngettext("Delete this item and both its copies from the vault? This cannot be undone. "
                     "The custody log keeps a record that an item was deleted, not what it was.",
                     "Delete these {count} items and their copies from the vault? This cannot be "
                     "undone. The custody log keeps a record that items were deleted, not what "
                     "they were.", len(item_ids)).format(
                         count=QtCore.QLocale().toString(len(item_ids))),
            QtWidgets.QMessageBox.StandardButton.Cancel, self.window)
        delete = box.addButton(_("Delete for good"),
                               QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is delete:
            self.delete_now([int(i) for i in item_ids])

    def delete_now(self, item_ids: list[int]) -> None:
        self.controller.run(evidence.delete_items, item_ids, ok=self._on_items_deleted,
                            fail=self._on_item_action_failed)

    def _on_items_deleted(self, ids: list) -> None:
        if self.window is not None:
            self.window.show_status(ngettext("{count} item deleted.", "{count} items deleted.",
                                             len(ids)).format(
                                                 count=QtCore.QLocale().toString(len(ids))), 10000)
        self.refresh()
        self.items_deleted.emit(ids)

    def _on_item_action_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.show_status(message, 15000)
        self.item_action_failed.emit(message)
