# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Tagging one item from the detail panel: its tags, a new category, its platform reports. The
main window forwards the tag editor's intents; the answers go back through the window's methods
(nothing here reaches into the window's children)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore

from ui.flows.base import Flow
from ui.i18n import _, ngettext
from ui.jobs import tagging

if TYPE_CHECKING:
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow


class TaggingFlow(Flow):
    """Emits:
        item_tagged(int): the item whose tags were saved.
        batch_tagged(object, int): the selected item ids and how many of them changed.
        tag_failed(str): a translated sentence.
        category_created(str): the new category's key.
        platform_reports_saved(int, object): the item id and its ``PlatformReport`` list.
        platform_report_failed(str): a translated sentence.
    """

    item_tagged = QtCore.Signal(int)
    batch_tagged = QtCore.Signal(object, int)
    tag_failed = QtCore.Signal(str)
    category_created = QtCore.Signal(str)
    platform_reports_saved = QtCore.Signal(int, object)
    platform_report_failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse

    # --- tags and categories ---------------------------------------------------------------------
    @QtCore.Slot(int, object)
    def tag(self, item_id: int, changes: dict[str, Any]) -> None:
        """Apply TagChanges fields to one item (one custody entry)."""
        self.controller.run(tagging.tag, item_id, dict(changes),
                            ok=lambda _tags: self._on_tagged(item_id), fail=self._on_tag_failed)

    @QtCore.Slot(int, object, int)
    def tag_then_select(self, item_id: int, changes: dict[str, Any], select: int) -> None:
        """:meth:`tag`, then the item ``select`` is selected (quick tagging: save and next)."""
        self.controller.run(tagging.tag, item_id, dict(changes),
                            ok=lambda _tags: self._on_tagged(item_id, select),
                            fail=self._on_tag_failed)

    @QtCore.Slot(object, object)
    def tag_batch(self, item_ids: list[int], changes: dict[str, Any]) -> None:
        """The same TagChanges added to every selected item (``app.cases.tag_items``: one
        transaction, one custody entry per item)."""
        self.controller.run(tagging.tag_batch, list(item_ids), dict(changes),
                            ok=lambda n: self._on_batch_tagged(list(item_ids), int(n)),
                            fail=self._on_tag_failed)

    def _on_batch_tagged(self, item_ids: list[int], changed: int) -> None:
        if self.window is not None:
            self.window.set_tag_saving(False, ngettext(
                "{n} item changed.", "{n} items changed.", changed).format(n=changed))
        self.batch_tagged.emit(item_ids, changed)
        self.browse.refresh()

    def _on_tagged(self, item_id: int, select: int = -1) -> None:
        self.browse.reselect(select if select >= 0 else item_id)
        if self.window is not None:
            self.window.set_tag_saving(False, _("Saved."))
        self.item_tagged.emit(item_id)
        self.browse.refresh()

    def _on_tag_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.set_tag_saving(False, message)
        self.tag_failed.emit(message)

    @QtCore.Slot(str, str)
    def create_category(self, name_en: str, name_ar: str) -> None:
        """``app.cases.create_category`` (custody ``category.create``), then the lists reload."""
        self.controller.run(tagging.new_category, name_en, name_ar,
                            ok=self._on_category_created, fail=self._on_tag_failed)

    def _on_category_created(self, key: str) -> None:
        if self.window is not None:
            self.window.tag_category_created(key)
        self.category_created.emit(key)
        self.browse.load_sidebar()

    # --- platform reports ------------------------------------------------------------------------
    @QtCore.Slot(int, object)
    def add_report(self, item_id: int, fields: dict[str, Any]) -> None:
        """``app.cases.add_report`` (custody ``report.create``)."""
        self.controller.run(tagging.write_platform_report, item_id, None, dict(fields),
                            ok=lambda reports: self._on_report_saved(item_id, reports),
                            fail=self._on_report_failed)

    @QtCore.Slot(int, int, object)
    def update_report(self, item_id: int, report_id: int, fields: dict[str, Any]) -> None:
        """``app.cases.update_report`` (custody ``report.update``)."""
        self.controller.run(tagging.write_platform_report, item_id, report_id, dict(fields),
                            ok=lambda reports: self._on_report_saved(item_id, reports),
                            fail=self._on_report_failed)

    def _on_report_saved(self, item_id: int, reports: list) -> None:
        if self.window is not None:
            self.window.set_platform_reports(item_id, reports)
            self.window.set_tag_saving(False, _("Report saved."))
        self.platform_reports_saved.emit(item_id, reports)

    def _on_report_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.show_platform_report_message(message)
        self.platform_report_failed.emit(message)
