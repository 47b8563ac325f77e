# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Previews of a recording for the interface and reports: a poster frame and a waveform.

Both decode untrusted data (run them in a worker) with bounded work: the poster decodes at most
``POSTER_MAX_PACKETS`` packets of the first video stream, and none when a frame would be larger
than ``limits.max_pixels``; the waveform decodes the first audio
stream only when it is no longer than ``limits.av.waveform_max_s`` and keeps one peak per decoded
frame, never the samples. A preview that fails is None — it never fails an import.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

import av
import numpy as np

from app.media.pixels import thumbnail
from app.media.types import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)

POSTER_MAX_PACKETS = 600
WAVEFORM_POINTS = 200
#: Display rotation (counter-clockwise degrees, FFmpeg's display matrix) -> EXIF orientation.
_ORIENTATION = {90: 8, 180: 3, 270: 6}


@dataclass(frozen=True)
class Poster:
    image: bytes | None
    media_type: str | None
    rotation: int
    width: int
    height: int


def poster(data: bytes | memoryview | io.RawIOBase, media_type: str,
           limits: Limits = DEFAULT_LIMITS, *, image: bool = True) -> Poster | None:
    """The first decodable frame of the first video stream, rotated for display, as a JPEG of at
    most 320 px (``image=False``: only its rotation and size)."""
    from app.media.avmedia import kept_streams, open_recording

    try:
        container = open_recording(data, media_type, limits)
    except Exception:
        return None
    try:
        video = [s for s in kept_streams(container) if s.type == "video"]
        if not video:
            return None
        stream = video[0]
        cc: Any = stream.codec_context
        if cc.width * cc.height > limits.max_pixels:
            return None  # the same bound as for pictures, before any frame is decoded
        for seen, packet in enumerate(container.demux(stream)):
            if seen >= POSTER_MAX_PACKETS:
                return None
            for frame in packet.decode():
                if not isinstance(frame, av.VideoFrame):
                    continue
                rotation = int(round(frame.rotation)) % 360
                if not image:
                    return Poster(None, None, rotation, frame.width, frame.height)
                pic = frame.to_image()
                jpeg, kind = thumbnail(pic, _ORIENTATION.get(rotation))
                return Poster(jpeg, kind, rotation, frame.width, frame.height)
    except Exception:
        log.debug("poster failed", exc_info=True)
    finally:
        container.close()
    return None


def waveform(data: bytes | memoryview | io.RawIOBase, media_type: str,
             limits: Limits = DEFAULT_LIMITS,
             points: int = WAVEFORM_POINTS) -> list[float] | None:
    """``points`` peak amplitudes (0..1) of the first audio stream, evenly spread over time."""
    from app.media.avmedia import kept_streams, open_recording

    try:
        container = open_recording(data, media_type, limits)
    except Exception:
        return None
    try:
        audio = [s for s in kept_streams(container) if s.type == "audio"]
        if not audio:
            return None
        duration = container.duration
        if duration is not None and duration / 1_000_000 > limits.av.waveform_max_s:
            return None
        peaks: list[float] = []
        for frame in container.decode(audio[0]):
            if not isinstance(frame, av.AudioFrame):
                continue
            samples = frame.to_ndarray()
            peaks.append(_peak(samples, frame.format.name))
            if len(peaks) > 50_000_000:
                return None
    except Exception:
        log.debug("waveform failed", exc_info=True)
        return None
    finally:
        container.close()
    if not peaks:
        return None
    buckets = np.array_split(np.asarray(peaks, dtype=np.float64), min(points, len(peaks)))
    return [round(float(b.max()), 4) for b in buckets]


_INT_BITS = {"u8": 8, "s16": 16, "s32": 32, "s64": 64}


def _peak(samples: np.ndarray, fmt: str) -> float:
    """The largest absolute sample of one frame, scaled to 0..1 whatever the sample format."""
    if samples.size == 0:
        return 0.0
    values = samples.astype(np.float64)
    base = fmt.removesuffix("p")
    if base == "u8":
        values = values - 128.0
    peak = float(np.abs(values).max())
    bits = _INT_BITS.get(base)
    if bits is not None:
        peak /= float(2 ** (bits - 1))
    return min(1.0, peak)
