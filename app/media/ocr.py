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
20 px: 83 % → 0 % word recall at ×2), so they are read as they are.

Recognition is per line, not by Tesseract's page layout. On post screenshots the layout analysis
merged an avatar with the first line or dropped whole clean Arabic lines (Noto Sans Arabic 24 px:
two lines of four returned empty under PSM 3, 6 and 7 alike), which held Arabic word recall at
~75 %. :func:`text_lines` finds the lines itself from the row profile of an Otsu-binarised copy
(rows whose ink covers more than 90 % of the width are UI chrome — app bars, separators — and are
skipped), and each line, cropped to its ink, is read as one raw line (PSM 13). A line read by the
combined ``ara+eng`` model that is mostly Arabic is read again by ``ara`` alone: the combined
model turns some Arabic words into Latin look-alikes ("بسرعة" → "dou"), the Arabic one does not.
A line where the combined pass read a Latin word with confidence ≥ :data:`LATIN_CONF` (a handle,
a URL) keeps the combined reading, which holds both scripts in logical order. A band much
taller than the text lines (a picture, or lines that touch) is read as a block (PSM 6).
Measured on ``bench/ocr.py`` (32 screenshots a language): Arabic 74.7 % → 95 %, English
99.6 % unchanged, at ~60 % of the former pages per minute (two passes on Arabic lines); on
held-out variants (other seeds, 900 px, JPEG q60, 75 % scale) Arabic 64–78 % → 90–92 %.
Blank lines are dropped and spaces collapsed, nothing else is changed.

One engine per thread (Tesseract's API is not thread-safe; loading ``ara`` takes ~0.3 s).
"""

from __future__ import annotations

import glob
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps

from app.errors import AppError
from app.paths import resource_path

LANGUAGES = ("ara", "eng")
ENV_TESSDATA = "BAYYINA_TESSDATA"
DARK_MEAN = 110          # mean grey level (0–255) of the border below which a page is "dark"
SMALL_SIDE = 600         # pictures narrower than this are upscaled to it
MAX_SCALE = 3.0
CHROME_SHARE = 0.9       # rows with ink over more than this share of the width are UI chrome
MIN_LINE = 6             # ink bands lower than this (px) are specks, not text
LINE_PAD = 8             # px of background kept above and below a line, and …
LINE_SIDE_PAD = 12       # … left and right of its ink
BLOCK_RATIO = 2.2        # a band taller than this × the median line is read as a block
LATIN_CONF = 80          # a Latin word of the combined pass kept in an Arabic line from this
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z]")
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


def _api(lang: str, psm: int) -> Any:
    """This thread's engine for ``lang`` (``ara+eng`` or ``ara``) and page segmentation mode."""
    apis: dict[tuple[str, int], Any] | None = getattr(_local, "apis", None)
    if apis is None:
        apis = _local.apis = {}
    api = apis.get((lang, psm))
    if api is None:
        import tesserocr

        api = tesserocr.PyTessBaseAPI(path=str(tessdata_dir(tuple(lang.split("+")))),
                                      lang=lang, psm=psm, oem=tesserocr.OEM.LSTM_ONLY)
        apis[(lang, psm)] = api
    return api


def _otsu(grey: Image.Image) -> int:
    hist = np.bincount(np.asarray(grey).ravel(), minlength=256).astype(np.float64)
    p = hist / max(1.0, hist.sum())
    omega = np.cumsum(p)
    mu = np.cumsum(p * np.arange(256))
    between = (mu[-1] * omega - mu) ** 2 / (omega * (1 - omega) + 1e-12)
    return int(np.argmax(between))


def text_lines(page: Image.Image) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of each band of ink of a prepared page, top to bottom, without
    UI chrome rows (see the module docstring); padded, inside the page."""
    ink = np.asarray(page) <= _otsu(page)
    if not ink.any():
        return []
    share = ink.mean(axis=1)
    busy = (share > 0) & (share <= CHROME_SHARE)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], busy.astype(np.int8), [0]))))
    out = []
    for top, bottom in zip(edges[::2], edges[1::2], strict=True):
        if bottom - top < MIN_LINE:
            continue
        cols = np.flatnonzero(ink[top:bottom].any(axis=0))
        out.append((max(0, int(cols[0]) - LINE_SIDE_PAD), max(0, int(top) - LINE_PAD),
                    min(page.width, int(cols[-1]) + 1 + LINE_SIDE_PAD),
                    min(page.height, int(bottom) + LINE_PAD)))
    return out


@dataclass(frozen=True)
class _Word:
    text: str
    conf: float
    left: int
    right: int


def _words(api: Any, image: Image.Image) -> list[_Word]:
    import tesserocr

    api.SetImage(image)
    api.Recognize()
    level = tesserocr.RIL.WORD
    out: list[_Word] = []
    iterator = api.GetIterator()
    if iterator is None:
        return out
    for word in tesserocr.iterate_level(iterator, level):
        text = word.GetUTF8Text(level)
        box = word.BoundingBox(level)
        if text and box:
            out.append(_Word(text.translate(_MARKS).strip(), float(word.Confidence(level)),
                             int(box[0]), int(box[2])))
    return [w for w in out if w.text]


def _read_line(strip: Image.Image, psm: int) -> tuple[str, list[float]]:
    mixed_api = _api("+".join(LANGUAGES), psm)
    mixed = _words(mixed_api, strip)
    mixed_text = str(mixed_api.GetUTF8Text())  # logical order (the iterator's words are visual)
    letters = "".join(w.text for w in mixed)
    latin = [w for w in mixed if _LATIN.search(w.text) and w.conf >= LATIN_CONF]
    if latin or len(_ARABIC.findall(letters)) <= len(_LATIN.findall(letters)):
        return mixed_text, [w.conf for w in mixed]
    api = _api("ara", psm)
    api.SetImage(strip)
    text = str(api.GetUTF8Text())
    return text, [float(c) for _w, c in api.MapWordConfidences()]


def recognise(image: Image.Image, languages: tuple[str, ...] = LANGUAGES) -> OcrResult:
    """The text of a decoded picture, line by line (see the module docstring)."""
    import tesserocr

    page = prepare(image)
    boxes = text_lines(page)
    if tuple(languages) != LANGUAGES or not boxes:
        api = _api("+".join(languages), tesserocr.PSM.AUTO)
        api.SetImage(page)
        raw = str(api.GetUTF8Text())
        confidence = float(api.MeanTextConf())
        api.Clear()
        return OcrResult(clean_text(raw), engine_version(), confidence)
    median = float(np.median([b[3] - b[1] for b in boxes]))
    lines, confs = [], []
    for box in boxes:
        tall = box[3] - box[1] > BLOCK_RATIO * median
        text, conf = _read_line(page.crop(box), tesserocr.PSM.SINGLE_BLOCK if tall
                                else tesserocr.PSM.RAW_LINE)
        lines.append(text)
        confs += conf
    return OcrResult(clean_text("\n".join(lines)), engine_version(),
                     float(np.mean(confs)) if confs else 0.0)


def clean_text(raw: str) -> str:
    """Lines kept in order; spaces collapsed; empty lines, form feeds and the invisible direction
    marks Tesseract puts around Latin words dropped."""
    text = raw.translate(_MARKS).replace("\f", "\n")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
