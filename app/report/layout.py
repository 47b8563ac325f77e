# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Page furniture and building blocks: "X of Y" footers, headers, headings, direction-aware tables.

Everything here takes ``rtl``: tables reverse their columns and align to the right in Arabic,
headers and footers swap sides, and every string goes through :mod:`app.report.text`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from app.report.fonts import BOLD, REGULAR
from app.report.text import BidiText, TextStyle, draw_line

PAGE_W, PAGE_H = A4
MARGIN_X = 50.0
MARGIN_TOP = 62.0
MARGIN_BOTTOM = 56.0
FRAME_W = PAGE_W - 2 * MARGIN_X
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef1f4")
ACCENT = colors.HexColor("#7b2d43")

H1 = TextStyle(font=BOLD, size=20, leading=30, color=ACCENT, space_after=8)
H2 = TextStyle(font=BOLD, size=14, leading=22, color=ACCENT, space_before=10, space_after=4)
H3 = TextStyle(font=BOLD, size=11, leading=17, color=INK, space_before=6, space_after=2)
BODY = TextStyle(font=REGULAR, size=10, leading=15.5, color=INK)
SMALL = TextStyle(font=REGULAR, size=8.5, leading=12.5, color=INK)
SMALL_BOLD = SMALL.derive(font=BOLD)
CELL = TextStyle(font=REGULAR, size=9, leading=13.5, color=INK)
CELL_BOLD = CELL.derive(font=BOLD)
MUTED_SMALL = SMALL.derive(color=MUTED)


def numbered_canvas(page_label: Callable[[int, int], str], header: str, footer_left: str,
                    rtl: bool, metadata: dict[str, str], created: datetime) -> type[Canvas]:
    """A Canvas class that defers page output so every page can say "Page X of Y"."""

    class _NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            _set_metadata(self, metadata, created)  # after the doc template's own set-up
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                Canvas.showPage(self)
            self._pages = []
            Canvas.save(self)

        def _furniture(self, total: int) -> None:
            page = self._pageNumber
            self.saveState()
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            left, right = MARGIN_X, PAGE_W - MARGIN_X
            if page > 1:
                y = PAGE_H - MARGIN_TOP + 22
                draw_line(self, header, right if rtl else left, y, rtl=rtl,
                          anchor="right" if rtl else "left", font=REGULAR, size=9,
                          max_width=FRAME_W)
                self.line(left, y - 6, right, y - 6)
            y = MARGIN_BOTTOM - 30
            self.line(left, y + 12, right, y + 12)
            draw_line(self, page_label(page, total), left if rtl else right, y, rtl=rtl,
                      anchor="left" if rtl else "right", font=REGULAR, size=9)
            draw_line(self, footer_left, right if rtl else left, y, rtl=rtl,
                      anchor="right" if rtl else "left", font=REGULAR, size=8,
                      max_width=FRAME_W / 2)
            self.restoreState()

    return _NumberedCanvas


def _set_metadata(canv: Canvas, metadata: dict[str, str], created: datetime) -> None:
    """Document info set field by field: nothing from the machine, no author."""
    info = canv._doc.info
    info.title = metadata.get("title", "")
    info.author = ""
    info.subject = metadata.get("subject", "")
    info.keywords = ""
    info.creator = metadata.get("creator", "")
    info.producer = metadata.get("producer", "")
    offset = created.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes > 0 else "-"
    zone = "Z" if minutes == 0 else f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    stamp = created.strftime("D:%Y%m%d%H%M%S") + zone
    canv.setDateFormatter(lambda *_args: stamp)


def para(text: str, style: TextStyle, rtl: bool) -> BidiText:
    return BidiText(text, style, rtl=rtl)


def table(rows: Sequence[Sequence[str | Flowable | list[Flowable]]], widths: Sequence[float],
          rtl: bool, *,
          header: bool = True, style: TextStyle = CELL, header_style: TextStyle = CELL_BOLD,
          numeric: Sequence[int] = (), zebra: bool = True, repeat: bool = True) -> Table:
    """A table of text cells (plain strings become :class:`BidiText`), mirrored when ``rtl``.

    ``numeric`` column indices (logical) are aligned to the end (left in RTL, right in LTR).
    """
    cells: list[list[Flowable]] = []
    for r, row in enumerate(rows):
        out_row: list[Flowable] = []
        for c, value in enumerate(row):
            if isinstance(value, Flowable | list):  # a flowable, or several stacked in the cell
                out_row.append(value)
                continue
            st = header_style if header and r == 0 else style
            if c in numeric:  # numbers and their header line up at the end of the cell
                st = st.derive(align="end")
            out_row.append(BidiText(value, st, rtl=rtl))
        cells.append(out_row[::-1] if rtl else out_row)
    col_widths = list(widths)[::-1] if rtl else list(widths)
    t = Table(cells, colWidths=col_widths, repeatRows=1 if header and repeat else 0,
              hAlign="RIGHT" if rtl else "LEFT")
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # else Table selects (unembedded) Helvetica
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
    if zebra:
        for r in range(1 if header else 0, len(cells)):
            if (r - (1 if header else 0)) % 2 == 1:
                cmds.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f8f9fa")))
    t.setStyle(TableStyle(cmds))
    return t


def key_values(pairs: Sequence[tuple[str, str | Flowable]], width: float, rtl: bool,
               key_width: float = 110.0) -> Table:
    """Two columns, label and value, no header: the label column is on the reading side."""
    label = CELL_BOLD.derive(color=MUTED)
    rows = [[BidiText(k, label, rtl=rtl), v] for k, v in pairs]
    return table(rows, [key_width, width - key_width], rtl, header=False, zebra=False)


class Box(Flowable):
    """A framed placeholder (redacted or missing image) with centred wrapped text."""

    def __init__(self, width: float, height: float, lines: Sequence[str], rtl: bool,
                 fill: colors.Color = SHADE) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.texts = [BidiText(s, SMALL.derive(align="center"), rtl=rtl) for s in lines]
        self.fill = fill

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.fill)
        c.setStrokeColor(MUTED)
        c.setDash(4, 3)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        c.restoreState()
        inner = self.width - 16
        heights = [t.wrap(inner, self.height)[1] for t in self.texts]
        y = (self.height + sum(heights)) / 2
        for t, h in zip(self.texts, heights, strict=True):
            y -= h
            t.drawOn(c, 8, y)


def page_document(out: Any, lang: str) -> BaseDocTemplate:
    """The A4 document every PDF of the app is laid out in (reports, takedown packets): the
    margins, the one body frame and the regular font; ``invariant`` for reproducible files."""
    doc = BaseDocTemplate(out, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN_X,
                          rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
                          initialFontName=REGULAR, initialFontSize=10, lang=lang, invariant=0)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc
