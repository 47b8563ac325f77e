# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Images for item pages: the sanitised copy scaled to fit, or a placeholder.

The report is not the evidence (its hashes point to the vault copies), so images are prepared for
speed and readability, in memory only:

* JPEG in RGB or greyscale, no EXIF rotation, at most ~3× the pixels needed: the bytes are passed
  through unchanged (reportlab embeds them as DCTDecode).
* Anything else (PNG screenshots, big or rotated JPEGs, WebP …): decoded by Pillow, turned upright,
  reduced to fit the frame at ``DPI`` and re-encoded as JPEG (quality 85) — for a 1080×2400 PNG
  screenshot this is several times faster and smaller than a lossless embed, and text stays legible.
* Redacted items (``graphic`` / ``intimate`` with ``redact_sensitive``) and items with no clean
  copy get a framed placeholder: no pixel of the image reaches the PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps
from reportlab.platypus import Flowable
from reportlab.platypus import Image as RLImage

DPI = 150
MAX_SOURCE_PIXELS = 60_000_000  # refuse decompression bombs before decoding
_PASS_MODES = {"RGB", "L"}


@dataclass(frozen=True)
class Prepared:
    """JPEG bytes ready for reportlab, with the size to draw in points."""

    data: bytes
    width: float
    height: float
    passed_through: bool


def fit(px_w: int, px_h: int, box_w: float, box_h: float) -> tuple[float, float]:
    """Largest size in points with the image's aspect ratio inside ``box_w`` × ``box_h``."""
    scale = min(box_w / px_w, box_h / px_h)
    return px_w * scale, px_h * scale


def prepare(data: bytes, box_w: float, box_h: float) -> Prepared:
    """Make ``data`` (an image file) ready to draw in a box of ``box_w`` × ``box_h`` points.

    Raises ``ValueError`` when the bytes are not a decodable image or are absurdly large.
    """
    try:
        with Image.open(io.BytesIO(data)) as im:
            px_w, px_h = im.size
            if px_w <= 0 or px_h <= 0 or px_w * px_h > MAX_SOURCE_PIXELS:
                raise ValueError("image dimensions out of range")
            w_pt, h_pt = fit(px_w, px_h, box_w, box_h)
            need_w, need_h = max(1, round(w_pt * DPI / 72)), max(1, round(h_pt * DPI / 72))
            orientation = im.getexif().get(0x0112, 1)
            if (im.format == "JPEG" and im.mode in _PASS_MODES and orientation in (1, None)
                    and px_w * px_h <= 9 * need_w * need_h):
                return Prepared(data, w_pt, h_pt, True)
            if im.format == "JPEG":
                im.draft("RGB", (need_w, need_h))  # DCT scaling: decode at 1/2, 1/4, 1/8
            im.load()
            upright = ImageOps.exif_transpose(im)
            if orientation in (5, 6, 7, 8):
                px_w, px_h = upright.size
                w_pt, h_pt = fit(px_w, px_h, box_w, box_h)
                need_w, need_h = max(1, round(w_pt * DPI / 72)), max(1, round(h_pt * DPI / 72))
            rgb = _to_rgb(upright)
            if rgb.size[0] > need_w or rgb.size[1] > need_h:
                rgb = rgb.resize((need_w, need_h), Image.Resampling.BILINEAR,
                                 reducing_gap=2.0)
            buf = io.BytesIO()
            rgb.save(buf, "JPEG", quality=85)
            return Prepared(buf.getvalue(), w_pt, h_pt, False)
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"undecodable image: {type(exc).__name__}") from exc


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        base = Image.new("RGB", rgba.size, (255, 255, 255))
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return im.convert("RGB")


def image_flowable(prepared: Prepared) -> Flowable:
    flow = RLImage(io.BytesIO(prepared.data), width=prepared.width, height=prepared.height)
    flow.hAlign = "CENTER"
    return flow
