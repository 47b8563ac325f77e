# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Playing a recording in the detail panel, its filmstrip, and its marked moments.

One playback at a time: play, a seek while playing and another item each cancel the running job
(``ui.jobs.playback.play_item``) and, if needed, start a new one at the new position; a seek while
paused decodes one picture. Pictures cross from the worker with a semaphore of
:data:`IN_FLIGHT` permits that the GUI gives back once each is painted, so at most that many
decoded frames exist at once. A lock cancels the job through the controller, and nothing of an
older session reaches the window (``AppController.run``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore

from app.media.playback import Ended, Opened, Tick
from ui.flows.base import Flow
from ui.jobs import playback
from ui.jobs.evidence import ItemDetail

if TYPE_CHECKING:
    from ui.controller import AppController
    from ui.workers import Task

IN_FLIGHT = 3


class PlaybackFlow(Flow):
    """Emits:
        picture_shown(float): a picture of the playing item was painted (its time).
        playback_ended(object): the ``Ended`` of a playback (position, end reached or stopped).
        playback_failed(str): a translated sentence.
        moments_changed(int, object): the item id and its ``Moment`` list after a change.
        moment_failed(str): a translated sentence.
        filmstrip_loaded(int, object): the item id and its keyframe ``Picture`` list.
    """

    picture_shown = QtCore.Signal(float)
    playback_ended = QtCore.Signal(object)
    playback_failed = QtCore.Signal(str)
    moments_changed = QtCore.Signal(int, object)
    moment_failed = QtCore.Signal(str)
    filmstrip_loaded = QtCore.Signal(int, object)

    def __init__(self, controller: AppController, parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.audio_device: str | None = "default"  # "null" in tests: sound decoded, discarded
        self._task: Task | None = None
        self._gate: threading.Semaphore | None = None
        self._item = 0
        self._playing = False

    @property
    def playing(self) -> bool:
        return self._playing

    # --- play, pause, seek ---------------------------------------------------------------------
    @QtCore.Slot(int, float)
    def play(self, item_id: int, start_s: float, *, max_frames: int | None = None) -> None:
        self.stop()
        gate = threading.Semaphore(IN_FLIGHT)
        self._gate, self._item = gate, item_id
        self._task = self.controller.run(
            playback.play_item, item_id, float(start_s), gate, self.audio_device, max_frames,
            ok=lambda end: self._on_ended(gate, end),
            fail=lambda exc: self._on_failed(gate, exc),
            progress=lambda message: self._on_progress(gate, message), cancellable=True)
        self._playing = self._task is not None and max_frames is None
        if self.window is not None:
            self.window.set_player_playing(self._playing)

    @QtCore.Slot()
    def pause(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._task, self._gate, self._playing = None, None, False
        if self.window is not None:
            self.window.set_player_playing(False)

    @QtCore.Slot(int, float)
    def seek(self, item_id: int, at_s: float) -> None:
        if self.window is not None:
            self.window.set_player_position(at_s)
        if self._playing and item_id == self._item:
            self.play(item_id, at_s)
        else:
            self.play(item_id, at_s, max_frames=1)

    def _current(self, gate: threading.Semaphore) -> bool:
        return gate is self._gate and self.window is not None \
            and self.window.player_item() == self._item

    def _on_progress(self, gate: threading.Semaphore, message: Any) -> None:
        if isinstance(message, playback.Picture):
            try:
                if self._current(gate) and self.window is not None:
                    self.window.show_player_picture(message.image)
                    self.window.set_player_position(message.at_s)
                    self.picture_shown.emit(message.at_s)
            finally:
                gate.release()  # painted (or dropped): the decoder may make the next one
            return
        if not self._current(gate) or self.window is None:
            return
        if isinstance(message, Opened):
            self.window.set_player_audio(message.audio)
        elif isinstance(message, Tick):
            self.window.set_player_position(message.at_s)

    def _on_ended(self, gate: threading.Semaphore, end: Ended) -> None:
        if gate is self._gate:
            self._task, self._gate, self._playing = None, None, False
            if self.window is not None:
                self.window.set_player_playing(False)
        self.playback_ended.emit(end)

    def _on_failed(self, gate: threading.Semaphore, exc: BaseException) -> None:
        if gate is not self._gate:
            return
        self._task, self._gate, self._playing = None, None, False
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.set_player_playing(False)
            self.window.show_status(message, 10000)
        self.playback_failed.emit(message)

    # --- the item shown changed ----------------------------------------------------------------
    @QtCore.Slot(object)
    def on_detail_loaded(self, detail: ItemDetail) -> None:
        """Another item: stop; a video: load its filmstrip."""
        if detail.item_id != self._item:
            self.stop()
        self._item = detail.item_id
        if detail.playable and detail.record.get("kind") == "video":
            item_id = detail.item_id
            self.controller.run(playback.load_filmstrip, item_id,
                                ok=lambda pictures: self._on_filmstrip(item_id, pictures))

    def _on_filmstrip(self, item_id: int, pictures: list[Any]) -> None:
        if self.window is not None and self.window.player_item() == item_id:
            self.window.set_player_filmstrip(pictures)
        self.filmstrip_loaded.emit(item_id, pictures)

    # --- marked moments ------------------------------------------------------------------------
    @QtCore.Slot(int, int, str, str)
    def mark(self, item_id: int, at_ms: int, label: str, end: str = "") -> None:
        """Mark ``at_ms`` with ``label``; ``end``: where the passage ends ("02:40"), or ""."""
        self.controller.run(playback.mark_moment, item_id, int(at_ms), str(label), str(end),
                            ok=lambda moments: self._on_moments(item_id, moments),
                            fail=self._on_moment_failed)

    @QtCore.Slot(int, int)
    def delete_moment(self, item_id: int, moment_id: int) -> None:
        self.controller.run(playback.remove_moment, item_id, int(moment_id),
                            ok=lambda moments: self._on_moments(item_id, moments),
                            fail=self._on_moment_failed)

    def _on_moments(self, item_id: int, moments: list[Any]) -> None:
        if self.window is not None and self.window.player_item() == item_id:
            self.window.set_player_moments(moments)
        self.moments_changed.emit(item_id, moments)

    def _on_moment_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.show_moment_message(message)
        self.moment_failed.emit(message)

    def close(self) -> None:
        self.stop()
        self._item = 0
        super().close()
