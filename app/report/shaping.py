# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""HarfBuzz shaping of one directional run, with glyphs that extract as the characters typed.

What reportlab 5.1 offers, and what we use of it: ``TTFont.hbFont`` (a uharfbuzz font over the
embedded TTF) and ``ShapedStr``/``ShapeData``, which its text objects draw with HarfBuzz's GPOS
offsets (``TJ`` adjustments and text rise), so marks sit where Amiri puts them. What it lacks:
its own ``shapeStr`` guesses the direction and maps every glyph to *one* code point of the font's
cmap (presentation forms, or private-use codes for ligatures), so ``pdftotext`` returns
presentation forms; its bidi needs ``rlbidi`` (not installed; we keep :mod:`app.report.bidi`).

So each run is shaped here with its direction given, and every glyph gets a code of its own per
(glyph, text it stands for): :class:`ShapingFont` writes those texts into the ToUnicode CMap.
A grapheme cluster's text goes to its first spacing glyph and its marks map to nothing; a
ligature maps to all its letters. Poppler inserts a multi-character mapping right to left only
when every character is right-to-left, then reverses right-to-left runs of the line: a cluster
that holds marks (not right-to-left to it) is therefore written in reverse, so that it comes back
in logical order (checked by tests/core/report/test_searchable.py).
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, ShapeData, ShapedStr, TTFont

_FIRST_CODE = 0xF0000  # plane-15 private use: never in Amiri's cmap, never typed in a report
_lock = threading.Lock()


class ShapingFont(TTFont):
    """A TrueType font whose shaped glyphs carry their text in the ToUnicode CMap."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._codes: dict[tuple[int, str, float], int] = {}
        self._texts: dict[int, str] = {}
        self._hb_font: Any = None

    def hb(self) -> Any:
        if self._hb_font is None:
            self._hb_font = self.hbFont(1000)
        return self._hb_font

    def code_for(self, gid: int, text: str, advance: float) -> int:
        """The private code drawing glyph ``gid``, ``advance`` wide (1/1000 em), read as ``text``.

        The width is the glyph's extent in context (to where the next glyph with text starts),
        so a text extractor, which boxes each glyph from its /Widths entry, sees a word's glyphs
        touch, neither overlapping nor apart: Amiri shifts ``ر`` and ``و`` by GPOS offsets, and
        pdftotext read "تحر يض" with the nominal widths.
        """
        key = (gid, text, round(advance, 1))
        with _lock:
            code = self._codes.get(key)
            if code is None:
                code = _FIRST_CODE + len(self._codes)
                face = self.face
                face.charToGlyph[code] = gid
                face.charWidths[code] = key[2]
                self._codes[key] = code
                self._texts[code] = text
        return code

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if not any(code in self._texts for code in subset):
                continue
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            name = base.decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + name]
            stream.content = _cmap(name, subset, self._texts)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _cmap(name: str, subset: list[int], texts: dict[int, str]) -> str:
    """A ToUnicode CMap: our codes to their texts (marks to nothing), others to themselves."""
    pairs = [f"<{i:02X}> <{_utf16(texts[v]) if v in texts else f'{v:04X}'}>"
             for i, v in enumerate(subset)]
    blocks = [pairs[k:k + 100] for k in range(0, len(pairs), 100)]  # at most 100 per block
    body = [line for b in blocks for line in (f"{len(b)} beginbfchar", *b, "endbfchar")]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        *body, "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


@dataclass(frozen=True)
class Run:
    """One shaped run: glyph codes with their positions, and its advance at size 1000."""

    codes: ShapedStr
    advance: float

    def width(self, size: float) -> float:
        return self.advance * size / 1000


def _all_rtl(text: str) -> bool:
    return all(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


@lru_cache(maxsize=8192)
def shape_run(text: str, font_name: str, rtl: bool) -> Run:
    """``text`` (one bidi level, logical order) shaped in ``font_name``, glyphs in visual order."""
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, ShapingFont):
        raise TypeError(f"{font_name} is not registered as a ShapingFont")
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES
    hb.shape(font.hb(), buf, {})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    bounds = sorted({i.cluster for i in infos}) + [len(text)]
    ends = dict(zip(bounds, bounds[1:], strict=False))
    spacing: dict[int, int] = {}  # cluster -> index of the glyph that carries its text
    for k, (info, pos) in enumerate(zip(infos, positions, strict=True)):
        if pos.x_advance and info.cluster not in spacing:
            spacing[info.cluster] = k
    scale = font.pdfScale
    pieces: list[str] = []
    for k, info in enumerate(infos):
        cluster = info.cluster
        piece = text[cluster:ends[cluster]] if spacing.get(cluster, k) == k else ""
        if len(piece) > 1 and rtl and not _all_rtl(piece):
            piece = piece[::-1]  # see the module docstring: marks in a right-to-left cluster
        pieces.append(piece)
    # Where each glyph starts (pen + x offset), and the width a text extractor must see so that
    # a word's glyphs touch: up to where the next glyph carrying text starts.
    pens = list(accumulate((scale(p.x_advance) for p in positions), initial=0.0))
    starts = [pens[k] + scale(p.x_offset) for k, p in enumerate(positions)]
    carriers = [k for k, piece in enumerate(pieces) if piece]
    widths = [0.0] * len(infos)
    for k, nxt in zip(carriers, [*carriers[1:], None], strict=True):
        widths[k] = max(0.0, (pens[-1] if nxt is None else starts[nxt]) - starts[k])
    chars: list[str] = []
    data: list[ShapeData] = []
    for k, (info, pos) in enumerate(zip(infos, positions, strict=True)):
        code = font.code_for(info.codepoint, pieces[k], widths[k])
        chars.append(chr(code))
        data.append(ShapeData(info.cluster, scale(pos.x_advance), scale(pos.y_advance),
                              scale(pos.x_offset), scale(pos.y_offset), font.face.charWidths[code]))
    return Run(ShapedStr("".join(chars), shapeData=data), sum(d.x_advance for d in data))
