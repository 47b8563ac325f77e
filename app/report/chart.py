# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Timeline chart (items per day, or per week for long periods) drawn with reportlab graphics.

Axis labels (dates, counts) are drawn in the embedded report font; the title and legend are
ordinary paragraphs around the drawing, so their Arabic is shaped, reordered and extractable like
any other text. The time axis runs left to right in both languages (the convention of Arabic
statistical publications too); in Arabic the value axis sits on the right.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors

from app.report.fonts import REGULAR
from app.report.model import DayCount
from app.textsafety import localize_digits

BAR = colors.HexColor("#7b2d43")
PEAK = colors.HexColor("#e8a33d")  # the peak days (or weeks holding one): a distinct colour
# the platforms of a split chart, in order (the last colour stands for every further platform)
PLATFORM_COLOURS = tuple(colors.HexColor(c) for c in (
    "#7b2d43", "#2f6f8f", "#5b8c5a", "#8e6bb0", "#b5654a", "#9aa5b1"))
AXIS = colors.HexColor("#52606d")


def bucket(days: Sequence[DayCount], max_bars: int = 45) -> tuple[list[date], list[int], bool]:
    """Fill gaps with zero days; fold into ISO weeks (Mondays) beyond ``max_bars`` days."""
    if not days:
        return [], [], False
    counts = {d.day: d.count for d in days}
    first, last = min(counts), max(counts)
    span = (last - first).days + 1
    if span <= max_bars:
        keys = [first + timedelta(days=i) for i in range(span)]
        return keys, [counts.get(k, 0) for k in keys], False
    weekly: dict[date, int] = {}
    for d, c in counts.items():
        monday = d - timedelta(days=d.weekday())
        weekly[monday] = weekly.get(monday, 0) + c
    start = first - timedelta(days=first.weekday())
    keys = []
    while start <= last:
        keys.append(start)
        start += timedelta(days=7)
    return keys, [weekly.get(k, 0) for k in keys], True


def timeline(days: Sequence[DayCount], width: float, height: float, *, rtl: bool,
             digits: str = "western", peaks: Collection[date] = (),
             split: Sequence[Sequence[DayCount]] = ()) -> Drawing:
    """A bar chart of ``days`` (its title and legend are paragraphs around it, see sections).

    The bars of the ``peaks`` days (per week: the weeks holding one) are in :data:`PEAK`; with
    ``split`` (the same days, one series a platform, in :data:`PLATFORM_COLOURS` order) the bars
    are stacked by platform and a peak is marked by a :data:`PEAK` band above its bar."""
    keys, values, weekly = bucket(days)
    marked = {p - timedelta(days=p.weekday()) for p in peaks} if weekly else set(peaks)
    series = [_on(keys, s, weekly) for s in split] if len(split) > 1 and keys else []
    d = Drawing(width, height)
    d.__dict__["initialFontName"] = REGULAR  # renderPDF's start state; default is Helvetica
    chart = VerticalBarChart()
    left_pad, right_pad = (8, 24) if rtl else (24, 8)
    chart.x, chart.y = left_pad, 18
    chart.width, chart.height = width - left_pad - right_pad, height - 26
    chart.data = series or [values or [0]]
    if series:
        chart.categoryAxis.style = "stacked"
        for n in range(len(series)):
            chart.bars[n].fillColor = PLATFORM_COLOURS[min(n, len(PLATFORM_COLOURS) - 1)]
            chart.bars[n].strokeColor = None
    else:
        chart.bars[0].fillColor = BAR
        chart.bars[0].strokeColor = None
        for i, k in enumerate(keys):
            if k in marked:
                chart.bars[(0, i)].fillColor = PEAK
    chart.barSpacing = 1
    chart.groupSpacing = 2
    step = max(1, len(keys) // 12)
    chart.categoryAxis.categoryNames = [
        localize_digits(k.strftime("%m-%d"), digits) if i % step == 0 else ""
        for i, k in enumerate(keys)] or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0
    chart.categoryAxis.labels.dy = -4
    chart.categoryAxis.strokeColor = AXIS
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: localize_digits(f"{v:g}", digits)
    chart.valueAxis.valueMin = 0
    top = max(values or [1])
    chart.valueAxis.valueMax = max(2, top + (1 if top < 10 else top // 10))
    chart.valueAxis.valueStep = max(1, (chart.valueAxis.valueMax + 4) // 5)
    chart.valueAxis.strokeColor = AXIS
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e7eb")
    chart.valueAxis.visibleGrid = True
    if rtl:
        chart.valueAxis.joinAxisMode = "right"
        chart.valueAxis.labels.dx = 4
        chart.valueAxis.labels.textAnchor = "start"
    d.add(chart)
    if series:  # a band above each peak bar, the bar's width
        slot = chart.width / len(keys)
        for i, (k, v) in enumerate(zip(keys, values, strict=True)):
            if k in marked:
                top = chart.y + chart.height * v / chart.valueAxis.valueMax
                d.add(Rect(chart.x + i * slot + 1.5, top + 1.5, slot - 3, 4, fillColor=PEAK,
                           strokeColor=None))
    return d


def _on(keys: Sequence[date], days: Sequence[DayCount], weekly: bool) -> list[int]:
    """``days`` counted on the chart's ``keys`` (days, or the Mondays of their weeks)."""
    counts: dict[date, int] = {}
    for d in days:
        k = d.day - timedelta(days=d.day.weekday()) if weekly else d.day
        counts[k] = counts.get(k, 0) + d.count
    return [counts.get(k, 0) for k in keys]
