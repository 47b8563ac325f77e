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
The combined model reads a handle or a URL in an Arabic line right, but may flip Arabic words into
Latin (and the line into visual order); the Arabic model keeps the order and reads the handle as
noise. So an Arabic line is the Arabic reading with the combined reading's Latin words put where
their boxes match (:func:`merge_latin`), and a handle's ``@`` that the line's direction drew on
its right is put back in front (``anon_mirror_demo@`` → ``@anon_mirror_demo``,
:func:`fix_latin_tokens`). A line whose sure Latin words outnumber its Arabic ones is read by
the combined model alone. A band much taller than the text lines (a picture, or lines that touch)
is read as a block (PSM 6), by one model or the other.
Measured on ``bench/ocr.py`` (32 screenshots a language): Arabic 74.7 % → 95 %, English
99.6 % unchanged, at ~60 % of the former pages per minute (two passes on Arabic lines); on
held-out variants (other seeds, 900 px, JPEG q60, 75 % scale) Arabic 64–78 % → 90–92 %. The
merge of Latin words: Arabic 95.1 % → 95.7 %, English 99.6 % unchanged; a handle and a URL in
Arabic lines kept, in the line's order, in 8 of 8 variants (Amiri, Noto Sans Arabic; 24/28 px;
light/dark; Noto's Latin glyphs still lose the handle's letter case), where before the handle was
wrong in all 8 (its ``@`` at the end, or noise) and the URL in 2.
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
LATIN_CONF = 80          # a Latin word of the combined pass kept in an Arabic block from this
LATIN_LINE_CONF = 60     # Latin words this sure make a line Latin when they outnumber Arabic ones
MERGE_MARGIN = 10        # a Latin reading replaces an Arabic one this much surer (0–100)
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
        try:
            text = word.GetUTF8Text(level)
        except RuntimeError:  # a word box with no text in it (a picture's texture)
            continue
        box = word.BoundingBox(level)
        if text and box:
            out.append(_Word(text.translate(_MARKS).strip(), float(word.Confidence(level)),
                             int(box[0]), int(box[2])))
    return [w for w in out if w.text]


def _utf8(api: Any) -> str:
    try:
        return str(api.GetUTF8Text())
    except RuntimeError:  # tesserocr: "No text returned" for a strip with nothing to read
        return ""


def _read_line(strip: Image.Image, psm: int) -> tuple[str, list[float]]:
    import tesserocr

    mixed_api = _api("+".join(LANGUAGES), psm)
    mixed = _words(mixed_api, strip)
    mixed_text = _utf8(mixed_api)  # logical order (each Arabic word's letters are visual)
    arabic = [w for w in mixed if _ARABIC.search(w.text)]
    if psm != tesserocr.PSM.RAW_LINE:  # a block of lines: one reading or the other
        letters = "".join(w.text for w in mixed)
        latin = [w for w in mixed if _LATIN.search(w.text) and w.conf >= LATIN_CONF]
        if latin or len(_ARABIC.findall(letters)) <= len(_LATIN.findall(letters)):
            return mixed_text, [w.conf for w in mixed]
        api = _api("ara", psm)
        api.SetImage(strip)
        return _utf8(api), [float(c) for _w, c in api.MapWordConfidences()]
    latin = [w for w in mixed if _LATIN.search(w.text) and not _ARABIC.search(w.text)
             and w.conf >= LATIN_LINE_CONF]
    if not arabic or len(latin) > len(arabic):  # a Latin line (perhaps with an Arabic name)
        return fix_latin_tokens(mixed_text, rtl=False), [w.conf for w in mixed]
    api = _api("ara", psm)
    ara = _words(api, strip)
    text = merge_latin(_utf8(api), ara, mixed, strip.width)
    return fix_latin_tokens(text, rtl=True), [w.conf for w in ara]


def _latin_word(w: _Word) -> bool:
    return bool(_LATIN.search(w.text)) and not _ARABIC.search(w.text)


def merge_latin(ara_text: str, ara: list[_Word], mixed: list[_Word], width: int) -> str:
    """The Arabic reading of a line with the Latin words of the combined reading put in.

    The Arabic model reads a handle or a URL as Arabic-looking noise (``anon_mirror_demo`` →
    ``©300_101101_06000``), the combined model reads it right but may flip an Arabic word into
    Latin and the line's order with it. Both read the same strip, so their words share their
    boxes: a run of the Arabic reading's words spanning the same columns (± 1 % of the width) as
    a run of Latin words of the combined reading, read with a clearly lower confidence (by
    :data:`MERGE_MARGIN`), is replaced by those Latin words, left to right. (When the boxes do
    not line up — a handle set apart by direction marks next to a Latin hashtag — the Arabic
    reading stays as it is.) The Arabic reading
    keeps the line's logical (right-to-left) order; ``ara_text``'s tokens follow ``ara``'s order.
    """
    tokens = ara_text.split()
    if len(tokens) != len(ara) or not ara:
        return ara_text
    tol = max(3, round(width * 0.01))
    runs: list[list[int]] = []
    for k, w in enumerate(mixed):
        if _latin_word(w):
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
    replace: dict[int, tuple[int, str]] = {}  # first ara index -> (last ara index, text)
    used: set[int] = set()
    for run in runs:
        subs = sorted(((a, b) for a in range(len(run)) for b in range(a, len(run))),
                      key=lambda ab: ab[0] - ab[1])  # longest first
        for a, b in subs:
            words = [mixed[k] for k in run[a:b + 1]]
            left, right = min(w.left for w in words), max(w.right for w in words)
            found = _matching_run(ara, left, right, tol, used)
            if found is None:
                continue
            i, j = found
            if np.mean([w.conf for w in words]) < np.mean(
                    [w.conf for w in ara[i:j + 1]]) + MERGE_MARGIN:
                continue
            replace[i] = (j, " ".join(w.text for w in sorted(words, key=lambda w: w.left)))
            used.update(range(i, j + 1))
            break
    if not replace:
        return ara_text
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i in replace:
            j, text = replace[i]
            out.append(text)
            i = j + 1
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


def _matching_run(ara: list[_Word], left: int, right: int, tol: int,
                  used: set[int]) -> tuple[int, int] | None:
    """The shortest run of ``ara`` spanning [left, right] (Tesseract's box of a Latin word inside
    an Arabic line can reach over its Arabic neighbours; the noise read in its place spans the
    same box alone)."""
    for length in range(1, min(len(ara), 8) + 1):
        for i in range(len(ara) - length + 1):
            j = i + length - 1
            if used & set(range(i, j + 1)):
                continue
            run = ara[i:j + 1]
            if abs(min(w.left for w in run) - left) <= tol and \
                    abs(max(w.right for w in run) - right) <= tol:
                return i, j
    return None


_TRAILING_MARK = re.compile(r"(?<!\S)([A-Za-z0-9_.]*[A-Za-z][A-Za-z0-9_.]*)([@#])(?!\S)")
_SPLIT_SCHEME = re.compile(r"\b(https?):\s+//")


def fix_latin_tokens(text: str, *, rtl: bool) -> str:
    """``https: //`` joined back; in a right-to-left line, a handle or hashtag whose ``@``/``#``
    was drawn on its right (where the line's direction puts it: ``anon_mirror_demo@``) written
    as it is typed, ``@anon_mirror_demo``."""
    text = _SPLIT_SCHEME.sub(r"\1://", text)
    return _TRAILING_MARK.sub(r"\2\1", text) if rtl else text


def recognise(image: Image.Image, languages: tuple[str, ...] = LANGUAGES) -> OcrResult:
    """The text of a decoded picture, line by line (see the module docstring)."""
    import tesserocr

    page = prepare(image)
    boxes = text_lines(page)
    if tuple(languages) != LANGUAGES or not boxes:
        api = _api("+".join(languages), tesserocr.PSM.AUTO)
        api.SetImage(page)
        raw = _utf8(api)
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
