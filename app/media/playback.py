# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Play a recording from memory: frames decoded by PyAV, sound through FFmpeg's ALSA output.

:func:`play` reads the clean copy through a seekable file object (``app.vault.blobfile``: chunks
decrypted as FFmpeg asks for them, never a file on disk), starts at ``start_s`` (the keyframe
before it, frames before ``start_s`` decoded but not shown) and paces itself on a monotonic clock.
Each picture is scaled down to at most :data:`MAX_W` × :data:`MAX_H`, turned for display
(the rotation the copy keeps) and handed to ``emit`` as a :class:`Frame`; ``in_flight`` bounds how
many frames may wait to be painted (the decoder blocks, it never queues more), so memory stays flat.
A frame that is late is dropped rather than shown late. Sound is resampled to 48 kHz stereo and
written to :class:`AudioOut` (libavdevice's ALSA output, shipped inside PyAV's wheel: no added
dependency); when no sound device opens, the picture plays without it and :class:`Opened` says so.
Stopping (pause, seek, another item, a lock) is the cancel token: :func:`play` then returns the
position it reached. Nothing here touches Qt; the interface turns frames into pictures.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import av
import numpy as np

from app.errors import AppError, Cancelled
from app.media.types import DEFAULT_LIMITS, Limits
from app.tasks import CancelToken

log = logging.getLogger(__name__)

MAX_W, MAX_H = 960, 540  # the largest picture handed to the interface
LATE_S = 0.25  # a frame later than this is dropped
AUDIO_LEAD_S = 0.2  # sound-only: how far ahead of the clock decoding may run
TICK_S = 0.1  # how often the position is reported when no picture is shown
AUDIO_RATE = 48_000


@dataclass(frozen=True)
class Opened:
    """First message of a playback. ``audio``: ``playing``, ``none`` (the recording has no
    sound), ``unavailable`` (no sound device could be opened) or ``off`` (not asked for)."""

    duration_s: float | None
    has_video: bool
    audio: str


@dataclass(frozen=True)
class Frame:
    """One picture, packed RGB24 rows (``width * 3`` bytes each), shown at ``at_s``."""

    at_s: float
    width: int
    height: int
    rgb: bytes


@dataclass(frozen=True)
class Tick:
    """The position while no picture comes (sound only)."""

    at_s: float


@dataclass(frozen=True)
class Ended:
    at_s: float
    reached_end: bool


Emit = Callable[[Opened | Frame | Tick], None]


def _alsa_env() -> None:
    """PyAV's bundled libasound looks for its configuration where it was built; point it at the
    system's (Debian: package libasound2-data) unless the user set these already."""
    for var, path in (("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf"),
                      ("ALSA_CONFIG_DIR", "/usr/share/alsa"),
                      ("ALSA_PLUGIN_DIR", "/usr/lib/x86_64-linux-gnu/alsa-lib")):
        if var not in os.environ and Path(path).exists():
            os.environ[var] = path


class AudioOut:
    """A sound device (ALSA through libavdevice). Writing blocks while the device's buffer is full,
    which is what paces sound. Raises ``OSError``/``av.FFmpegError`` when the device cannot be
    opened; :func:`open_audio` turns that into None."""

    def __init__(self, device: str = "default") -> None:
        _alsa_env()
        self._out: Any = av.open(device, mode="w", format="alsa")
        try:
            self._stream: Any = self._out.add_stream("pcm_s16le", rate=AUDIO_RATE,
                                                     layout="stereo")
            self._resampler = av.AudioResampler(format="s16", layout="stereo", rate=AUDIO_RATE)
            silence = av.AudioFrame.from_ndarray(np.zeros((1, 2 * 480), dtype=np.int16),
                                                 format="s16", layout="stereo")
            silence.sample_rate = AUDIO_RATE
            self._mux(silence)  # opens the device now (the header), not at the first sound
        except BaseException:
            self._out.close()
            raise

    def _mux(self, frame: av.AudioFrame) -> None:
        frame.pts = None
        for packet in self._stream.encode(frame):
            self._out.mux(packet)

    def write(self, frame: av.AudioFrame) -> None:
        for out in self._resampler.resample(frame):
            self._mux(out)

    def close(self) -> None:
        try:
            self._out.close()
        except (OSError, av.FFmpegError):
            log.debug("closing the sound device failed", exc_info=True)


def open_audio(device: str | None) -> AudioOut | None:
    """The sound device ``device`` (``default``; ``null`` discards), or None when it cannot be
    opened (no sound card, no configuration) or ``device`` is None."""
    if not device:
        return None
    try:
        return AudioOut(device)
    except (OSError, av.FFmpegError) as exc:
        log.info("no sound device: %s", type(exc).__name__)
        return None


def _fit(width: int, height: int, rotation: int, box: tuple[int, int]) -> tuple[int, int]:
    """The decoded size that, once turned by ``rotation``, fits ``box`` (even numbers)."""
    bw, bh = (box[1], box[0]) if rotation in (90, 270) else box
    scale = min(1.0, bw / max(1, width), bh / max(1, height))
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


def to_frame(frame: av.VideoFrame, at_s: float, box: tuple[int, int] = (MAX_W, MAX_H)) -> Frame:
    """``frame`` scaled to fit ``box`` and turned for display, as packed RGB24."""
    rotation = int(round(getattr(frame, "rotation", 0) or 0)) % 360
    w, h = _fit(frame.width, frame.height, rotation, box)
    pixels: Any = frame.reformat(width=w, height=h, format="rgb24").to_ndarray()
    if rotation in (90, 180, 270):
        pixels = np.rot90(pixels, k=rotation // 90)
    pixels = np.ascontiguousarray(pixels)
    return Frame(at_s, int(pixels.shape[1]), int(pixels.shape[0]), pixels.tobytes())


class _Clock:
    """Wall time of the recording's time ``t``, started at the first frame kept."""

    def __init__(self, start_s: float, cancel: CancelToken) -> None:
        self.start_s = start_s
        self.cancel = cancel
        self.wall0: float | None = None

    def delay(self, t: float) -> float:
        if self.wall0 is None:
            self.wall0 = time.monotonic()
        return self.wall0 + (t - self.start_s) - time.monotonic()

    def wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.cancel.raise_if_cancelled()
            time.sleep(min(0.02, left))
        self.cancel.raise_if_cancelled()


def _acquire(gate: threading.Semaphore | None, cancel: CancelToken) -> None:
    """Wait until the interface has painted enough frames (bounded: it checks cancel)."""
    if gate is None:
        return
    while not gate.acquire(timeout=0.05):
        cancel.raise_if_cancelled()


def play(source: BinaryIO | bytes, media_type: str, emit: Emit, *, start_s: float = 0.0,
         cancel: CancelToken | None = None, audio_device: str | None = "default",
         in_flight: threading.Semaphore | None = None, max_frames: int | None = None,
         limits: Limits = DEFAULT_LIMITS) -> Ended:
    """Play ``source`` (a clean copy) from ``start_s`` until its end or ``cancel``;
    ``max_frames=1`` shows the picture at ``start_s`` only, at once and silently (a seek while
    paused).

    Raises:
        InputRejected: ``import.av_unreadable`` and the limits of
            :func:`app.media.avmedia.open_recording`.
    """
    from app.media.avmedia import kept_streams, open_recording

    cancel = cancel or CancelToken()
    container = open_recording(source, media_type, limits)
    out: AudioOut | None = None
    position = max(0.0, start_s)
    try:
        streams = kept_streams(container)
        video = next((s for s in streams if s.type == "video"), None)
        audio = next((s for s in streams if s.type == "audio"), None)
        if video is not None:
            cc: Any = video.codec_context
            if cc.width * cc.height > limits.max_pixels:
                video = None  # the bound pictures have, before any frame is decoded
        status = "none" if audio is None else "off" if not audio_device else "playing"
        if max_frames is not None:
            audio, audio_device = None, None
        if audio is not None and audio_device:
            out = open_audio(audio_device)
            status = "playing" if out is not None else "unavailable"
        duration = container.duration / 1_000_000 if container.duration else None
        emit(Opened(duration, video is not None, status))
        if start_s > 0:
            container.seek(int(start_s * 1_000_000), backward=True, any_frame=False)
        chosen = [s for s in (video, audio) if s is not None]
        if not chosen:
            return Ended(position, True)
        position, done = _run(container, chosen, video, out, emit, start_s=start_s,
                              cancel=cancel, in_flight=in_flight, limits=limits,
                              max_frames=max_frames)
        return Ended(position, done)
    except Cancelled:
        return Ended(position, False)
    except av.FFmpegError as exc:
        raise AppError("play.failed", reason=type(exc).__name__) from exc
    finally:
        if out is not None:
            out.close()
        container.close()


def _run(container: Any, chosen: list[Any], video: Any, out: AudioOut | None, emit: Emit, *,
         start_s: float, cancel: CancelToken, in_flight: threading.Semaphore | None,
         limits: Limits, max_frames: int | None) -> tuple[float, bool]:
    """Demux and show; (the position reached, whether the end was reached)."""
    clock = _Clock(start_s, cancel)
    shown = 0
    position = start_s
    last_report = -1.0
    for count, packet in enumerate(container.demux(chosen)):
        cancel.raise_if_cancelled()
        if count > limits.av.max_packets:
            break
        for frame in packet.decode():
            t = frame.time
            if t is None or t < start_s - 0.001:
                continue  # between the keyframe and the moment asked for
            if isinstance(frame, av.VideoFrame):
                delay = 0.0 if max_frames is not None else clock.delay(t)
                if delay < -LATE_S and t - last_report < 1.0:
                    continue  # late: drop it (but show one a second at least)
                clock.wait(delay)
                picture = to_frame(frame, t)
                _acquire(in_flight, cancel)
                emit(picture)
                position = last_report = t
                shown += 1
                if max_frames is not None and shown >= max_frames:
                    return position, False
            elif isinstance(frame, av.AudioFrame):
                if video is None:
                    clock.wait(clock.delay(t) - AUDIO_LEAD_S)
                if out is not None:
                    out.write(frame)
                if video is None:
                    position = t
                    if t - last_report >= TICK_S:
                        emit(Tick(t))
                        last_report = t
    return position, True


def filmstrip(source: BinaryIO | bytes, media_type: str, count: int = 8,
              limits: Limits = DEFAULT_LIMITS,
              cancel: CancelToken | None = None) -> list[Frame]:
    """Up to ``count`` keyframes spread over the video, small (:data:`STRIP_H` px high): only
    keyframes are decoded (the decoder skips every other frame), one seek per picture."""
    from app.media.avmedia import kept_streams, open_recording

    container = open_recording(source, media_type, limits)
    try:
        video = next((s for s in kept_streams(container) if s.type == "video"), None)
        if video is None or not container.duration:
            return []
        cc: Any = video.codec_context
        if cc.width * cc.height > limits.max_pixels:
            return []
        cc.skip_frame = "NONKEY"
        duration = container.duration / 1_000_000
        out: list[Frame] = []
        for i in range(count):
            if cancel is not None:
                cancel.raise_if_cancelled()
            want = duration * i / count
            container.seek(int(want * 1_000_000), backward=True, any_frame=False)
            picture = _first_keyframe(container, video)
            if picture is not None and (not out or picture[0] > out[-1].at_s):
                out.append(to_frame(picture[1], picture[0], (STRIP_H * 4, STRIP_H)))
        return out
    except av.FFmpegError:
        log.debug("filmstrip failed", exc_info=True)
        return []
    finally:
        container.close()


STRIP_H = 54


def _first_keyframe(container: Any, video: Any) -> tuple[float, av.VideoFrame] | None:
    for seen, packet in enumerate(container.demux(video)):
        if seen > 600:
            return None
        for frame in packet.decode():
            if isinstance(frame, av.VideoFrame) and frame.time is not None:
                return float(frame.time), frame
    return None
