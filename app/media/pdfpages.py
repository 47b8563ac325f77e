# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Small pictures of a PDF's pages for the detail view, without rendering PDF.

Nothing the app ships renders PDF (pikepdf does not; Qt's QPdfDocument is in neither
PySide6-Essentials nor -Addons 6.12; poppler is a system program that would need its own sandbox;
PyMuPDF is AGPL). What can be shown safely is the picture a page is made of: a scanned or
photographed document — the usual form of a fabricated one — is one image a page. For each of the
first :data:`PAGES` pages the largest embedded image (at most ``limits.max_pixels``, checked from
its dictionary before decoding) is decoded by pikepdf/Pillow and scaled to a thumbnail, in memory.
A page of text only has no picture here. Call it from a worker; it never raises.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pikepdf
from pikepdf import PdfImage

from app.media.pixels import thumbnail
from app.media.types import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)

PAGES = 6


def page_images(data: bytes, limits: Limits = DEFAULT_LIMITS, pages: int = PAGES) -> list[bytes]:
    """JPEG/PNG thumbnails of the largest picture of each of the first ``pages`` pages that has
    one (a clean copy's bytes); [] when none has or the file cannot be read."""
    out: list[bytes] = []
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for page in list(pdf.pages)[:pages]:
                picture = _largest(page, limits)
                if picture is not None:
                    out.append(picture)
    except Exception:  # a damaged file shows no pages; it never fails the detail view
        log.debug("page pictures failed", exc_info=True)
    return out


def _largest(page: Any, limits: Limits) -> bytes | None:
    best: tuple[int, Any] | None = None
    found = page.get_images() if hasattr(page, "get_images") else page.images
    for obj in dict(found).values():
        w, h = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
        if 0 < w * h <= limits.max_pixels and (best is None or w * h > best[0]):
            best = (w * h, obj)
    if best is None:
        return None
    try:
        pic = PdfImage(best[1]).as_pil_image()
        jpeg, _kind = thumbnail(pic, None)
    except Exception:
        log.debug("page picture not decoded", exc_info=True)
        return None
    return jpeg
