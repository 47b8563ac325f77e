# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Images for item pages: the sanitised copy scaled to fit, or a placeholder.

The report is not the evidence (its hashes point to the vault copies), so images are prepared for
speed and readability, in memory only:

* JPEG in RGB or greyscale, no EXIF rotation, at most ~3× the pixels needed in each direction:
  the bytes are passed through unchanged (DCTDecode).
* PNG in 8-bit RGB or greyscale, not interlaced, up to ``PNG_PASS_MAX_BYTES`` (typical phone
  screenshots): the PNG's own compressed pixel stream is embedded (FlateDecode + PNG predictors,
  :mod:`app.report.png`): lossless and with no decoding at all — the fastest and most legible.
* Anything else (RGBA or palette PNGs, big or rotated JPEGs, WebP …): decoded by Pillow, turned
  upright, reduced by an integer factor towards ``DPI`` and re-encoded as JPEG (quality 85), on
  worker threads while the text is laid out.
* Redacted items (``graphic`` / ``intimate`` with ``redact_sensitive``) and items with no clean
  copy get a framed placeholder: no pixel of the image reaches the PDF.
"""

from __future__ import annotations

import hashlib
import io
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from PIL import Image, ImageOps
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.platypus import Flowable

from app.report.png import PngStream, PngXObject, passthrough

DPI = 150
# Bigger PNGs (photos inside screenshots) are reduced towards DPI and re-encoded as JPEG rather
# than embedded as they are: it keeps a 200-item report small enough to e-mail or upload.
PNG_PASS_MAX_BYTES = 500_000
MAX_SOURCE_PIXELS = 60_000_000  # refuse decompression bombs before decoding
_PASS_MODES = {"RGB", "L"}


@dataclass(frozen=True)
class Prepared:
    """Image data ready for the PDF (JPEG bytes, or a PNG's own pixel stream), size in points."""

    data: bytes
    width: float
    height: float
    passed_through: bool
    png: PngStream | None = None


def fit(px_w: int, px_h: int, box_w: float, box_h: float) -> tuple[float, float]:
    """Largest size in points with the image's aspect ratio inside ``box_w`` × ``box_h``."""
    scale = min(box_w / px_w, box_h / px_h)
    return px_w * scale, px_h * scale


def _needed(px_w: int, px_h: int, box_w: float, box_h: float) -> tuple[float, float, int, int]:
    w_pt, h_pt = fit(px_w, px_h, box_w, box_h)
    return w_pt, h_pt, max(1, round(w_pt * DPI / 72)), max(1, round(h_pt * DPI / 72))


def probe(data: bytes, box_w: float, box_h: float) -> tuple[float, float]:
    """The drawn size in points, from the image header only (cheap; no pixel decoding)."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            px_w, px_h = im.size
            if px_w <= 0 or px_h <= 0 or px_w * px_h > MAX_SOURCE_PIXELS:
                raise ValueError("image dimensions out of range")
            orientation = im.getexif().get(0x0112, 1) if im.format == "JPEG" else 1
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"undecodable image: {type(exc).__name__}") from exc
    if orientation in (5, 6, 7, 8):
        px_w, px_h = px_h, px_w
    w_pt, h_pt, _, _ = _needed(px_w, px_h, box_w, box_h)
    return w_pt, h_pt


def prepare(data: bytes, box_w: float, box_h: float) -> Prepared:
    """Make ``data`` (an image file) ready to draw in a box of ``box_w`` × ``box_h`` points.

    Raises ``ValueError`` when the bytes are not a decodable image or are absurdly large.
    Thread-safe: Pillow releases the GIL while decoding, reducing and encoding.
    """
    try:
        with Image.open(io.BytesIO(data)) as im:
            px_w, px_h = im.size
            if px_w <= 0 or px_h <= 0 or px_w * px_h > MAX_SOURCE_PIXELS:
                raise ValueError("image dimensions out of range")
            # EXIF orientation matters for JPEG only here; PNG getexif() would decode the whole file
            orientation = im.getexif().get(0x0112, 1) if im.format == "JPEG" else 1
            if orientation in (5, 6, 7, 8):
                w_pt, h_pt, need_w, need_h = _needed(px_h, px_w, box_w, box_h)
                need_w, need_h = need_h, need_w  # in the stored (unrotated) frame
            else:
                w_pt, h_pt, need_w, need_h = _needed(px_w, px_h, box_w, box_h)
            if (im.format == "JPEG" and im.mode in _PASS_MODES and orientation in (1, None)
                    and px_w * px_h <= 9 * need_w * need_h):
                return Prepared(data, w_pt, h_pt, True)
            if im.format == "PNG" and len(data) <= PNG_PASS_MAX_BYTES:
                png = passthrough(data)
                if png is not None:
                    return Prepared(data, w_pt, h_pt, True, png)
            if im.format == "JPEG":
                im.draft("RGB", (need_w, need_h))  # DCT scaling: decode at 1/2, 1/4, 1/8
            im.load()
            work: Image.Image = im
            factor = min(work.size[0] // need_w, work.size[1] // need_h)
            if factor >= 2:  # box filter by an integer factor: fast, keeps text legible
                work = work.reduce(factor)
            if orientation not in (1, None):
                work = (ImageOps.exif_transpose(work) if work is im
                        else _transpose(work, orientation))
            rgb = _to_rgb(work)
            buf = io.BytesIO()
            rgb.save(buf, "JPEG", quality=85)
            return Prepared(buf.getvalue(), w_pt, h_pt, False)
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"undecodable image: {type(exc).__name__}") from exc


def _transpose(im: Image.Image, orientation: int) -> Image.Image:
    method = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}.get(orientation)
    return im.transpose(method) if method is not None else im


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        base = Image.new("RGB", rgba.size, (255, 255, 255))
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return im.convert("RGB")


class JpegImage(Flowable):
    """Draws prepared image data as an image XObject (DCTDecode JPEG or FlateDecode PNG stream).

    ``Canvas.drawImage`` with an ``ImageReader`` decodes every image to RGB just to name it (an
    md5 of the pixels), which for 200 phone screenshots costs seconds and hundreds of MB. Here the
    XObject is named by the SHA-256 of the bytes and built with reportlab's own JPEG loader
    (``PDFImageXObject.loadImageFromJPEG``, reportlab 5.1).
    """

    def __init__(self, width: float, height: float, source: Future[Prepared] | Prepared,
                 fallback: Flowable | None = None) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.source = source
        self.fallback = fallback  # drawn instead when the bytes turn out undecodable

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        try:
            prepared = self.source.result() if isinstance(self.source, Future) else self.source
        except ValueError:
            if self.fallback is not None:
                self.fallback.wrapOn(self.canv, self.width, self.height)
                self.fallback.drawOn(self.canv, 0, self.height - self.fallback.height)
            return
        self.source = prepared  # resolved once; the PDF keeps the XObject anyway
        self._draw_xobject(prepared)

    def _draw_xobject(self, prepared: Prepared) -> None:
        canv = self.canv
        doc = canv._doc
        name = "BayImg" + hashlib.sha256(prepared.data).hexdigest()[:32]
        reg = doc.getXObjectName(name)
        if reg not in doc.idToObject:
            if prepared.png is not None:
                obj: PDFImageXObject = PngXObject(name, prepared.png)
            else:
                obj = PDFImageXObject(name)
                if not obj.loadImageFromJPEG(io.BytesIO(prepared.data)):
                    raise ValueError("not a JPEG stream")
            obj.name = name
            canv._setXObjects(obj)
            doc.Reference(obj, reg)
            doc.addForm(name, obj)
        canv._currentPageHasImages = 1
        canv.saveState()
        canv.scale(self.width, self.height)
        canv._code.append(f"/{reg} Do")
        canv.restoreState()
        canv._formsinuse.append(name)


def image_flowable(data: bytes, box_w: float, box_h: float, pool: Executor | None,
                   fallback: Flowable | None = None) -> Flowable:
    """The image scaled to fit the box; prepared on ``pool`` while the text is being laid out.

    Raises ``ValueError`` at once when the header is unreadable.
    """
    w_pt, h_pt = probe(data, box_w, box_h)
    source = pool.submit(prepare, data, box_w, box_h) if pool else prepare(data, box_w, box_h)
    return JpegImage(w_pt, h_pt, source, fallback)
