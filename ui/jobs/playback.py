# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Jobs of the player: play a clean copy from the vault, its filmstrip, its marked moments.

The recording is read through :func:`app.vault.blobfile.open_blob` (chunks decrypted on demand,
nothing on disk) and decoded by :mod:`app.media.playback` in this worker thread; pictures become
``QImage`` here (thread-safe), so the GUI thread only paints them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6 import QtGui

from app.cases.moments import Moment, add_moment, delete_moment, list_moments, parse_time
from app.errors import AppError
from app.media import playback
from app.tasks import CancelToken
from app.vault import Vault
from app.vault.blobfile import open_blob


@dataclass(frozen=True)
class Picture:
    """A decoded picture for the interface, shown at ``at_s``."""

    at_s: float
    image: QtGui.QImage


def qimage(frame: playback.Frame) -> QtGui.QImage:
    image = QtGui.QImage(frame.rgb, frame.width, frame.height, frame.width * 3,
                         QtGui.QImage.Format.Format_RGB888)
    return image.copy()  # owns its pixels once ``frame.rgb`` is gone


def _clean_copy(vault: Vault, item_id: int) -> tuple[Any, str]:
    source = open_blob(vault.conn, item_id, "sanitized")
    rows = vault.read("SELECT sanitized_media_type, media_type FROM items WHERE id = ?",
                      (item_id,))
    if not rows:
        raise AppError("item.not_found", item=item_id)
    return source, str(source.media_type or rows[0][0] or rows[0][1])


def play_item(vault: Vault, item_id: int, start_s: float, gate: threading.Semaphore | None,
              audio_device: str | None = "default", max_frames: int | None = None, *,
              progress: Callable[[Any], None], cancel: CancelToken) -> playback.Ended:
    """Play the item's clean copy from ``start_s``; ``progress`` gets ``Opened``, ``Picture``
    and ``Tick`` objects. ``gate`` bounds the pictures not yet painted."""
    source, media_type = _clean_copy(vault, item_id)

    def emit(message: playback.Opened | playback.Frame | playback.Tick) -> None:
        if isinstance(message, playback.Frame):
            progress(Picture(message.at_s, qimage(message)))
        else:
            progress(message)

    return playback.play(source, media_type, emit, start_s=start_s, cancel=cancel,
                         audio_device=audio_device, in_flight=gate, max_frames=max_frames)


def load_filmstrip(vault: Vault, item_id: int) -> list[Picture]:
    """A few keyframes of the item's clean copy, small, decoded in memory."""
    source, media_type = _clean_copy(vault, item_id)
    return [Picture(f.at_s, qimage(f)) for f in playback.filmstrip(source, media_type)]


def mark_moment(vault: Vault, item_id: int, at_ms: int, label: str,
                end: str = "") -> list[Moment]:
    """"Mark this moment…": :func:`app.cases.moments.add_moment` (to ``end``, a time code she
    typed, when given); the item's moments after."""
    add_moment(vault, item_id, at_ms, label,
               end_ms=parse_time(end) if end.strip() else None)
    return list_moments(vault, item_id)


def remove_moment(vault: Vault, item_id: int, moment_id: int) -> list[Moment]:
    delete_moment(vault, moment_id)
    return list_moments(vault, item_id)
