# SPDX-License-Identifier: GPL-3.0-or-later
"""Generated pictures for the lens benches and tests: photographs, reposts of them (re-encoded,
resized, cropped, inside a platform screenshot, as a PDF page or a video) and screenshots of posts
with known text.

Everything is drawn from a seed; no file is read except the fonts (Amiri and Noto Sans Arabic
from the ``fontpkg-*`` packages, DejaVu from the system when present).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

PLATFORMS = ("facebook", "x", "telegram", "whatsapp")
_BAR = {"facebook": (24, 119, 242), "x": (0, 0, 0), "telegram": (51, 144, 236),
        "whatsapp": (7, 94, 84)}
_DARK_BG = {"facebook": (24, 25, 26), "x": (0, 0, 0), "telegram": (24, 34, 45),
            "whatsapp": (11, 20, 26)}
_LIGHT_BG = {"facebook": (240, 242, 245), "x": (255, 255, 255), "telegram": (255, 255, 255),
             "whatsapp": (236, 229, 221)}


def font_paths() -> dict[str, Path]:
    """Fonts by name: ``amiri``, ``noto-arabic`` and, when installed, ``dejavu``."""
    out = {
        "amiri": Path(str(resources.files("fontpkg_amiri") / "files" / "Amiri-Regular.ttf")),
        "noto-arabic": Path(str(resources.files("fontpkg_noto_sans_arabic") / "files"
                                / "NotoSansArabic[wdth,wght].ttf")),
    }
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.is_file():
        out["dejavu"] = dejavu
    return out


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_paths()[name]), size, layout_engine=ImageFont.Layout.RAQM)


# --- photographs and their reposts -----------------------------------------------------------
def photo(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A picture with the structure of a photograph: smooth colour fields, shapes, grain."""
    rng = np.random.default_rng(seed)
    w, h = size
    base = rng.integers(0, 256, (6, 8, 3), dtype=np.uint8)
    im = Image.fromarray(base, "RGB").resize((w, h), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(im)
    prng = random.Random(seed)
    for _ in range(12):
        x0, y0 = prng.randrange(w), prng.randrange(h)
        x1, y1 = x0 + prng.randrange(20, w // 2), y0 + prng.randrange(20, h // 2)
        colour = tuple(prng.randrange(256) for _ in range(3))
        (draw.ellipse if prng.random() < 0.5 else draw.rectangle)((x0, y0, x1, y1), fill=colour)
    arr = np.asarray(im, dtype=np.int16) + rng.integers(-6, 7, (h, w, 3))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def reencode(im: Image.Image, quality: int = 70) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def resize(im: Image.Image, factor: float) -> Image.Image:
    w, h = im.size
    return im.resize((max(1, round(w * factor)), max(1, round(h * factor))),
                     Image.Resampling.LANCZOS)


def crop(im: Image.Image, share: float, seed: int = 0) -> Image.Image:
    """Cut ``share`` of each dimension away, split between the edges at random."""
    rng = random.Random(seed)
    w, h = im.size
    dx, dy = round(w * share), round(h * share)
    left, top = rng.randint(0, dx), rng.randint(0, dy)
    return im.crop((left, top, w - (dx - left), h - (dy - top)))


def in_screenshot(im: Image.Image, platform: str = "facebook", *, dark: bool = False,
                  seed: int = 0, width: int = 720) -> Image.Image:
    """``im`` as a phone screenshot of a post: status and app bars, a header with an avatar and
    a name, two lines of post text, side margins, and an action bar."""
    rng = random.Random(seed)
    bg = (_DARK_BG if dark else _LIGHT_BG)[platform]
    ink = (230, 230, 230) if dark else (20, 20, 20)
    margin = rng.choice((0, 12, 24))
    pw = width - 2 * margin
    pic = im.resize((pw, round(im.height * pw / im.width)), Image.Resampling.LANCZOS)
    top = 64 + 70 + 70
    shot = Image.new("RGB", (width, top + pic.height + 90), bg)
    draw = ImageDraw.Draw(shot)
    latin = font("dejavu" if "dejavu" in font_paths() else "noto-arabic", 22)
    draw.rectangle((0, 0, width, 64), fill=_BAR[platform])
    draw.text((16, 18), "9:41", font=latin, fill=(255, 255, 255))
    draw.text((width - 140, 18), f"{platform}", font=latin, fill=(255, 255, 255))
    draw.ellipse((16, 76, 66, 126), fill=(rng.randrange(256), 120, 160))
    draw.text((80, 86), f"Account {rng.randrange(1000)}", font=latin, fill=ink)
    draw.text((16, 146), "Look at this picture, share it everywhere", font=latin, fill=ink)
    shot.paste(pic, (margin, top))
    y = top + pic.height + 30
    for i, label in enumerate(("Like", "Comment", "Share")):
        draw.text((30 + i * 230, y), label, font=latin, fill=ink)
    return shot


def pdf(pages: list[Image.Image]) -> bytes:
    """A PDF with one picture a page (Pillow writes each as a JPEG), as a scanner makes."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:])
    return buf.getvalue()


def video(segments: list[tuple[Image.Image, float]], fps: int = 10) -> bytes:
    """An H.264 MP4 with a keyframe every half second showing each (picture, seconds) in turn,
    every picture scaled to the first one's size."""
    from fractions import Fraction

    import av

    buf = io.BytesIO()
    size = segments[0][0].size
    with av.open(buf, "w", format="mp4") as out:
        stream: Any = out.add_stream("libx264", rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.codec_context.gop_size = fps // 2
        stream.codec_context.options = {"sc_threshold": "0", "preset": "ultrafast"}
        stream.codec_context.time_base = Fraction(1, fps)
        n = 0
        for picture, seconds in segments:
            frame_image = picture.convert("RGB").resize(size)
            for _ in range(round(seconds * fps)):
                frame = av.VideoFrame.from_image(frame_image)
                frame.pts = n
                n += 1
                out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return buf.getvalue()


# --- screenshots of text -----------------------------------------------------------------------
AR_WORDS = ("الحكومة", "تكذب", "على", "الشعب", "والصحفية", "نشرت", "الخبر", "اليوم", "في",
            "المدينة", "كلام", "خطير", "عن", "الانتخابات", "المقبلة", "يجب", "محاسبة", "المسؤولين",
            "رسالة", "مفتوحة", "إلى", "الجميع", "حملة", "تشهير", "منظمة", "ضد", "الناشطة",
            "صورة", "مزيفة", "انتشرت", "بسرعة", "بين", "الحسابات", "قالت", "مصادر", "مطلعة",
            "العاصمة", "الأخبار", "مواقع", "التواصل", "الاجتماعي")
EN_WORDS = ("the", "government", "is", "lying", "about", "this", "journalist", "published",
            "story", "today", "city", "dangerous", "claims", "election", "coming", "week",
            "everyone", "should", "share", "picture", "campaign", "against", "activist", "fake",
            "spread", "quickly", "accounts", "sources", "said", "capital", "news", "social",
            "media", "open", "letter", "people", "remember", "never", "forget", "truth")


@dataclass(frozen=True)
class TextShot:
    image: Image.Image
    text: str
    language: str
    platform: str
    dark: bool
    font: str
    size: int


def _lines(rng: random.Random, words: tuple[str, ...], n_lines: int, per_line: int) -> list[str]:
    return [" ".join(rng.choice(words) for _ in range(per_line)) for _ in range(n_lines)]


def text_screenshot(seed: int, language: str, platform: str, *, dark: bool, font_name: str,
                    size: int, width: int = 720, n_lines: int = 4) -> TextShot:
    """A post in the look of ``platform``: app bar, header, ``n_lines`` of known text."""
    rng = random.Random(seed)
    arabic = language == "ar"
    words = AR_WORDS if arabic else EN_WORDS
    lines = _lines(rng, words, n_lines, 5 if size > 30 else 6)
    bg = (_DARK_BG if dark else _LIGHT_BG)[platform]
    ink = (232, 232, 232) if dark else (28, 28, 28)
    face = font(font_name, size)
    line_h = round(size * 1.9)
    height = 64 + 80 + line_h * n_lines + 80
    shot = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, width, 64), fill=_BAR[platform])
    draw.ellipse((16 if not arabic else width - 66, 78, 66 if not arabic else width - 16, 128),
                 fill=(180, 120, 90))
    y = 64 + 80
    for line in lines:
        if arabic:
            w = draw.textlength(line, font=face, direction="rtl", language="ar")
            draw.text((width - 24 - w, y), line, font=face, fill=ink, direction="rtl",
                      language="ar")
        else:
            draw.text((24, y), line, font=face, fill=ink)
        y += line_h
    return TextShot(shot, "\n".join(lines), language, platform, dark, font_name, size)
