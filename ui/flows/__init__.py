# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""One flow per user action (a small QObject that owns its dialog, runs its jobs through
:meth:`ui.controller.AppController.run` and answers with its own signals):

========================  =================================================================
``browse_flow``           the evidence list, search text and filter (their one owner),
                          sidebar, thumbnails, the detail of one item
``import_flow``           files, folders, drops and a pasted picture; the summary dialog
``export_flow``           the export wizard and its address book
``receive_flow``          the receive dialog, with the two steps of a first contact
``report_flow``           the PDF report dialog
``tagging_flow``          tags, categories and platform reports from the detail panel
``records_flow``          case and perpetrator editors, timeline, address book, saved filters
``passphrase_flow``       change the passphrase: routine, or rekey ("my passphrase may be known")
``playback_flow``         play a recording from memory, its filmstrip, its marked moments
``safety_flow``           the settings' Safety tab: wipe, decoy, backup, keys, receipts, quick
                          delete; what the vault tells after an unlock (issue 16)
``chat_flow``             the chat view of a chat export: search, jump to date, tag and
                          export selected messages; the exporter's offset after an import
``send_flow``             the outbox, destinations' contact cards, send now / when connected
``lens_flow``             the campaign lens: the OCR/PDQ queue in the background, the text
                          in a picture, find similar, reposts, accounts, escalation (issue 15)
========================  =================================================================

:class:`Flows` builds them once per controller; the shell attaches them to each session's main
window, wires the window's intents to their slots, and closes them all when the vault locks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore

from ui.flows.base import Flow
from ui.flows.browse_flow import BrowseFlow
from ui.flows.chat_flow import ChatFlow
from ui.flows.export_flow import ExportFlow
from ui.flows.import_flow import ImportFlow
from ui.flows.lens_flow import LensFlow
from ui.flows.passphrase_flow import PassphraseFlow
from ui.flows.playback_flow import PlaybackFlow
from ui.flows.receive_flow import ReceiveFlow
from ui.flows.records_flow import RecordsFlow
from ui.flows.report_flow import ReportFlow
from ui.flows.safety_flow import SafetyFlow
from ui.flows.send_flow import SendFlow
from ui.flows.tagging_flow import TaggingFlow

if TYPE_CHECKING:
    from ui.controller import AppController
    from ui.windows.main_window import MainWindow


class Flows(QtCore.QObject):
    """Every flow of the interface, over one controller."""

    def __init__(self, controller: AppController, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.browse = BrowseFlow(controller, self)
        self.imports = ImportFlow(controller, self.browse, self)
        self.export = ExportFlow(controller, self.browse, self)
        self.receive = ReceiveFlow(controller, self.browse, self)
        self.report = ReportFlow(controller, self.browse, self)
        self.tagging = TaggingFlow(controller, self.browse, self)
        self.records = RecordsFlow(controller, self.browse, self)
        self.passphrase = PassphraseFlow(controller, self)
        self.playback = PlaybackFlow(controller, self)
        self.browse.detail_loaded.connect(self.playback.on_detail_loaded)
        self.safety = SafetyFlow(controller, self.browse, self)
        self.chats = ChatFlow(controller, self.browse, self)
        self.imports.finished.connect(self.chats.on_import_finished)
        self.send = SendFlow(controller, self.browse, self)
        self.lens = LensFlow(controller, self.browse, self.tagging, self)
        # new pictures (imported or received): read and compare them in the background
        self.imports.finished.connect(lambda _summary: self.lens.kick())
        self.receive.finished.connect(lambda _result: self.lens.kick())
        self.browse.detail_loaded.connect(self.lens.on_detail_loaded)

    def all(self) -> tuple[Flow, ...]:
        return (self.browse, self.imports, self.export, self.receive, self.report, self.tagging,
                self.records, self.passphrase, self.playback, self.safety, self.chats, self.send,
                self.lens)

    def attach(self, window: MainWindow) -> None:
        for flow in self.all():
            flow.attach(window)

    def close(self) -> None:
        for flow in self.all():
            flow.close()


__all__ = ["BrowseFlow", "ChatFlow", "ExportFlow", "Flow", "Flows", "ImportFlow", "LensFlow",
           "PassphraseFlow", "PlaybackFlow", "ReceiveFlow", "RecordsFlow", "ReportFlow",
           "SafetyFlow", "SendFlow", "TaggingFlow"]
