# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Text inside pictures, read offline with Tesseract (tesserocr) in Arabic and English.

The trained data is found at run time, never fetched: ``BAYYINA_TESSDATA`` when set, else the
``tessdata`` folder shipped inside the frozen app (``resources/tessdata``), else Debian's
``/usr/share/tesseract-ocr/*/tessdata``. A folder counts only if it holds every language asked
for (``ara.traineddata`` and ``eng.traineddata``).

Screenshots are prepared before recognition: converted to grey, inverted when the background is
dark (dark mode: Tesseract's LSTM models read dark text on light), stretched to full contrast, and
upscaled only when the picture is small (under 600 px wide: a thumbnail or a cropped snippet).
Upscaling phone screenshots (text ~20–30 px high) made Arabic worse in the bench (Noto Sans Arabic
20 px: 83 % → 0 % word recall at ×2), so they are read as they are. Tesseract's page
layout gives lines in reading order, right to left for Arabic paragraphs, and each line's text in
logical order, so mixed Arabic/Latin lines (handles, URLs) come out as typed; blank lines are
dropped and spaces collapsed, nothing else is changed.

One engine per thread (Tesseract's API is not thread-safe; loading ``ara`` takes ~0.3 s).
"""

from __future__ import annotations

import glob
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from app.errors import AppError
from app.paths import resource_path

LANGUAGES = ("ara", "eng")
ENV_TESSDATA = "BAYYINA_TESSDATA"
DARK_MEAN = 110          # mean grey level (0–255) of the border below which a page is "dark"
SMALL_SIDE = 600         # pictures narrower than this are upscaled to it
MAX_SCALE = 3.0
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))  # direction marks Tesseract adds

_local = threading.local()


@dataclass(frozen=True)
class OcrResult:
    text: str
    engine: str          # e.g. "tesseract 5.5.4 ara+eng"
    confidence: float    # Tesseract's mean word confidence, 0–100


def tessdata_dir(languages: tuple[str, ...] = LANGUAGES) -> Path:
    """The trained-data folder to use (see the module docstring).

    Raises:
        AppError: ``lens.no_tessdata`` when no candidate folder holds every language.
    """
    candidates: list[Path] = []
    env = os.environ.get(ENV_TESSDATA)
    if env:
        candidates.append(Path(env))
    candidates.append(resource_path("tessdata"))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"),
                                           reverse=True)]
    for folder in candidates:
        if all((folder / f"{lang}.traineddata").is_file() for lang in languages):
            return folder
    raise AppError("lens.no_tessdata", languages="+".join(languages))


def engine_version() -> str:
    import tesserocr

    version = tesserocr.tesseract_version().split()[1]
    return f"tesseract {version} {'+'.join(LANGUAGES)}"


def prepare(image: Image.Image) -> Image.Image:
    """Grey, dark mode inverted, small text upscaled (see the module docstring)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        base = Image.new("RGB", image.size, (255, 255, 255))
        base.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = base
    grey = image.convert("L")
    if _border_mean(grey) < DARK_MEAN:
        grey = ImageOps.invert(grey)
    grey = ImageOps.autocontrast(grey, cutoff=1)
    width = grey.width
    if width < SMALL_SIDE:
        scale = min(MAX_SCALE, SMALL_SIDE / max(1, width))
        if scale > 1.2:
            grey = grey.resize((round(grey.width * scale), round(grey.height * scale)),
                               Image.Resampling.LANCZOS)
    return grey


def _border_mean(grey: Image.Image) -> float:
    """Mean grey level of the background: the median of each row, averaged (text is sparse)."""
    small = grey.reduce(max(1, grey.width // 200)) if grey.width > 400 else grey
    hist_rows = []
    w, h = small.size
    data = small.tobytes()
    for y in range(0, h, max(1, h // 100)):
        row = sorted(data[y * w:(y + 1) * w])
        hist_rows.append(row[len(row) // 2])
    return sum(hist_rows) / max(1, len(hist_rows))


def _api(languages: tuple[str, ...]) -> object:
    api = getattr(_local, "api", None)
    if api is None:
        import tesserocr

        api = tesserocr.PyTessBaseAPI(path=str(tessdata_dir(languages)),
                                      lang="+".join(languages), psm=tesserocr.PSM.AUTO,
                                      oem=tesserocr.OEM.LSTM_ONLY)
        _local.api = api
    return api


def recognise(image: Image.Image, languages: tuple[str, ...] = LANGUAGES) -> OcrResult:
    """The text of a decoded picture."""
    api = _api(languages)
    page = prepare(image)
    api.SetImage(page)  # type: ignore[attr-defined]
    raw = str(api.GetUTF8Text())  # type: ignore[attr-defined]
    confidence = float(api.MeanTextConf())  # type: ignore[attr-defined]
    api.Clear()  # type: ignore[attr-defined]
    return OcrResult(clean_text(raw), engine_version(), confidence)


def clean_text(raw: str) -> str:
    """Lines kept in order; spaces collapsed; empty lines, form feeds and the invisible direction
    marks Tesseract puts around Latin words dropped."""
    text = raw.translate(_MARKS).replace("\f", "\n")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
