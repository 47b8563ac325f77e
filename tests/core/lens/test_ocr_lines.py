# SPDX-License-Identifier: GPL-3.0-or-later
"""Line-by-line OCR: the Arabic lines Tesseract's page layout dropped are read; handles and URLs
inside Arabic lines are kept, in the line's order."""

import pytest
from PIL import Image, ImageDraw

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


HANDLE, URL = "@anon_mirror_demo", "https://example.org/p/4821"
MIXED = (f"نشر الحساب {HANDLE} صورة مزيفة", f"الرابط {URL} انتشر بسرعة", "حملة تشهير ضد الناشطة")


def _mixed_post(font_name: str, size: int, dark: bool) -> Image.Image:
    """A right-to-left post whose lines hold a handle and a URL, as Pillow's bidi layout draws
    them (the handle's ``@`` on its right, where the line's direction puts it)."""
    face = synth.font(font_name, size)
    line_h = round(size * 1.9)
    shot = Image.new("RGB", (720, 64 + 80 + line_h * len(MIXED) + 80),
                     (24, 25, 26) if dark else (255, 255, 255))
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, 720, 64), fill=(24, 119, 242))
    y = 144
    for line in MIXED:
        w = draw.textlength(line, font=face, direction="rtl", language="ar")
        draw.text((720 - 24 - w, y), line, font=face, direction="rtl", language="ar",
                  fill=(232, 232, 232) if dark else (28, 28, 28))
        y += line_h
    return shot


@pytest.mark.parametrize(("size", "dark"), [(24, False), (24, True), (28, False), (28, True)])
def test_handles_and_urls_in_arabic_lines_are_kept_in_order(size: int, dark: bool) -> None:
    text = ocr.recognise(_mixed_post("amiri", size, dark)).text
    lines = text.splitlines()
    assert len(lines) == 3
    # the Arabic model alone read the handle and the URL as Arabic-looking noise, the combined
    # one flipped the handle to "anon_mirror_demo@" (and, at 28 px, the line into visual order)
    assert f"الحساب {HANDLE} صورة" in lines[0]
    assert f"الرابط {URL} انتشر بسرعة" in lines[1]
    assert set(normalize(lines[2]).split()) >= set(normalize("ضد الناشطة").split())


def test_latin_words_of_the_combined_reading_replace_the_arabic_noise() -> None:
    w = ocr._Word
    ara = [w("رشن", 91.0, 461, 487), w("باسحلا", 91.0, 382, 450), w("noise", 0.0, 132, 486),
           w("ةروص", 91.0, 75, 124)]
    mixed = [w("ti", 42.0, 464, 489), w("باسحلا", 91.0, 382, 450),
             w("anon_mirror_demo@", 92.0, 130, 485), w("ةروص", 92.0, 75, 124)]
    got = ocr.merge_latin("نشر الحساب ©20ع02_0تمخصد صورة", ara, mixed, 500)
    # the Arabic word read surer stays; the noise that spans the handle's columns is replaced
    assert got == "نشر الحساب anon_mirror_demo@ صورة"
    assert ocr.fix_latin_tokens(got, rtl=True) == f"نشر الحساب {HANDLE} صورة"
    assert ocr.merge_latin("a b", ara[:1], mixed, 500) == "a b"  # tokens and words disagree
    assert ocr.fix_latin_tokens("see https: //x.org and mail@ or me@x.org", rtl=False) == \
        "see https://x.org and mail@ or me@x.org"
    assert ocr.fix_latin_tokens("وسم StopTheCampaign# و user@ و me@x.org", rtl=True) == \
        "وسم #StopTheCampaign و @user و me@x.org"


def test_a_picture_inside_a_screenshot_does_not_fail_the_reading() -> None:
    # the photograph's texture gave Tesseract word boxes without text ("No text returned")
    shot = synth.in_screenshot(synth.photo(62), "x", seed=3)
    assert "Look at this picture, share it everywhere" in ocr.recognise(shot).text
