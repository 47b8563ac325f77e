# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The campaign lens in the GUI (issue 15).

- **The queue in the background.** After every unlock (:meth:`LensFlow.start`) and every import
  (:meth:`LensFlow.kick`) one cancellable worker works through the vault's lens queue
  (``ui.jobs.lens.run_queue``: PDQ hashes, then OCR), never blocking the window; its progress is
  in the status bar with Pause/Resume. A lock cancels it like every task (it stops between two
  pictures; what is left stays queued in the vault) and the next unlock starts it again. Pause
  lasts for the session.
- **The item's text.** Each detail shown gets its recognised text and lens state in the detail
  panel's "Text in picture" tab; "Correct text…" stores her correction (custody
  ``item.ocr_correct``, in the core).
- **Find similar** (a dialog of near-duplicates with distances and pictures) and **the campaign
  dialog** (reposts, accounts, escalation); "Apply tags to all members" goes through
  :meth:`ui.flows.tagging_flow.TaggingFlow.tag_batch` (one transaction, one custody entry per
  item).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.errors import AppError, Cancelled
from ui.dialogs.campaign import CampaignDialog
from ui.dialogs.lens import ClusterTagsDialog, CorrectTextDialog, SimilarDialog
from ui.flows.base import Flow, alive
from ui.i18n import _, ngettext
from ui.jobs import lens

if TYPE_CHECKING:
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow
    from ui.flows.tagging_flow import TaggingFlow
    from ui.workers import Task


class LensFlow(Flow):
    """Emits:
        queue_progressed(int, int): tasks done and in all in this run of the queue.
        queue_finished(object): the ``LensState`` when a run ends (queue empty, paused).
        lens_shown(object): a ``ui.jobs.lens.LensView`` shown in the detail panel.
        text_corrected(object): the ``LensView`` after a correction was saved.
        similar_shown(object): the similar dialog, once its rows are in.
        campaign_shown(object): the campaign dialog, once its data is in.
        escalation_shown(object): an ``Escalation`` shown in the campaign dialog.
        cluster_tagged(object, int): the member ids and how many changed.
        failed(str): a translated sentence.
    """

    queue_progressed = QtCore.Signal(int, int)
    queue_finished = QtCore.Signal(object)
    lens_shown = QtCore.Signal(object)
    text_corrected = QtCore.Signal(object)
    similar_shown = QtCore.Signal(object)
    campaign_shown = QtCore.Signal(object)
    escalation_shown = QtCore.Signal(object)
    cluster_tagged = QtCore.Signal(object, int)
    failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, browse: BrowseFlow, tagging: TaggingFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse, self.tagging = browse, tagging
        self._task: Task | None = None
        self._again = False  # an import finished while the queue ran: run once more
        self._paused = False
        self._shown_item = 0
        self._shown_state = ""
        self.similar_dialog: SimilarDialog | None = None
        self.campaign_dialog: CampaignDialog | None = None
        self.correct_dialog: CorrectTextDialog | None = None
        self.tags_dialog: ClusterTagsDialog | None = None
        self._tagging_members: tuple[int, ...] | None = None
        tagging.batch_tagged.connect(self._on_tagging_batch_tagged)
        tagging.tag_failed.connect(self._on_tagging_tag_failed)

    @property
    def is_running(self) -> bool:
        return self._task is not None

    @property
    def paused(self) -> bool:
        return self._paused

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.similar_dialog, self.campaign_dialog, self.correct_dialog, self.tags_dialog)

    def close(self) -> None:
        """Locked: the controller already cancelled the queue's task; the session's state goes."""
        self._task, self._again, self._paused = None, False, False
        self._shown_item, self._shown_state = 0, ""
        self._tagging_members = None
        super().close()
        self.similar_dialog = self.campaign_dialog = None
        self.correct_dialog = self.tags_dialog = None

    # --- the queue -------------------------------------------------------------------------------
    def start(self) -> None:
        """A new session: resume the queue where the last one stopped."""
        self._paused = False
        if self.window is not None:
            self.window.set_lens_paused(False)
        self.kick()

    def kick(self) -> None:
        """Work through the queue now (after an import); once more if it is already running."""
        if self._paused or not self.controller.is_unlocked:
            return
        if self._task is not None:
            self._again = True
            return
        self._again = False
        self._task = self.controller.run(lens.run_queue, ok=self._on_queue_done,
                                         fail=self._on_queue_failed,
                                         progress=self._on_queue_progressed, cancellable=True)

    @QtCore.Slot(bool)
    def set_paused(self, paused: bool) -> None:
        """Pause: the worker stops after the picture in hand; Resume starts it again."""
        self._paused = paused
        if paused and self._task is not None:
            self._task.cancel()
        if self.window is not None:
            self.window.set_lens_paused(paused)
        if paused:
            self.controller.run(lens.queue_state, ok=self._on_paused_state)
        else:
            self.kick()

    @QtCore.Slot()
    def retry(self) -> None:
        """"Try again": the pictures that could not be read are queued again, then read."""
        self.controller.run(lens.retry_failed, ok=lambda _n: self._on_retried())

    def _on_retried(self) -> None:
        if self._shown_item:
            self.load_item(self._shown_item)
        self._paused = False
        if self.window is not None:
            self.window.set_lens_paused(False)
        self.kick()

    def _on_paused_state(self, st: Any) -> None:
        if self._paused and self.window is not None:
            self.window.set_lens_paused(True, st.queued)

    def _on_queue_progressed(self, progress: Any) -> None:
        total = int(progress.total or 0)
        if self.window is not None and not self._paused:
            self.window.show_lens_progress(progress.done, total)
        self.queue_progressed.emit(progress.done, total)
        if self._shown_item and self._shown_state in ("queued", "loading"):
            self.load_item(self._shown_item)  # its text may just have been read

    def _on_queue_done(self, st: Any) -> None:
        self._task = None
        if self.window is not None:
            if self._paused:
                self.window.set_lens_paused(True, st.queued)
            else:
                self.window.show_lens_progress(0, 0)
        if self._shown_item:
            self.load_item(self._shown_item)
        self.queue_finished.emit(st)
        if self._again and not self._paused:
            self.kick()

    def _on_queue_failed(self, exc: BaseException) -> None:
        self._task = None
        if isinstance(exc, Cancelled):
            return
        if self.window is not None:
            self.window.show_lens_progress(0, 0)
            self.window.show_status(self.controller.message_for(exc), 10000)
        self.failed.emit(self.controller.message_for(exc))

    # --- the item shown --------------------------------------------------------------------------
    @QtCore.Slot(object)
    def on_detail_loaded(self, detail: Any) -> None:
        self._shown_item = int(detail.item_id)
        self._shown_state = "loading"
        self.load_item(self._shown_item)

    def load_item(self, item_id: int) -> None:
        self.controller.run(lens.item_lens, item_id, ok=self._on_item_lens)

    def _on_item_lens(self, view: lens.LensView) -> None:
        if view.item_id != self._shown_item:
            return
        self._shown_state = view.ocr_state
        if self.window is not None:
            self.window.show_lens(view, self._error_text)
        self.lens_shown.emit(view)

    def _error_text(self, code: str) -> str:
        if "." in code and " " not in code:  # an error code of the core (lens.no_tessdata …)
            return self.controller.message_for(AppError(code, languages="ara+eng",
                                                        item=self._shown_item))
        return _("The text-recognition engine failed on it.")

    @QtCore.Slot(int, str)
    def correct(self, item_id: int, text: str) -> None:
        """"Correct text…": the dialog, prefilled with the text shown."""
        if self.window is None:
            return
        if (old := alive(self.correct_dialog)) is not None:
            old.close()
        dialog = CorrectTextDialog(item_id, text, self.window)
        dialog.text_accepted.connect(self.save_correction)
        self.correct_dialog = dialog
        dialog.open()

    @QtCore.Slot(int, str)
    def save_correction(self, item_id: int, text: str) -> None:
        self.controller.run(lens.correct_text, item_id, text, ok=self._on_corrected,
                            fail=self._on_failed)

    def _on_corrected(self, view: lens.LensView) -> None:
        self._on_item_lens(view)
        if self.window is not None:
            self.window.show_status(_("The corrected text is saved."), 8000)
        self.text_corrected.emit(view)

    def _on_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.show_status(message, 15000)
        for dialog in (alive(self.campaign_dialog), alive(self.similar_dialog)):
            if isinstance(dialog, CampaignDialog):
                dialog.show_message(message)
        self.failed.emit(message)

    # --- find similar ----------------------------------------------------------------------------
    @QtCore.Slot(int)
    def find_similar(self, item_id: int) -> None:
        if self.window is None:
            return
        if (old := alive(self.similar_dialog)) is not None:
            old.close()
        dialog = SimilarDialog(self.window)
        dialog.item_chosen.connect(self.show_item)
        dialog.tag_cluster_requested.connect(self.ask_cluster_tags)
        dialog.threshold_changed.connect(self.load_similar)
        self.similar_dialog = dialog
        dialog.open()
        self.load_similar(item_id, None)

    @QtCore.Slot(int, int)
    def load_similar(self, item_id: int, threshold: int | None) -> None:
        self.controller.run(lens.find_similar, item_id, threshold, ok=self._on_similar,
                            fail=self._on_failed)

    def _on_similar(self, view: lens.SimilarView) -> None:
        if (d := alive(self.similar_dialog)) is not None:
            d.show_similar(view)
            self.similar_shown.emit(d)

    @QtCore.Slot(int)
    def show_item(self, item_id: int) -> None:
        """Select ``item_id`` in the evidence list (all evidence shown when it is filtered out)."""
        if self.window is None:
            return
        if not self.window.select_item(item_id):
            self.browse.reselect(item_id)
            self.browse.load_items("", {})

    @QtCore.Slot(object)
    def show_members(self, members: tuple[int, ...]) -> None:
        """The evidence list filtered to a cluster's members, the first selected."""
        if self.window is None or not members:
            return
        self.browse.show_members(tuple(int(m) for m in members))

    # --- the campaign dialog ---------------------------------------------------------------------
    @QtCore.Slot(int)
    def show_campaign(self, tab: int = 0) -> None:
        if self.window is None:
            return
        dialog = alive(self.campaign_dialog)
        if dialog is None:
            dialog = CampaignDialog(self.window)
            dialog.tag_cluster_requested.connect(self.ask_cluster_tags)
            dialog.escalation_requested.connect(self.load_escalation)
            dialog.members_chosen.connect(self.show_members)
            self.campaign_dialog = dialog
        dialog.tabs.setCurrentIndex(tab)
        dialog.show()
        dialog.raise_()
        self.reload_campaign()

    def reload_campaign(self) -> None:
        self.controller.run(lens.load_campaign, ok=self._on_campaign, fail=self._on_failed)

    def _on_campaign(self, view: lens.CampaignView) -> None:
        if (d := alive(self.campaign_dialog)) is not None:
            d.show_campaign(view)
            self.campaign_shown.emit(d)

    @QtCore.Slot(object, object)
    def load_escalation(self, start: str | None, end: str | None) -> None:
        self.controller.run(lens.load_escalation, start, end, ok=self._on_escalation,
                            fail=self._on_failed)

    def _on_escalation(self, esc: Any) -> None:
        if (d := alive(self.campaign_dialog)) is not None:
            d.show_escalation(esc)
        self.escalation_shown.emit(esc)

    # --- tags for a whole cluster ----------------------------------------------------------------
    @QtCore.Slot(object)
    def ask_cluster_tags(self, members: tuple[int, ...]) -> None:
        parent = alive(self.campaign_dialog) or alive(self.similar_dialog) or self.window
        if parent is None:
            return
        if (old := alive(self.tags_dialog)) is not None:
            old.close()
        dialog = ClusterTagsDialog(tuple(members), list(self.browse.case_titles), parent)
        dialog.changes_accepted.connect(self.tag_cluster)
        self.tags_dialog = dialog
        dialog.open()

    @QtCore.Slot(object, object)
    def tag_cluster(self, members: tuple[int, ...], changes: dict[str, Any]) -> None:
        """The tagging flow's batch over every member (one custody entry per item changed)."""
        self._tagging_members = tuple(int(m) for m in members)
        self.tagging.tag_batch(list(self._tagging_members), dict(changes))

    @QtCore.Slot(object, int)
    def _on_tagging_batch_tagged(self, item_ids: list[int], changed: int) -> None:
        members = self._tagging_members
        if members is None or tuple(item_ids) != members:
            return
        self._tagging_members = None
        message = ngettext("Tags applied: {count} item changed.",
                           "Tags applied: {count} items changed.", changed).format(
            count=QtCore.QLocale().toString(changed))
        if (d := alive(self.campaign_dialog)) is not None:
            d.show_message(message)
        if self.window is not None:
            self.window.show_status(message, 8000)
        self.cluster_tagged.emit(members, changed)

    @QtCore.Slot(str)
    def _on_tagging_tag_failed(self, message: str) -> None:
        if self._tagging_members is None:
            return
        self._tagging_members = None
        if (d := alive(self.campaign_dialog)) is not None:
            d.show_message(message)
