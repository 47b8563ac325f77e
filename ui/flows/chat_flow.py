# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Chat exports in the GUI (issue 14): the chat view of a chat item, its search, jump to date,
tagging the selected messages and "Export excerpt…"; after an import, the one question about the
exporter's time zone when an export carried none (:func:`app.chats.store.set_offset`).

The chat's messages are read a page at a time (:data:`ui.jobs.chats.PAGE`), one job after the
other, so the first page shows at once and the list grows while she reads."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate, one_line
from ui.dialogs.chat_tag import ChatOffsetDialog, ChatTagDialog
from ui.flows.base import Flow, alive
from ui.i18n import _, current, ngettext
from ui.jobs import chats
from ui.views.chat_view import ChatWindow
from ui.widgets import file_picker
from ui.widgets.date_field import digits

if TYPE_CHECKING:
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow


class ChatFlow(Flow):
    """Emits:
        chat_shown(object): the ChatWindow, its first page shown.
        chat_loaded(int): every message of the chat is in the view (how many).
        searched(object): a ``ui.jobs.chats.SearchResult``.
        jumped(int): the position shown after "Go to date" (-1: none so late).
        tag_dialog_shown(object), offset_dialog_shown(object): the dialogs, once open.
        tagged(object): ``tag_selection``'s result (the excerpt item id…).
        excerpt_saved(object): ``save_excerpt``'s result (its ``path``…).
        offset_set(str): the offset given for the chats of an import.
        failed(str): a translated sentence.
    """

    chat_shown = QtCore.Signal(object)
    chat_loaded = QtCore.Signal(int)
    searched = QtCore.Signal(object)
    jumped = QtCore.Signal(int)
    tag_dialog_shown = QtCore.Signal(object)
    offset_dialog_shown = QtCore.Signal(object)
    tagged = QtCore.Signal(object)
    excerpt_saved = QtCore.Signal(object)
    offset_set = QtCore.Signal(str)
    failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse
        self.chat_window: ChatWindow | None = None
        self.tag_dialog: ChatTagDialog | None = None
        self.offset_dialog: ChatOffsetDialog | None = None
        self._categories: list[tuple[str, str]] = []
        self._perpetrators: list[str] = []
        self._serial = 0  # pages of an older chat window are dropped

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.tag_dialog, self.offset_dialog, self.chat_window)

    def close(self) -> None:
        super().close()
        self.chat_window = self.tag_dialog = self.offset_dialog = None
        self._categories, self._perpetrators = [], []
        self._serial += 1

    def _fail(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if (w := alive(self.chat_window)) is not None:
            w.show_status(message)
        elif self.window is not None:
            self.window.show_status(message, 15000)
        self.failed.emit(message)

    # --- the chat view -------------------------------------------------------------------------
    @QtCore.Slot(int)
    def open_chat(self, item_id: int) -> None:
        """Open the chat view of a chat item (another chat's view closes)."""
        self._serial += 1
        serial = self._serial
        self.controller.run(chats.open_chat, item_id, current().lang,
                            ok=lambda opened: self._on_opened(opened, serial), fail=self._fail)

    def _on_opened(self, opened: chats.ChatOpened, serial: int) -> None:
        if serial != self._serial or self.window is None:
            return
        if (old := alive(self.chat_window)) is not None:
            old.close()
        window = ChatWindow(self.window)
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        window.search_requested.connect(self.search)
        window.jump_requested.connect(self.jump)
        window.tag_requested.connect(self.ask_tag)
        window.excerpt_requested.connect(self.ask_excerpt)
        window.item_open_requested.connect(self._on_item_open_requested)
        self._categories, self._perpetrators = opened.categories, opened.perpetrators
        window.set_chat(opened.chat, opened.rows)
        self.chat_window = window
        window.show()
        self.chat_shown.emit(window)
        self._next_page(serial)

    def _next_page(self, serial: int) -> None:
        window = alive(self.chat_window)
        if window is None or serial != self._serial:
            return
        done = window.loaded()
        if done >= window.total:
            self.chat_loaded.emit(done)
            return
        measure = window.measurer()
        self.controller.run(chats.load_measured, window.item_id, done, measure,
                            ok=lambda page: self._on_page(page, measure.font, serial),
                            fail=self._fail)

    def _on_page(self, page: tuple[list[Any], list[int]], font: Any, serial: int) -> None:
        window = alive(self.chat_window)
        if window is None or serial != self._serial:
            return
        rows, heights = page
        if not rows:  # fewer than counted (cannot happen in one vault): stop reading
            window.total = window.loaded()
        window.append_rows(rows, heights, font)
        self._next_page(serial)

    @QtCore.Slot(str, str, str, str, object)
    def search(self, text: str, author: str, since: str, until: str, media: object) -> None:
        window = alive(self.chat_window)
        if window is None:
            return
        has_media = media if isinstance(media, bool) else None
        if not text and not author and not since and not until and has_media is None:
            window.show_search_message(_("Type words to find, or choose a filter."))
            return
        self.controller.run(chats.search, window.item_id, text, author=author, since=since,
                            until=until, media=has_media,
                            ok=lambda found: self._on_searched(found, bool(text)),
                            fail=self._on_search_failed)

    def _on_searched(self, found: chats.SearchResult, searched: bool) -> None:
        if (window := alive(self.chat_window)) is not None:
            window.set_results(found.rows, found.total, found.shown, searched)
        self.searched.emit(found)

    def _on_search_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if (window := alive(self.chat_window)) is not None:
            window.show_search_message(message)
        self.failed.emit(message)

    @QtCore.Slot(str)
    def jump(self, day: str) -> None:
        window = alive(self.chat_window)
        if window is None:
            return
        self.controller.run(chats.first_on, window.item_id, day, ok=self._on_jumped,
                            fail=self._fail)

    def _on_jumped(self, position: int) -> None:
        if (window := alive(self.chat_window)) is not None:
            if position < 0:
                window.show_status(_("No message on or after that date."))
            else:
                window.show_message(position)
        self.jumped.emit(position)

    @QtCore.Slot(int)
    def _on_item_open_requested(self, item_id: int) -> None:
        if self.window is not None:
            if not self.window.select_item(item_id):
                self.browse.load_detail(item_id)
            self.window.raise_()
            self.window.activateWindow()

    # --- tagging and excerpts ------------------------------------------------------------------
    @QtCore.Slot(list)
    def ask_tag(self, indices: list[int]) -> None:
        window = alive(self.chat_window)
        if window is None or not indices:
            return
        wanted = set(indices)
        authors = list(dict.fromkeys(
            window.model.row_at(r).author for r in range(window.loaded())
            if window.model.row_at(r).index in wanted and window.model.row_at(r).author))
        dialog = ChatTagDialog(len(indices), authors, self._categories, self._perpetrators,
                               window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.tag_accepted.connect(
            lambda changes: self.tag(window.item_id, list(indices), changes,
                                     window.context_spin.value()))
        self.tag_dialog = dialog
        dialog.open()
        self.tag_dialog_shown.emit(dialog)

    def tag(self, chat_id: int, indices: list[int], changes: dict[str, Any],
            context: int = 3) -> None:
        self.controller.run(chats.tag_selection, chat_id, indices,
                            categories=list(changes.get("categories") or []),
                            perpetrator=str(changes.get("perpetrator") or ""),
                            notes=str(changes.get("notes") or ""), context=context,
                            ok=self._on_tagged, fail=self._fail)

    def _on_tagged(self, result: dict[str, Any]) -> None:
        if (window := alive(self.chat_window)) is not None:
            window.show_status(_("Tagged as evidence: excerpt item {item}.").format(
                item=digits(str(result["item_id"]))))
        perpetrator = result.get("perpetrator")
        if perpetrator and perpetrator not in self._perpetrators:
            self._perpetrators.append(perpetrator)
        self.browse.refresh()
        self.tagged.emit(result)

    @QtCore.Slot(list)
    def ask_excerpt(self, indices: list[int]) -> None:
        window = alive(self.chat_window)
        if window is None or not indices:
            return
        chosen = file_picker.choose(window, _("Choose a folder for the excerpt"), folder=True)
        if chosen and alive(self.chat_window) is window:
            self.save_excerpt(window.item_id, indices, chosen[0], window.context_spin.value())

    def save_excerpt(self, chat_id: int, indices: list[int], folder: Path,
                     context: int = 3) -> None:
        self.controller.run(chats.save_excerpt, chat_id, indices, Path(folder), context,
                            ok=self._on_excerpt_saved, fail=self._fail)

    def _on_excerpt_saved(self, result: dict[str, Any]) -> None:
        if (window := alive(self.chat_window)) is not None:
            window.show_status(_("Excerpt saved: {path}").format(
                path=ltr_isolate(one_line(str(result["path"]), 300))))
        self.browse.refresh()
        self.excerpt_saved.emit(result)

    # --- after an import: the exporter's offset, asked once --------------------------------------
    @QtCore.Slot(object)
    def on_import_finished(self, summary: Any) -> None:
        """Chats whose export carried no offset were read at this computer's offset
        ("assumed-local"): ask once, for all of them, which offset the exporter had."""
        from app.chats.store import local_offset

        assumed = [o for o in getattr(summary, "outcomes", [])
                   if o.kind == "chat" and o.status == "imported" and o.item_id is not None
                   and (o.chat or {}).get("offset_source") == "assumed-local"]
        if not assumed or self.window is None:
            return
        titles = [str((o.chat or {}).get("title") or "") for o in assumed]
        ids = [int(o.item_id) for o in assumed]
        # after the import's summary has opened: the question comes on top of it
        QtCore.QTimer.singleShot(0, lambda: self._ask_offset(ids, titles, local_offset()))

    def _ask_offset(self, ids: list[int], titles: list[str], default: str) -> None:
        if self.window is None:  # locked meanwhile
            return
        dialog = ChatOffsetDialog(titles, default, self.window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.offset_accepted.connect(lambda offset: self.set_offset(ids, offset))
        self.offset_dialog = dialog
        dialog.open()
        self.offset_dialog_shown.emit(dialog)

    def set_offset(self, item_ids: list[int], offset: str) -> None:
        self.controller.run(chats.set_offsets, item_ids, offset,
                            ok=lambda value: self._on_offset_set(value, len(item_ids)),
                            fail=self._fail)

    def _on_offset_set(self, offset: str, count: int) -> None:
        if self.window is not None:
            self.window.show_status(ngettext(
                "The chat's times are now read at {offset}.",
                "The {count} chats' times are now read at {offset}.", count).format(
                    count=digits(str(count)), offset=ltr_isolate(digits(f"UTC{offset}"))), 10000)
        self.offset_set.emit(offset)
