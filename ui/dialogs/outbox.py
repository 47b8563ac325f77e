# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The outbox (issue 18): what waits to be sent to each destination, how far it is, and the
route it takes, said plainly: "direct (pinned certificate)" or "through Tor at 127.0.0.1:9150".

The dialog reads state and emits intent. Sending runs in a separate process started by the flow
(:mod:`ui.jobs.send`); this dialog, like the whole GUI process, opens no socket. Its progress is
the outbox's state, read again from the vault as the sender reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.errors import AppError
from app.messages import describe
from app.send.route import parse_via
from app.textsafety import ltr_isolate, one_line
from ui.i18n import N_, _, current
from ui.widgets.secure_label import safe_text

if TYPE_CHECKING:
    from app.send.outbox import Contact, OutboxEntry

COLUMNS = (N_("Destination"), N_("Bundle"), N_("Size"), N_("State"), N_("Route"),
           N_("Problem"))
DEFAULT_TOR = "127.0.0.1:9150"  # Tor Browser's SOCKS port (the Tor service's is 9050)


def proxy_host(via: str) -> str:
    """``socks5://127.0.0.1:9150`` → ``127.0.0.1:9150``."""
    return via.split("://", 1)[-1].rstrip("/")


def route_sentence(via: str | None, onion_url: str | None = None) -> str:
    """The route of a destination, in words (never "direct" when it is not)."""
    if not via:
        return _("direct (pinned certificate)")
    if onion_url:
        return _("through Tor at {proxy}, to the onion address").format(
            proxy=ltr_isolate(proxy_host(via)))
    return _("through Tor at {proxy}").format(proxy=ltr_isolate(proxy_host(via)))


def recorded_route(route: str | None) -> str:
    """The route an entry was last sent on (``outbox.route``: ``direct`` or
    ``socks5 socks5://HOST:PORT [onion]``), in words; empty before any attempt."""
    if not route:
        return ""
    if route == "direct":
        return route_sentence(None)
    parts = route.split()
    via = parts[1] if len(parts) > 1 else ""
    return route_sentence(via, "onion" if "onion" in parts[2:] else None)


def status_sentence(e: OutboxEntry) -> str:
    """queued / sending n % / sent, waiting for the receipt / receipt received."""
    if e.status == "sending":
        return _("Sending {percent} %").format(percent=QtCore.QLocale().toString(e.percent))
    return {"queued": _("Queued"), "sent": _("Sent, waiting for the receipt"),
            "receipt": _("Receipt received")}.get(e.status, e.status)


def problem_sentence(e: OutboxEntry, via: str | None) -> str:
    """The last attempt's error (recorded as a code), as a sentence."""
    if not e.last_error or e.status == "receipt":
        return ""
    params = {"proxy": proxy_host(via) if via else "", "path": Path(e.path).name,
              "status": "…", "name": e.contact}
    return describe(AppError(e.last_error, **params), current(), isolate=True)


def size_text(size: int) -> str:
    loc = QtCore.QLocale()
    if size >= 1 << 20:
        return _("{size} MB").format(size=loc.toString(size / (1 << 20), "f", 1))
    return _("{size} KB").format(size=loc.toString(max(1, size >> 10)))


class OutboxDialog(QtWidgets.QDialog):
    """Emits:
        send_requested(str): "Send now" for this destination's name.
        cancel_requested(): stop the sender (the upload resumes next time from the server's
            offset).
        route_requested(int, bool, str): a destination's id, "send when connected", and its
            route: ``socks5://HOST:PORT`` or ``""`` for direct.
        queue_requested(str): "New bundle for this destination…" (its name).
        contacts_requested(): open the destinations.
    """

    send_requested = QtCore.Signal(str)
    cancel_requested = QtCore.Signal()
    route_requested = QtCore.Signal(int, bool, str)
    queue_requested = QtCore.Signal(str)
    contacts_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Outbox"))
        self._contacts: list[Contact] = []
        self._sending = False
        self._build_ui()
        self._connect_signals()
        self._on_contact_combo_changed()
        self.resize(1200, 620)

    def _build_ui(self) -> None:  # noqa: PLR0915
        self.hint = QtWidgets.QLabel(
            _("Bundles wait here until you send them. Sending runs in a separate program that "
              "cannot open the vault: only the encrypted bundle leaves this computer, and only "
              "to the address and certificate of the destination's signed card."), self)
        self.hint.setWordWrap(True)
        self.contact_combo = QtWidgets.QComboBox(self)
        self.contact_combo.setMinimumContentsLength(24)
        self.contacts_button = QtWidgets.QPushButton(_("Destinations…"), self)
        self.route_label = QtWidgets.QLabel(self)
        self.route_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.route_label.setWordWrap(True)
        self.route_label.setObjectName("route")
        self.tor_check = QtWidgets.QCheckBox(_("Through Tor (a SOCKS5 proxy):"), self)
        self.proxy_edit = QtWidgets.QLineEdit(self)
        self.proxy_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.proxy_edit.setPlaceholderText(DEFAULT_TOR)
        self.proxy_edit.setText(DEFAULT_TOR)
        self.proxy_edit.setMaximumWidth(220)
        self.tor_hint = QtWidgets.QLabel(
            _("Tor Browser must be open (its proxy is 127.0.0.1:9150). If the proxy cannot be "
              "reached, nothing is sent: Bayyina never falls back to a direct connection."), self)
        self.tor_hint.setWordWrap(True)
        self.tor_hint.setObjectName("hint")
        self.auto_check = QtWidgets.QCheckBox(
            _("Send when connected: while Bayyina is open, send to this destination without "
              "asking"), self)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName(_("Bundles in the outbox"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        # every column in view on a 1366-px screen: names, files and routes elide (their whole
        # text is the tooltip); the problem takes what is left
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        for col, width in ((0, 170), (1, 190), (4, 190)):
            header.setSectionResizeMode(col, QtWidgets.QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        for col in (2, 3):
            header.setSectionResizeMode(col, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        # the chosen entry's problem in full (the column elides it)
        self.problem_label = QtWidgets.QLabel(self)
        self.problem_label.setObjectName("error")
        self.problem_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.empty_label = QtWidgets.QLabel(_("The outbox is empty."), self)
        self.empty_label.setObjectName("hint")
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.hide()
        self.message_label = QtWidgets.QLabel(self)
        self.message_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.queue_button = QtWidgets.QPushButton(_("New bundle for this destination…"), self)
        self.send_button = QtWidgets.QPushButton(_("Send now"), self)
        self.send_button.setObjectName("primary")
        self.stop_button = QtWidgets.QPushButton(_("Stop sending"), self)
        self.stop_button.hide()
        self.close_button = QtWidgets.QPushButton(_("Close"), self)

        dest = QtWidgets.QGroupBox(_("Destination"), self)
        grid = QtWidgets.QGridLayout(dest)
        grid.addWidget(self.contact_combo, 0, 0, 1, 2)
        grid.addWidget(self.contacts_button, 0, 2)
        grid.addWidget(QtWidgets.QLabel(_("Route:"), self), 1, 0)
        grid.addWidget(self.route_label, 1, 1, 1, 2)
        tor_row = QtWidgets.QHBoxLayout()
        tor_row.addWidget(self.tor_check)
        tor_row.addWidget(self.proxy_edit)
        tor_row.addStretch(1)
        grid.addLayout(tor_row, 2, 0, 1, 3)
        grid.addWidget(self.tor_hint, 3, 0, 1, 3)
        grid.addWidget(self.auto_check, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.queue_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(dest)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.message_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.contact_combo.currentIndexChanged.connect(self._on_contact_combo_changed)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.contacts_button.clicked.connect(self.contacts_requested.emit)
        self.tor_check.toggled.connect(self._on_route_edited)
        self.auto_check.toggled.connect(self._on_route_edited)
        self.proxy_edit.editingFinished.connect(self._on_proxy_edit_finished)
        self.queue_button.clicked.connect(self._on_queue_button_clicked)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.stop_button.clicked.connect(self.cancel_requested.emit)
        self.close_button.clicked.connect(self.accept)

    # --- state in --------------------------------------------------------------------------------
    def set_state(self, contacts: list[Contact], entries: list[OutboxEntry]) -> None:
        """Every destination (the combo keeps its choice) and every outbox entry."""
        chosen = self.chosen_name()
        self._contacts = list(contacts)
        with QtCore.QSignalBlocker(self.contact_combo):
            self.contact_combo.clear()
            for c in self._contacts:
                self.contact_combo.addItem(safe_text(c.name, max_len=80), c.name)
            index = self.contact_combo.findData(chosen) if chosen else -1
            self.contact_combo.setCurrentIndex(max(0, index) if self._contacts else -1)
        vias = {c.name: c.via for c in self._contacts}
        picked = self.chosen_entry()  # kept across the reads made while the sender reports
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            cells = (safe_text(e.contact, max_len=80),
                     ltr_isolate(one_line(Path(e.path).name, 120)), size_text(e.size),
                     status_sentence(e), recorded_route(e.route),
                     problem_sentence(e, vias.get(e.contact)))
            for col, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setToolTip(ltr_isolate(one_line(e.path, 500)) if col == 1 else text)
                item.setData(QtCore.Qt.ItemDataRole.UserRole, int(e.id))
                self.table.setItem(row, col, item)
        self.table.setVisible(bool(entries))
        self.empty_label.setVisible(not entries)
        row = next((i for i, e in enumerate(entries) if e.id == picked), -1)
        if row >= 0:  # setCurrentCell: selectRow selects nothing in a right-to-left table
            self.table.setCurrentCell(row, 0)
        self._on_table_selection_changed()
        self._on_contact_combo_changed()

    def chosen(self) -> Contact | None:
        name = self.chosen_name()
        return next((c for c in self._contacts if c.name == name), None)

    def chosen_entry(self) -> int | None:
        """The id of the selected outbox entry."""
        items = self.table.selectedItems()
        return int(items[0].data(QtCore.Qt.ItemDataRole.UserRole)) if items else None

    def chosen_name(self) -> str | None:
        data = self.contact_combo.currentData()
        return str(data) if data is not None else None

    def status_of(self, entry_id: int) -> str:
        """The shown state of an outbox entry (tests read it as the person does)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 3)
            if item is not None and item.data(QtCore.Qt.ItemDataRole.UserRole) == entry_id:
                return item.text()
        return ""

    def show_sending(self, sending: bool) -> None:
        self._sending = sending
        self.stop_button.setVisible(sending)
        if sending:
            self.error_label.hide()
            self.message_label.hide()
            self.progress.setRange(0, 0)
            self.progress.show()
        else:
            self.progress.hide()
        self._on_contact_combo_changed()

    def show_progress(self, done: int, total: int | None) -> None:
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(min(1000, done * 1000 // max(1, total)))

    def show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    @QtCore.Slot()
    def _on_table_selection_changed(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        item = self.table.item(min(rows), 5) if rows else None
        text = item.text() if item is not None else ""
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    # --- intent out ------------------------------------------------------------------------------
    @QtCore.Slot()
    def _on_contact_combo_changed(self, *_args: object) -> None:
        c = self.chosen()
        for w in (self.tor_check, self.proxy_edit, self.auto_check, self.queue_button):
            w.setEnabled(c is not None and not self._sending)
        self.send_button.setEnabled(c is not None and not self._sending)
        if c is None:
            self.route_label.setText(_("Add a destination from the organisation's contact card "
                                       "first."))
            return
        with QtCore.QSignalBlocker(self.tor_check), QtCore.QSignalBlocker(self.auto_check):
            self.tor_check.setChecked(bool(c.via))
            self.auto_check.setChecked(c.auto_send)
        if c.via:
            self.proxy_edit.setText(proxy_host(c.via))
        self.proxy_edit.setEnabled(self.tor_check.isEnabled() and self.tor_check.isChecked())
        self.route_label.setText(route_sentence(c.via, c.onion_url))

    def _via(self) -> str | None:
        """The proxy asked for (None: direct); shows the refusal and returns "" when it is not
        a proxy address."""
        if not self.tor_check.isChecked():
            return None
        text = self.proxy_edit.text().strip() or DEFAULT_TOR
        via = text if "://" in text else f"socks5://{text}"
        try:
            return str(parse_via(via).proxy)
        except AppError as err:
            self.show_error(describe(err, current(), isolate=True))
            return ""

    @QtCore.Slot()
    def _on_route_edited(self, *_args: Any) -> None:
        c = self.chosen()
        self.proxy_edit.setEnabled(self.tor_check.isEnabled() and self.tor_check.isChecked())
        if c is None:
            return
        via = self._via()
        if via == "":
            return
        if (via or None) == (c.via or None) and self.auto_check.isChecked() == c.auto_send:
            return
        self.show_error("")
        self.route_requested.emit(c.id, self.auto_check.isChecked(), via or "")

    @QtCore.Slot()
    def _on_proxy_edit_finished(self) -> None:
        if self.tor_check.isChecked():
            self._on_route_edited()

    @QtCore.Slot()
    def _on_queue_button_clicked(self) -> None:
        name = self.chosen_name()
        if name:
            self.queue_requested.emit(name)

    @QtCore.Slot()
    def _on_send_button_clicked(self) -> None:
        name = self.chosen_name()
        if name:
            self.send_requested.emit(name)
