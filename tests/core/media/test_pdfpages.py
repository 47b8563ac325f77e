# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Page pictures of a PDF for the detail view (issue 20), without rendering PDF: the largest image
of each page, decoded in memory; pages of text only have none; damaged input gives none."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from PIL import Image

from app.media.pdfpages import page_images
from app.media.types import Limits
from tests.core.media import avbuild as B


def _scanned(pages: int) -> bytes:
    images = [Image.new("RGB", (400 + 10 * i, 560), (40 * i, 120, 200)) for i in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:])
    return buf.getvalue()


def test_a_scanned_document_shows_one_picture_a_page() -> None:
    pics = page_images(_scanned(3))
    assert len(pics) == 3
    sizes = [Image.open(io.BytesIO(p)).size for p in pics]
    assert all(max(s) <= 320 for s in sizes) and sizes[0] != sizes[2]


def test_only_the_first_pages_and_the_pixel_limit() -> None:
    assert len(page_images(_scanned(8))) == 6
    assert page_images(_scanned(2), Limits(max_pixels=1000)) == []  # checked before decoding


def test_text_pages_and_damaged_files_have_none(tmp_path: Path) -> None:
    blank = pikepdf.new()
    blank.add_blank_page()
    buf = io.BytesIO()
    blank.save(buf)
    assert page_images(buf.getvalue()) == []
    assert len(page_images(B.pdf_everything(tmp_path).read_bytes())) == 2  # an image a page
    assert page_images(_scanned(2)[:300]) == []
    assert page_images(b"not a pdf") == []
