# SPDX-License-Identifier: GPL-3.0-or-later
"""Line-by-line OCR: the Arabic lines Tesseract's page layout dropped are read."""

from app.cases.textnorm import normalize
from app.media import ocr
from bench import _lens_synth as synth


def test_every_arabic_line_of_a_post_is_read() -> None:
    # Noto Sans Arabic 24 px: the page layout returned two of these four lines empty.
    shot = synth.text_screenshot(5, "ar", "facebook", dark=False, font_name="noto-arabic",
                                 size=24)
    got = set(normalize(ocr.recognise(shot.image).text).split())
    want = normalize(shot.text).split()
    assert sum(w in got for w in want) >= 0.9 * len(want)


def test_chrome_rows_are_not_lines() -> None:
    shot = synth.text_screenshot(1, "en", "x", dark=False, font_name="dejavu", size=24)
    boxes = ocr.text_lines(ocr.prepare(shot.image))
    assert all(top >= 64 - ocr.LINE_PAD for _l, top, _r, _b in boxes)  # the app bar is skipped
    assert len([b for b in boxes if b[1] >= 140]) == 4
