# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The pictures inside a PDF or a video that the lens hashes (PDQ): the picture of each page, and
keyframes spread over a video.

A PDF page is not rendered (nothing the app ships renders PDF, see :mod:`app.media.pdfpages`): its
picture is the largest image embedded in it, at full size — what a scanned or photographed page
is, and what a picture re-shared as a PDF page is. Pages of text only have none. At most
:data:`MAX_PAGES` pages are read; an image above ``limits.max_pixels`` is skipped from its
dictionary, before it is decoded.

A video's keyframes are found the way the detail view's film strip finds them
(:func:`app.media.playback.filmstrip`): up to :data:`KEYFRAMES` evenly spaced seeks, only
keyframes decoded (the decoder skips every other frame), at most :data:`MAX_PACKETS` packets read
per seek, nothing decoded when a frame would be larger than ``limits.max_pixels``. Each keyframe
is turned upright (the display rotation a phone records) and reduced to at most :data:`MAX_SIDE`
px, which PDQ's own 64×64 reduction makes no difference to beyond a few bits.

Both read the clean copy (bytes, or a seekable file object over the vault blob), decode in
memory, yield one picture at a time (a long document never holds all its pages at once) and never
raise on damaged input: what could not be read is simply not yielded.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any, BinaryIO

from PIL import Image

from app.media.types import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)

MAX_PAGES = 200
KEYFRAMES = 16
MAX_PACKETS = 600
MAX_SIDE = 1024


def page_pictures(source: bytes | BinaryIO, limits: Limits = DEFAULT_LIMITS,
                  pages: int = MAX_PAGES) -> Iterator[tuple[int, Image.Image]]:
    """(page number from 1, the page's largest picture) for each of the first ``pages`` pages
    that has one."""
    import pikepdf
    from pikepdf import PdfImage

    try:
        pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except Exception:
        log.debug("document not opened", exc_info=True)
        return
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if number > pages:
                break
            try:
                best: tuple[int, Any] | None = None
                found = page.get_images() if hasattr(page, "get_images") else page.images
                for obj in dict(found).values():
                    w, h = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
                    if 0 < w * h <= limits.max_pixels and (best is None or w * h > best[0]):
                        best = (w * h, obj)
                if best is None:
                    continue
                picture = PdfImage(best[1]).as_pil_image()
                picture.load()
            except Exception:
                log.debug("page picture not decoded", exc_info=True)
                continue
            yield number, picture


def keyframes(source: bytes | BinaryIO, media_type: str, limits: Limits = DEFAULT_LIMITS,
              count: int = KEYFRAMES) -> Iterator[tuple[int, Image.Image]]:
    """(time in milliseconds, the keyframe upright) for up to ``count`` keyframes spread over the
    first video stream, in time order."""
    from app.media.avmedia import kept_streams, open_recording

    try:
        container = open_recording(source, media_type, limits)
    except Exception:
        log.debug("recording not opened", exc_info=True)
        return
    try:
        video = next((s for s in kept_streams(container) if s.type == "video"), None)
        if video is None:
            return
        cc: Any = video.codec_context
        if cc.width * cc.height > limits.max_pixels:
            return
        cc.skip_frame = "NONKEY"
        duration = container.duration / 1_000_000 if container.duration else 0.0
        last = -1
        for i in range(count if duration > 0 else 1):
            if i:
                container.seek(int(duration * i / count * 1_000_000), backward=True,
                               any_frame=False)
            found = _first_keyframe(container, video)
            if found is None:
                continue
            at_ms, frame = found
            if at_ms <= last:
                continue  # the seek landed on a keyframe already seen
            last = at_ms
            yield at_ms, _upright(frame)
    except Exception:
        log.debug("keyframes failed", exc_info=True)
    finally:
        container.close()


def _first_keyframe(container: Any, video: Any) -> tuple[int, Any] | None:
    for seen, packet in enumerate(container.demux(video)):
        if seen >= MAX_PACKETS:
            return None
        for frame in packet.decode():
            if frame.time is not None:
                return round(float(frame.time) * 1000), frame
    return None


def _upright(frame: Any) -> Image.Image:
    rotation = int(round(getattr(frame, "rotation", 0) or 0)) % 360  # before reformat drops it
    scale = min(1.0, MAX_SIDE / max(frame.width, frame.height))
    if scale < 1.0:
        frame = frame.reformat(width=max(1, round(frame.width * scale)),
                               height=max(1, round(frame.height * scale)))
    image: Image.Image = frame.to_image()
    if rotation:
        # FFmpeg's display matrix turns counter-clockwise, as Pillow's rotate does
        image = image.rotate(rotation, expand=True)
    return image
