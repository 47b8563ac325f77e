# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Wiring of the case and perpetrator editors, the timeline, the address book and saved filters.

One ``EditorHub`` per main window (built by ``ui.shell.Shell``): it opens the dialogs on the main
window's intent signals, asks the controller to read and write, and hands the answers back to the
open dialog. Dialogs never call the core; only the controller does.
"""

from __future__ import annotations

from typing import Any, TypeVar

import shiboken6
from PySide6 import QtCore, QtWidgets

from ui.controller import AppController
from ui.dialogs.address_book import AddressBookDialog
from ui.dialogs.case_editor import CaseEditorDialog
from ui.dialogs.perpetrator_editor import PerpetratorEditorDialog

_D = TypeVar("_D")


def _alive(dialog: _D | None) -> _D | None:
    return dialog if dialog is not None and shiboken6.isValid(dialog) else None


class EditorHub(QtCore.QObject):
    """Emits:
        dialog_shown(object): an editor dialog, once open (tests wait on it).
    """

    dialog_shown = QtCore.Signal(object)

    def __init__(self, controller: AppController, window: Any) -> None:
        super().__init__(window)
        self.controller, self.window = controller, window
        self.case_dialog: CaseEditorDialog | None = None
        self.perpetrator_dialog: PerpetratorEditorDialog | None = None
        self.address_dialog: AddressBookDialog | None = None
        self.export_dialog: Any = None
        self._open_timeline = False
        self._connect_signals()

    def _connect_signals(self) -> None:
        w, c = self.window, self.controller
        w.case_edit_requested.connect(self._on_window_case_edit_requested)
        w.timeline_requested.connect(self._on_window_timeline_requested)
        w.perpetrator_edit_requested.connect(self._on_window_perpetrator_edit_requested)
        w.address_book_requested.connect(self._on_window_address_book_requested)
        w.filter_save_requested.connect(c.save_current_filter)
        w.saved_filter_delete_requested.connect(
            lambda fid: c.write_record("filter.delete", fid))
        c.record_loaded.connect(self._on_controller_record_loaded)
        c.record_saved.connect(self._on_controller_record_saved)
        c.record_failed.connect(self._on_controller_record_failed)
        c.sidebar_loaded.connect(lambda _entries: c.load_record("filters"))

    def close_all(self) -> None:
        for d in (self.case_dialog, self.perpetrator_dialog, self.address_dialog):
            if (alive := _alive(d)) is not None:
                alive.close()

    # --- cases -----------------------------------------------------------------------------------
    def _case_dialog(self) -> CaseEditorDialog:
        d = _alive(self.case_dialog)
        if d is None:
            d = CaseEditorDialog(None, self.window)
            d.save_requested.connect(self._on_case_dialog_save_requested)
            d.delete_requested.connect(lambda cid: self.controller.write_record("case.delete", cid))
            d.timeline_requested.connect(lambda cid: self.controller.load_record("timeline", cid))
            self.case_dialog = d
        return d

    @QtCore.Slot(int)
    def _on_window_case_edit_requested(self, case_id: int) -> None:
        self._open_timeline = False
        if case_id:
            self.controller.load_record("case", case_id)
        else:
            self._show(self._case_dialog(), None)

    @QtCore.Slot(int)
    def _on_window_timeline_requested(self, case_id: int) -> None:
        self._open_timeline = True
        self.controller.load_record("case", case_id)

    @QtCore.Slot(object)
    def _on_case_dialog_save_requested(self, req: dict) -> None:
        fields = {k: req[k] for k in ("title", "description", "notes")}
        if req["case_id"] is None:
            self.controller.write_record("case.add", starts_on=req["starts_on"],
                                         ends_on=req["ends_on"], **fields)
        else:  # "" clears a date in update_case
            self.controller.write_record("case.update", req["case_id"],
                                         starts_on=req["starts_on"] or "",
                                         ends_on=req["ends_on"] or "", **fields)

    # --- perpetrators ----------------------------------------------------------------------------
    def _perp_dialog(self) -> PerpetratorEditorDialog:
        d = _alive(self.perpetrator_dialog)
        if d is None:
            d = PerpetratorEditorDialog(None, (), self.window)
            c = self.controller
            d.save_requested.connect(self._on_perp_dialog_save_requested)
            d.delete_requested.connect(lambda pid: c.write_record("perpetrator.delete", pid))
            d.account_add_requested.connect(lambda r: c.write_record(
                "account.add", r["perpetrator_id"], r["platform"], r["handle"],
                display_name=r["display_name"], profile_url=r["profile_url"]))
            d.account_unlink_requested.connect(
                lambda pid, platform, handle: c.write_record("account.unlink", pid, platform,
                                                             handle))
            self.perpetrator_dialog = d
        return d

    @QtCore.Slot(object)
    def _on_perp_dialog_save_requested(self, req: dict) -> None:
        fields = {k: req[k] for k in ("notes", "anonymous")}
        if req.get("perpetrator_id") is None:
            self.controller.write_record("perpetrator.add", req["label"], **fields)
        else:
            self.controller.write_record("perpetrator.update", req["perpetrator_id"],
                                         label=req["label"], **fields)

    @QtCore.Slot(int)
    def _on_window_perpetrator_edit_requested(self, perpetrator_id: int) -> None:
        if perpetrator_id:
            self.controller.load_record("perpetrator", perpetrator_id)
        else:
            self._perp_dialog().set_perpetrator(None)
            self.controller.load_record("platforms")

    # --- address book and export -----------------------------------------------------------------
    @QtCore.Slot()
    def _on_window_address_book_requested(self) -> None:
        d = _alive(self.address_dialog)
        if d is None:
            d = AddressBookDialog(self.window)
            d.add_requested.connect(
                lambda label, key: self.controller.write_record("recipient.add", label, key))
            d.delete_requested.connect(
                lambda rid: self.controller.write_record("recipient.delete", rid))
            self.address_dialog = d
        self.controller.load_record("recipients")
        self._show(d)

    def attach_export(self, dialog: Any) -> None:
        """Give the export wizard the address book, and save keys it offers to keep."""
        self.export_dialog = dialog
        dialog.recipient_save_requested.connect(
            lambda label, key: self.controller.write_record("recipient.add", label, key))
        self.controller.load_record("recipients")

    # --- answers ---------------------------------------------------------------------------------
    def _show(self, dialog: QtWidgets.QDialog, *state: Any) -> None:
        if state and isinstance(dialog, CaseEditorDialog):
            dialog.set_case(state[0])
        if not dialog.isVisible():
            dialog.open()
        dialog.raise_()
        self.dialog_shown.emit(dialog)

    @QtCore.Slot(str, object)
    def _on_controller_record_loaded(self, kind: str, value: Any) -> None:
        if kind == "case":
            case_d = self._case_dialog()
            self._show(case_d, value)
            if self._open_timeline:
                case_d.open_timeline()
        elif kind == "timeline" and (open_case := _alive(self.case_dialog)) is not None:
            if open_case.case_id == value.case_id:
                open_case.show_timeline(value)
        elif kind == "perpetrator":
            perp_d = self._perp_dialog()
            perp_d.set_platforms(value[1])
            perp_d.set_perpetrator(value[0])
            self._show(perp_d)
        elif kind == "platforms" and (open_perp := _alive(self.perpetrator_dialog)) is not None:
            open_perp.set_platforms(value)
            self._show(open_perp)
        elif kind == "recipients":
            if (address_d := _alive(self.address_dialog)) is not None:
                address_d.set_recipients(value)
            if (e := _alive(self.export_dialog)) is not None:
                e.set_recipients(value)
        elif kind == "filters":
            self.window.sidebar.set_saved_filters(value)

    @QtCore.Slot(str, object)
    def _on_controller_record_saved(self, op: str, value: Any) -> None:
        case_d, perp_d = _alive(self.case_dialog), _alive(self.perpetrator_dialog)
        if op in ("case.add", "case.update") and case_d is not None:
            case_d.set_case(value)
        elif op == "case.delete" and case_d is not None:
            case_d.accept()
        elif op in ("perpetrator.add", "perpetrator.update", "account.add",
                    "account.unlink") and perp_d is not None:
            perp_d.set_perpetrator(value)
            if op == "account.add":
                perp_d.clear_account_fields()
        elif op == "perpetrator.delete" and perp_d is not None:
            perp_d.accept()
        elif op.startswith("recipient."):
            if (d := _alive(self.address_dialog)) is not None:
                d.clear_fields()
            self.controller.load_record("recipients")

    @QtCore.Slot(str, str)
    def _on_controller_record_failed(self, op: str, message: str) -> None:
        target: Any = None  # any open dialog; only those with show_error() get the message
        if op.startswith("case"):
            target = _alive(self.case_dialog)
        elif op.startswith(("perpetrator", "account")):
            target = _alive(self.perpetrator_dialog)
        elif op.startswith("recipient"):
            target = _alive(self.address_dialog) or _alive(self.export_dialog)
        if target is not None and hasattr(target, "show_error"):
            target.show_error(message)
        elif self.window is not None:
            self.window.statusBar().showMessage(message, 8000)
