# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Send when safe (issue 18): the outbox, the destinations, a new bundle for a destination, and
"Send now" / "send when connected".

Every job is in :mod:`ui.jobs.send`. Sending starts the separate sender process (no vault key, it
sees only encrypted bundles); this process opens no socket. While it runs, each percent it
reports makes the flow read the outbox again, so what the window shows is the outbox's recorded
state, never a guess.

"Send when connected": while a session is open, every ``AUTO_INTERVAL_MS`` the flow asks the
vault whether a destination that allows it has something to send, and if so sends it on that
destination's saved route, as "Send now" would. The first check comes one interval after the
unlock, never at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate
from ui.dialogs.contacts import ContactsDialog
from ui.dialogs.outbox import OutboxDialog, route_sentence
from ui.dialogs.outbox_queue import QueueBundleDialog
from ui.flows.base import Flow, alive
from ui.i18n import _, ngettext
from ui.jobs import send
from ui.widgets.secure_label import safe_text

if TYPE_CHECKING:
    from pathlib import Path

    from app.handover import ExportRequest
    from app.send.launch import SendReport
    from app.send.outbox import Contact
    from app.tasks import Progress
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow
    from ui.windows.main_window import MainWindow
    from ui.workers import Task

AUTO_INTERVAL_MS = 5 * 60 * 1000


class SendFlow(Flow):
    """Emits:
        dialog_shown(object): the outbox, destinations or new-bundle dialog, once open.
        state_loaded(object): a ``ui.jobs.send.OutboxState`` read from the vault.
        contact_added(object), contact_removed(str), route_saved(object): a ``Contact``, a name.
        queued(object): the ``OutboxEntry`` of a new bundle.
        send_finished(object): the ``SendReport`` of one run of the sender.
        failed(str): a translated sentence.
    """

    dialog_shown = QtCore.Signal(object)
    state_loaded = QtCore.Signal(object)
    contact_added = QtCore.Signal(object)
    contact_removed = QtCore.Signal(str)
    route_saved = QtCore.Signal(object)
    queued = QtCore.Signal(object)
    send_finished = QtCore.Signal(object)
    failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse
        self.outbox_dialog: OutboxDialog | None = None
        self.contacts_dialog: ContactsDialog | None = None
        self.queue_dialog: QueueBundleDialog | None = None
        self._contacts: list[Contact] = []
        self._send_task: Task | None = None
        self._queue_task: Task | None = None
        self._loading = False
        self._reload = False
        self.auto_timer = QtCore.QTimer(self)
        self.auto_timer.setInterval(AUTO_INTERVAL_MS)
        self.auto_timer.timeout.connect(self._on_auto_timer_timeout)

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.queue_dialog, self.contacts_dialog, self.outbox_dialog)

    def attach(self, window: MainWindow) -> None:
        super().attach(window)
        self.auto_timer.start()

    def close(self) -> None:
        self.auto_timer.stop()
        super().close()
        self.outbox_dialog = self.contacts_dialog = self.queue_dialog = None
        self._send_task = self._queue_task = None
        self._contacts = []
        self._loading = self._reload = False

    @property
    def sending(self) -> bool:
        return self._send_task is not None

    # --- the windows -----------------------------------------------------------------------------
    @QtCore.Slot()
    def show_outbox(self) -> None:
        if self.window is None:
            return
        d = alive(self.outbox_dialog)
        if d is None:
            d = OutboxDialog(self.window)
            d.send_requested.connect(self.send_now)
            d.cancel_requested.connect(self.cancel)
            d.route_requested.connect(self.set_route)
            d.queue_requested.connect(self.show_queue)
            d.contacts_requested.connect(self.show_contacts)
            self.outbox_dialog = d
            d.show_sending(self.sending)
        self.load()
        self._show(d)

    @QtCore.Slot()
    def show_contacts(self) -> None:
        if self.window is None:
            return
        d = alive(self.contacts_dialog)
        if d is None:
            d = ContactsDialog(alive(self.outbox_dialog) or self.window)
            d.add_requested.connect(self.add_card)
            d.remove_requested.connect(self.remove)
            self.contacts_dialog = d
        self.load()
        self._show(d)

    @QtCore.Slot(str)
    def show_queue(self, contact: str) -> None:
        c = next((c for c in self._contacts if c.name == contact), None)
        if self.window is None or c is None:
            return
        selected = self.window.evidence.selected_ids()
        d = QueueBundleDialog(c.name, c.recipient, selected, self.browse.case_titles,
                              alive(self.outbox_dialog) or self.window)
        d.queue_requested.connect(self.queue)
        d.cancel_requested.connect(self.cancel_queue)
        self.queue_dialog = d
        self._show(d)

    def _show(self, dialog: QtWidgets.QDialog) -> None:
        if not dialog.isVisible():
            dialog.open()
        dialog.raise_()
        self.dialog_shown.emit(dialog)

    # --- reads -----------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the destinations and the outbox again (one read at a time; a request while one
        runs is answered by one more read after it)."""
        if self._loading:
            self._reload = True
            return
        self._loading = True
        task = self.controller.run(send.state, ok=self._on_state_loaded,
                                   fail=self._on_load_failed)
        if task is None:
            self._loading = False

    def _on_state_loaded(self, state: send.OutboxState) -> None:
        self._loading = False
        self._contacts = list(state.contacts)
        if (d := alive(self.outbox_dialog)) is not None:
            d.set_state(state.contacts, state.entries)
        if (c := alive(self.contacts_dialog)) is not None:
            c.set_contacts(state.contacts)
        self.state_loaded.emit(state)
        if self._reload:
            self._reload = False
            self.load()

    # --- destinations ----------------------------------------------------------------------------
    @QtCore.Slot(object)
    def add_card(self, path: Path) -> None:
        self.controller.run(send.add_card, path, ok=self._on_contact_added,
                            fail=self._on_failed)

    def _on_contact_added(self, contact: Contact) -> None:
        if (d := alive(self.contacts_dialog)) is not None:
            d.set_contacts([*self._contacts, contact], select=contact.name)
            d.show_added(contact)
        self.contact_added.emit(contact)
        self.load()

    @QtCore.Slot(int)
    def remove(self, contact_id: int) -> None:
        self.controller.run(send.remove, contact_id, ok=self._on_contact_removed,
                            fail=self._on_failed)

    def _on_contact_removed(self, name: str) -> None:
        if (d := alive(self.contacts_dialog)) is not None:
            d.show_message(_("Destination {name} removed.").format(
                name=safe_text(name, max_len=80)))
        self.contact_removed.emit(name)
        self.load()

    @QtCore.Slot(int, bool, str)
    def set_route(self, contact_id: int, send_when_connected: bool, via: str) -> None:
        self.controller.run(send.set_route, contact_id, send_when_connected, via or None,
                            ok=self._on_route_saved, fail=self._on_failed)

    def _on_route_saved(self, contact: Contact) -> None:
        if (d := alive(self.outbox_dialog)) is not None:
            d.show_message(_("Bundles for {name} will go {route}.").format(
                name=safe_text(contact.name, max_len=80),
                route=route_sentence(contact.via, contact.onion_url)))
        self.route_saved.emit(contact)
        self.load()

    # --- a new bundle ----------------------------------------------------------------------------
    @QtCore.Slot(object, str)
    def queue(self, request: ExportRequest, contact: str) -> None:
        self._queue_task = self.controller.run(
            send.queue_export, request, contact, ok=self._on_queued, fail=self._on_queue_failed,
            progress=self._on_queue_progressed, cancellable=True)

    @QtCore.Slot()
    def cancel_queue(self) -> None:
        if self._queue_task is not None:
            self._queue_task.cancel()

    def _on_queue_progressed(self, progress: Progress) -> None:
        if (d := alive(self.queue_dialog)) is not None:
            d.show_progress(progress)

    def _on_queued(self, result: tuple[Any, Any]) -> None:
        self._queue_task = None
        _res, entry = result
        if (d := alive(self.queue_dialog)) is not None:
            d.show_result(entry)
        self.queued.emit(entry)
        self.load()

    def _on_queue_failed(self, exc: BaseException) -> None:
        self._queue_task = None
        message = self.controller.message_for(exc)
        if (d := alive(self.queue_dialog)) is not None:
            d.show_error(message)
        self.failed.emit(message)

    # --- sending ---------------------------------------------------------------------------------
    @QtCore.Slot(str)
    def send_now(self, contact: str) -> None:
        """Start the sender for this destination's outbox, on its saved route."""
        self._start_send(contact or None, only_auto=False)

    def _start_send(self, contact: str | None, *, only_auto: bool) -> None:
        if self.sending:
            return
        self._send_task = self.controller.run(
            send.send_now, contact, only_auto, ok=self._on_send_finished,
            fail=self._on_send_failed, progress=self._on_send_progressed, cancellable=True)
        if self._send_task is not None and (d := alive(self.outbox_dialog)) is not None:
            d.show_sending(True)

    @QtCore.Slot()
    def cancel(self) -> None:
        if self._send_task is not None:
            self._send_task.cancel()

    def _on_send_progressed(self, progress: Progress) -> None:
        if (d := alive(self.outbox_dialog)) is not None and progress.stage == "send":
            d.show_progress(progress.done, progress.total)
        self.load()  # the outbox recorded what the sender reported

    def _on_send_finished(self, report: SendReport) -> None:
        self._send_task = None
        if (d := alive(self.outbox_dialog)) is not None:
            d.show_sending(False)
            d.show_message(self._report_text(report))
            d.show_error("\n".join(dict.fromkeys(
                self.controller.message_for(err) for err in report.failed.values())))
        self.send_finished.emit(report)
        self.load()

    def _on_send_failed(self, exc: BaseException) -> None:
        self._send_task = None
        message = self.controller.message_for(exc)
        if (d := alive(self.outbox_dialog)) is not None:
            d.show_sending(False)
            d.show_error(message)
        self.failed.emit(message)
        self.load()

    def _report_text(self, report: SendReport) -> str:
        loc = QtCore.QLocale()
        if report.attempted == 0:
            return _("Nothing to send for this destination.")
        lines = []
        for event in list(report.routes.values())[:1]:
            lines.append(self._route_said(event))
        if report.sent:
            lines.append(ngettext("{count} bundle sent.", "{count} bundles sent.",
                                  len(report.sent)).format(count=loc.toString(len(report.sent))))
        if report.receipts:
            lines.append(ngettext("{count} receipt received.", "{count} receipts received.",
                                  len(report.receipts)).format(
                count=loc.toString(len(report.receipts))))
        return "\n".join(lines)

    @staticmethod
    def _route_said(event: dict[str, Any]) -> str:
        """What the sender said of its route, before it connected (``route`` event)."""
        url = ltr_isolate(str(event.get("url") or ""))
        if event.get("route") == "socks5":
            proxy = ltr_isolate(str(event.get("proxy") or "").split("://", 1)[-1])
            return _("Route: through Tor at {proxy}, to {url}.").format(proxy=proxy, url=url)
        return _("Route: direct (not through Tor), to {url}, with its pinned certificate.").format(
            url=url)

    # --- send when connected ---------------------------------------------------------------------
    @QtCore.Slot()
    def _on_auto_timer_timeout(self) -> None:
        if self.window is None or self.sending:
            return
        self.controller.run(send.pending_auto, ok=self._on_pending_auto)

    def _on_pending_auto(self, pending: bool) -> None:
        if pending and not self.sending:
            self._start_send(None, only_auto=True)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = self._reload = False
        self._on_failed(exc)

    def _on_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        shown = False
        for d in (alive(self.contacts_dialog), alive(self.outbox_dialog)):
            if d is not None and d.isVisible() and not shown:
                d.show_error(message)
                shown = True
        self.failed.emit(message)
