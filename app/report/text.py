# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Shaped, bidi-correct text for reportlab: a wrapping Flowable and a one-line drawing helper.

Pipeline for every paragraph: embedding levels for the whole paragraph (:mod:`app.report.bidi`)
→ greedy line breaking in *logical* order inside ``wrap(availWidth)`` → each line cut into its
level runs in visual order (L1, L2) → runs holding Arabic, and every right-to-left run, shaped by
HarfBuzz (:mod:`app.report.shaping`: GPOS marks, Amiri's ligatures, mirrored brackets), other
runs drawn as plain strings as before (English reports look as they did) → bidi controls dropped.
Shaped glyphs map back to the characters typed, so ``pdftotext`` and a PDF reader's search find
the Arabic words as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.report.bidi import CONTROLS, embedding_levels, visual_runs
from app.report.fonts import BOLD, REGULAR, register_fonts
from app.report.shaping import shape_run

register_fonts()  # every user of this module measures text in the report fonts
_STRIP = dict.fromkeys(map(ord, CONTROLS))
_STRIP_BIDI = dict.fromkeys(map(ord, CONTROLS.replace("\u200c", "").replace("\u200d", "")))
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


@dataclass(frozen=True)
class TextStyle:
    """How a run of text looks. ``align`` is logical: ``start`` is right in RTL, left in LTR."""

    font: str = REGULAR
    size: float = 10.0
    leading: float = 15.0
    color: colors.Color = colors.black
    align: str = "start"  # start | end | center
    space_before: float = 0.0
    space_after: float = 0.0

    def derive(self, **changes: object) -> TextStyle:
        return replace(self, **changes)  # type: ignore[arg-type]


BODY = TextStyle()
BOLD_BODY = TextStyle(font=BOLD)


def _needs_shaping(text: str) -> bool:
    return _ARABIC.search(text) is not None


def clear_caches() -> None:
    """Forget cached shaping and layouts (they hold report text: call when a report is done)."""
    shape_run.cache_clear()
    _word_width.cache_clear()
    _layout.cache_clear()


Piece = tuple[float, str]  # offset from the line's left edge, a plain or shaped (ShapedStr) run
Line = tuple[tuple[Piece, ...], float]  # what to draw, left to right, and the line's width


def _run(text: str, level: int, font: str, size: float) -> tuple[str, float]:
    """One level run: shaped when right-to-left or Arabic, else the plain string as before."""
    rtl = level % 2 == 1
    if rtl or _needs_shaping(text):
        kept = text.translate(_STRIP_BIDI)  # ZWJ and ZWNJ steer joining: HarfBuzz gets them
        if not kept:
            return "", 0.0
        run = shape_run(kept, font, rtl)
        return run.codes, run.width(size)
    plain = text.translate(_STRIP)
    return plain, stringWidth(plain, font, size)


def line_pieces(text: str, levels: Sequence[int], para: int, font: str, size: float) -> Line:
    """ONE line (logical ``text`` with its paragraph ``levels``) as runs placed left to right."""
    pieces: list[Piece] = []
    x = 0.0
    for a, b, level in visual_runs(text, levels, para):
        drawn, w = _run(text[a:b], level, font, size)
        if drawn:
            pieces.append((x, drawn))
        x += w
    return tuple(pieces), x


def visual_pieces(text: str, rtl: bool, font: str, size: float) -> Line:
    """One logical line (no wrapping) → its runs and width."""
    flat = text.replace("\n", " ").replace("\t", " ")
    levels, para = embedding_levels(flat, "R" if rtl else "L")
    return line_pieces(flat, levels, para, font, size)


def draw_pieces(canv: Canvas, x: float, y: float, line: Line, font: str, size: float) -> None:
    """Draw a :data:`Line` with its left edge at ``x`` and baseline ``y``."""
    t = canv.beginText(x, y)
    t.setFont(font, size)
    for off, drawn in line[0]:
        t.setTextOrigin(x + off, y)
        t.textOut(drawn)
    canv.drawText(t)


def _break_long(word: str, start: int, font: str, size: float, width: float) -> list[int]:
    """Character positions (absolute) at which an over-long word must break."""
    cuts: list[int] = []
    run = 0.0
    for k, ch in enumerate(word):
        w = _word_width(ch, font, size)
        if run + w > width and k > 0 and (not cuts or start + k > cuts[-1]):
            cuts.append(start + k)
            run = 0.0
        run += w
    return cuts


@lru_cache(maxsize=8192)
def _word_width(word: str, font: str, size: float) -> float:
    if _needs_shaping(word):
        kept = word.translate(_STRIP_BIDI)
        return shape_run(kept, font, True).width(size) if kept else 0.0
    return stringWidth(word.translate(_STRIP), font, size)


def layout(text: str, style: TextStyle, width: float, rtl: bool) -> tuple[Line, ...]:
    """Break ``text`` into lines no wider than ``width``; return (visual string, width) per line.

    Cached: labels, dashes and the same notes recur on every item page.
    """
    return _layout(text, style.font, style.size, round(width, 2), rtl)


@lru_cache(maxsize=4096)
def _layout(text: str, font: str, size: float, width: float,
            rtl: bool) -> tuple[Line, ...]:
    style = TextStyle(font=font, size=size)
    out: list[Line] = []
    space = stringWidth(" ", style.font, style.size)
    for para in text.replace("\r\n", "\n").replace("\t", " ").split("\n"):
        shaped = para
        if not shaped.strip():
            out.append(((), 0.0))
            continue
        levels, plevel = embedding_levels(shaped, "R" if rtl else "L")
        spans: list[tuple[int, int]] = []  # logical line slices
        line_start, line_end, line_w = -1, -1, 0.0
        pos = 0
        for word in shaped.split(" "):
            w_start, w_end = pos, pos + len(word)
            pos = w_end + 1
            if not word:
                continue
            ww = _word_width(word, style.font, style.size)
            if line_start >= 0 and line_w + space + ww <= width:
                line_end, line_w = w_end, line_w + space + ww
                continue
            if line_start >= 0:
                spans.append((line_start, line_end))
            if ww > width:  # URLs, hashes: break inside the word
                cuts = [w_start, *_break_long(word, w_start, style.font, style.size, width)]
                for a, b in zip(cuts, cuts[1:], strict=False):
                    spans.append((a, b))
                line_start, line_end = cuts[-1], w_end
                line_w = _word_width(shaped[line_start:w_end], style.font, style.size)
            else:
                line_start, line_end, line_w = w_start, w_end, ww
        if line_start >= 0:
            spans.append((line_start, line_end))
        out.extend(line_pieces(shaped[a:b], levels[a:b], plevel, font, size) for a, b in spans)
    return tuple(out)


class BidiText(Flowable):
    """A paragraph of plain (already cleaned) text that wraps in logical order in either direction.

    The text is never interpreted as markup. Splits across frames and pages line by line.
    """

    def __init__(self, text: str, style: TextStyle = BODY, *, rtl: bool,
                 lines: tuple[Line, ...] | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.rtl = rtl
        self._lines = lines
        self._laid_for: float | None = None if lines is None else -1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        stale = self._laid_for is not None and self._laid_for >= 0 and \
            abs(self._laid_for - availWidth) > 0.01
        if self._laid_for is None or stale:
            self._lines = layout(self.text, self.style, availWidth, self.rtl)
            self._laid_for = availWidth
        self.width = availWidth
        self.height = len(self._lines or []) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        lines = self._lines or ()
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return [] if fit <= 0 else [self]
        first = BidiText(self.text, self.style.derive(space_after=0), rtl=self.rtl,
                         lines=lines[:fit])
        rest = BidiText(self.text, self.style.derive(space_before=0), rtl=self.rtl,
                        lines=lines[fit:])
        return [first, rest]

    def getSpaceBefore(self) -> float:
        return self.style.space_before

    def getSpaceAfter(self) -> float:
        return self.style.space_after

    def draw(self) -> None:
        st = self.style
        canv: Canvas = self.canv
        canv.setFont(st.font, st.size)
        canv.setFillColor(st.color)
        for i, line in enumerate(self._lines or []):
            if not line[0]:
                continue
            baseline = (self.height - (i + 1) * st.leading + (st.leading - st.size) * 0.5
                        + st.size * 0.22)
            draw_pieces(canv, _x_for(st.align, self.rtl, self.width, line[1]), baseline, line,
                        st.font, st.size)


def _x_for(align: str, rtl: bool, box: float, w: float) -> float:
    if align == "center":
        return (box - w) / 2
    right = (align == "start") == rtl
    return box - w if right else 0.0


def draw_line(canv: Canvas, text: str, x: float, y: float, *, rtl: bool, anchor: str,
              font: str = REGULAR, size: float = 9.0, max_width: float | None = None) -> float:
    """Draw one logical line at baseline ``y``; ``anchor``: ``left``, ``right`` or ``center`` of x.

    Text wider than ``max_width`` is cut at its logical end with "…". Returns the drawn width.
    """
    line = visual_pieces(text, rtl, font, size)
    cut = len(text)
    while max_width is not None and line[1] > max_width and cut > 1:
        cut = max(1, int(cut * max_width / line[1]) - 1)
        line = visual_pieces(text[:cut].rstrip() + "…", rtl, font, size)
    w = line[1]
    canv.setFont(font, size)
    left = {"left": x, "right": x - w, "center": x - w / 2}[anchor]
    draw_pieces(canv, left, y, line, font, size)
    return w
