# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Shaped, bidi-correct text for reportlab: a wrapping Flowable and a one-line drawing helper.

Pipeline for every paragraph: Arabic shaping (arabic-reshaper: contextual presentation forms,
lam-alef ligatures, diacritics kept) → embedding levels for the whole paragraph
(:mod:`app.report.bidi`) → greedy line breaking in *logical* order inside ``wrap(availWidth)`` →
each line reordered on its own (L1, L2), brackets mirrored at odd levels (L4), bidi controls
dropped → drawn with ``drawString``. The PDF text is the shaped glyph string in visual order, so
``pdftotext`` gives the Arabic words back in logical order (as presentation forms: NFKC them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import arabic_reshaper
from bidi.mirror import MIRRORED
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.report.bidi import CONTROLS, embedding_levels, reorder_line_marked
from app.report.fonts import BOLD, REGULAR, register_fonts

register_fonts()  # every user of this module measures text in the report fonts
_STRIP = dict.fromkeys(map(ord, CONTROLS))
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True})
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


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """Arabic letters → contextual presentation forms; other text unchanged."""
    return _RESHAPER.reshape(text) if _needs_shaping(text) else text


def clear_caches() -> None:
    """Forget cached shaping and layouts (they hold report text: call when a report is done)."""
    shape.cache_clear()
    _word_width.cache_clear()
    _layout.cache_clear()


Line = tuple[str, float, tuple[int, ...]]  # visual string, width, positions of mirrored glyphs


def visual_marked(text: str, rtl: bool) -> tuple[str, tuple[int, ...]]:
    """One logical line (no wrapping) → visual string and its mirrored positions."""
    shaped = shape(text.replace("\n", " ").replace("\t", " "))
    levels, para = embedding_levels(shaped, "R" if rtl else "L")
    return reorder_line_marked(shaped, levels, para)


def visual_line(text: str, rtl: bool) -> str:
    """One logical line (no wrapping) → the visual string to hand to reportlab."""
    return visual_marked(text, rtl)[0]


# Mirrors reportlab's canvas drawing calls (position, text, font, size).
def draw_visual(canv: Canvas, x: float, y: float, vis: str, marks: tuple[int, ...],  # noqa: PLR0917
                font: str, size: float) -> None:
    """``drawString``, with each mirrored glyph tagged by its logical character (/ActualText)."""
    if not marks:
        canv.drawString(x, y, vis)
        return
    t = canv.beginText(x, y)
    t.setFont(font, size)
    prev = 0
    for i in marks:
        if i > prev:
            t.textOut(vis[prev:i])
        logical = MIRRORED.get(vis[i], vis[i])
        t._code.append(f"/Span <</ActualText <FEFF{ord(logical):04X}>>> BDC")
        t.textOut(vis[i])
        t._code.append("EMC")
        prev = i + 1
    if prev < len(vis):
        t.textOut(vis[prev:])
    canv.drawText(t)


def width_of(visual: str, font: str, size: float) -> float:
    return stringWidth(visual.translate(_STRIP), font, size)


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
        shaped = shape(para)
        if not shaped.strip():
            out.append(("", 0.0, ()))
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
                line_w = stringWidth(shaped[line_start:w_end].translate(_STRIP), style.font,
                                     style.size)
            else:
                line_start, line_end, line_w = w_start, w_end, ww
        if line_start >= 0:
            spans.append((line_start, line_end))
        for a, b in spans:
            vis, marks = reorder_line_marked(shaped[a:b], levels[a:b], plevel)
            piece = shaped[a:b]  # widths add up (no kerning): reuse the cached word widths
            out.append((vis, sum(_word_width(w, font, size) for w in piece.split(" "))
                        + space * piece.count(" "), marks))
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
        for i, (vis, w, marks) in enumerate(self._lines or []):
            if not vis:
                continue
            baseline = (self.height - (i + 1) * st.leading + (st.leading - st.size) * 0.5
                        + st.size * 0.22)
            draw_visual(canv, _x_for(st.align, self.rtl, self.width, w), baseline, vis, marks,
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
    vis, marks = visual_marked(text, rtl)
    w = stringWidth(vis, font, size)
    cut = len(text)
    while max_width is not None and w > max_width and cut > 1:
        cut = max(1, int(cut * max_width / w) - 1)
        vis, marks = visual_marked(text[:cut].rstrip() + "…", rtl)
        w = stringWidth(vis, font, size)
    canv.setFont(font, size)
    left = {"left": x, "right": x - w, "center": x - w / 2}[anchor]
    draw_visual(canv, left, y, vis, marks, font, size)
    return w
