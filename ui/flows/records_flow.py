# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The records: the case and perpetrator editors, the timeline, the address book and saved
filters.

The shell wires the main window's intents to the slots here; this flow opens the dialogs, runs
the reads and writes of :mod:`ui.jobs.records` through the controller and hands the answers back
to the open dialog. Dialogs never call the core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from ui.dialogs.address_book import AddressBookDialog
from ui.dialogs.case_editor import CaseEditorDialog
from ui.dialogs.perpetrator_editor import PerpetratorEditorDialog
from ui.flows.base import Flow
from ui.flows.base import alive as _alive
from ui.jobs import records

if TYPE_CHECKING:
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow


class RecordsFlow(Flow):
    """Emits:
        dialog_shown(object): an editor dialog, once open (tests wait on it).
        record_loaded(str, object): a read finished: kind ("case", "perpetrator", "timeline",
            "recipients", "filters", "platforms", see ``records.READS``) and its value.
        record_saved(str, object): a write finished: the operation (``records.WRITES``) and the
            core's return value.
        record_failed(str, str): the kind or operation, and a translated sentence.
    """

    dialog_shown = QtCore.Signal(object)
    record_loaded = QtCore.Signal(str, object)
    record_saved = QtCore.Signal(str, object)
    record_failed = QtCore.Signal(str, str)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse
        self.case_dialog: CaseEditorDialog | None = None
        self.perpetrator_dialog: PerpetratorEditorDialog | None = None
        self.address_dialog: AddressBookDialog | None = None
        self._open_timeline = False

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.case_dialog, self.perpetrator_dialog, self.address_dialog)

    def close(self) -> None:
        super().close()
        self.case_dialog = self.perpetrator_dialog = self.address_dialog = None

    # --- reads and writes ------------------------------------------------------------------------
    def load(self, kind: str, *args: Any) -> None:
        """A read for an editor (``READS``): ``record_loaded`` or ``record_failed``."""
        def ok(value: Any) -> None:
            self._on_record_loaded(kind, value)

        def fail(exc: BaseException) -> None:
            self._on_record_failed(kind, self.controller.message_for(exc))

        self.controller.run(records.READS[kind], *args, ok=ok, fail=fail)

    def write(self, op: str, *args: Any, **kwargs: Any) -> None:
        """One editor write (``WRITES``: each appends its custody entry in the core)."""
        def ok(value: Any) -> None:
            self._on_record_written(op, value)

        def fail(exc: BaseException) -> None:
            self._on_record_failed(op, self.controller.message_for(exc))

        self.controller.run(records.WRITES[op], *args, ok=ok, fail=fail, **kwargs)

    def _on_record_written(self, op: str, value: Any) -> None:
        self._on_record_saved(op, value)
        self.browse.load_sidebar()
        if not op.startswith(("recipient.", "filter.")):
            self.browse.load_items()

    # --- saved filters ---------------------------------------------------------------------------
    @QtCore.Slot(str)
    def save_filter(self, name: str) -> None:
        """Save the search text and sidebar filter now shown (the browse flow's) under ``name``."""
        self.write("filter.save", name, self.browse.current_query())

    @QtCore.Slot(int)
    def delete_filter(self, filter_id: int) -> None:
        self.write("filter.delete", filter_id)

    @QtCore.Slot()
    def load_filters(self) -> None:
        self.load("filters")

    # --- cases -----------------------------------------------------------------------------------
    def _case_dialog(self) -> CaseEditorDialog:
        d = _alive(self.case_dialog)
        if d is None:
            d = CaseEditorDialog(None, self.window)
            d.save_requested.connect(self._on_case_dialog_save_requested)
            d.delete_requested.connect(lambda cid: self.write("case.delete", cid))
            d.timeline_requested.connect(lambda cid: self.load("timeline", cid))
            d.span_requested.connect(self._on_case_dialog_span_requested)
            self.case_dialog = d
        return d

    @QtCore.Slot(int)
    def edit_case(self, case_id: int) -> None:
        """Open the case editor (0: a new case)."""
        self._open_timeline = False
        if case_id:
            self.load("case", case_id)
        else:
            self._show(self._case_dialog(), None)

    @QtCore.Slot(int)
    def show_timeline(self, case_id: int) -> None:
        self._open_timeline = True
        self.load("case", case_id)

    @QtCore.Slot(int, str, str)
    def _on_case_dialog_span_requested(self, case_id: int, first: str, last: str) -> None:
        """A timeline bar: the list shows the case's items of that period (the browse flow owns
        the filter); the editor closes so the list is in view."""
        self.browse.show_span(case_id, first, last)
        if (d := _alive(self.case_dialog)) is not None:
            d.close()

    @QtCore.Slot(object)
    def _on_case_dialog_save_requested(self, req: dict) -> None:
        fields = {k: req[k] for k in ("title", "description", "notes")}
        if req["case_id"] is None:
            self.write("case.add", starts_on=req["starts_on"], ends_on=req["ends_on"], **fields)
        else:  # "" clears a date in update_case
            self.write("case.update", req["case_id"], starts_on=req["starts_on"] or "",
                       ends_on=req["ends_on"] or "", **fields)

    # --- perpetrators ----------------------------------------------------------------------------
    def _perp_dialog(self) -> PerpetratorEditorDialog:
        d = _alive(self.perpetrator_dialog)
        if d is None:
            d = PerpetratorEditorDialog(None, (), self.window)
            d.save_requested.connect(self._on_perp_dialog_save_requested)
            d.delete_requested.connect(lambda pid: self.write("perpetrator.delete", pid))
            d.account_add_requested.connect(lambda r: self.write(
                "account.add", r["perpetrator_id"], r["platform"], r["handle"],
                display_name=r["display_name"], profile_url=r["profile_url"]))
            d.account_unlink_requested.connect(
                lambda pid, platform, handle: self.write("account.unlink", pid, platform, handle))
            self.perpetrator_dialog = d
        return d

    @QtCore.Slot(object)
    def _on_perp_dialog_save_requested(self, req: dict) -> None:
        fields = {k: req[k] for k in ("notes", "anonymous")}
        if req.get("perpetrator_id") is None:
            self.write("perpetrator.add", req["label"], **fields)
        else:
            self.write("perpetrator.update", req["perpetrator_id"], label=req["label"],
                       **fields)

    @QtCore.Slot(int)
    def edit_perpetrator(self, perpetrator_id: int) -> None:
        """Open the perpetrator editor (0: a new perpetrator)."""
        if perpetrator_id:
            self.load("perpetrator", perpetrator_id)
        else:
            self._perp_dialog().set_perpetrator(None)
            self.load("platforms")

    # --- address book ----------------------------------------------------------------------------
    @QtCore.Slot()
    def show_address_book(self) -> None:
        d = _alive(self.address_dialog)
        if d is None:
            d = AddressBookDialog(self.window)
            d.add_requested.connect(
                lambda label, key: self.write("recipient.add", label, key))
            d.delete_requested.connect(
                lambda rid: self.write("recipient.delete", rid))
            self.address_dialog = d
        self.load("recipients")
        self._show(d)

    # --- answers ---------------------------------------------------------------------------------
    def _show(self, dialog: QtWidgets.QDialog, *state: Any) -> None:
        if state and isinstance(dialog, CaseEditorDialog):
            dialog.set_case(state[0])
        if not dialog.isVisible():
            dialog.open()
        dialog.raise_()
        self.dialog_shown.emit(dialog)

    def _on_record_loaded(self, kind: str, value: Any) -> None:
        self._show_loaded(kind, value)
        self.record_loaded.emit(kind, value)

    def _show_loaded(self, kind: str, value: Any) -> None:
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
        elif kind == "filters" and self.window is not None:
            self.window.set_saved_filters(value)

    def _on_record_saved(self, op: str, value: Any) -> None:
        self._show_saved(op, value)
        self.record_saved.emit(op, value)

    def _show_saved(self, op: str, value: Any) -> None:
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
            self.load("recipients")

    def _on_record_failed(self, op: str, message: str) -> None:
        self._show_failed(op, message)
        self.record_failed.emit(op, message)

    def _show_failed(self, op: str, message: str) -> None:
        target: Any = None  # any open dialog; only those with show_error() get the message
        if op.startswith("case"):
            target = _alive(self.case_dialog)
        elif op.startswith(("perpetrator", "account")):
            target = _alive(self.perpetrator_dialog)
        elif op.startswith("recipient"):
            target = _alive(self.address_dialog)
        if target is not None and hasattr(target, "show_error"):
            target.show_error(message)
        elif self.window is not None:
            self.window.show_status(message, 8000)
