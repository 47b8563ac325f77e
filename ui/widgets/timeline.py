# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The timeline of a case: items per period as bars stacked by platform, drawn with QPainter.

Any span is drawn: the widget groups days into weeks, months or years when a bar per day would
be narrower than ``MIN_STEP`` pixels, so a campaign of several years still shows every item and
no bar is a 1-px line. In Arabic the whole chart is mirrored as the page is: the oldest period on
the right, time running leftwards, the count scale and the legend on the right.

A click on a bar (or Enter/Space on the bar chosen with the arrow keys) emits
``span_activated(day_from, day_to)``: the ISO days (inclusive) of that period, which the case
editor passes to the browse flow to filter the evidence list.

The widget only draws what :meth:`set_data` gives it (a ``app.cases.timeline.TimelineData``); it
reads nothing from the vault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import _, current, ngettext

# One colour per platform key, readable on light and dark backgrounds; "" is "no platform".
COLOURS = {"facebook": "#3b5ba9", "instagram": "#c13584", "whatsapp": "#25a05a",
           "messenger": "#0a7cff", "x": "#444444", "telegram": "#2aa0d8", "tiktok": "#e0445a",
           "youtube": "#d42020", "snapchat": "#c9b400", "other": "#8a6d3b", "": "#9a9a9a"}
MIN_STEP = 9  # px per period at least: a bar is then >= 6 px wide
MAX_BAR = 40  # px: a case of three days does not draw three walls
UNITS = ("day", "week", "month", "year")


@dataclass
class Period:
    """One bar: its first and last day (ISO, inclusive) and items per platform."""

    first: str
    last: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _period_start(day: date, unit: str, origin: date) -> date:
    if unit == "day":
        return day
    if unit == "week":  # weeks counted from the case's first day
        return origin + timedelta(days=(day - origin).days // 7 * 7)
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_start(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def periods(data: Any, unit: str) -> list[Period]:
    """Every period from the first dated day to the last, empty ones too (gaps show)."""
    if data is None or not data.days:
        return []
    first, last = date.fromisoformat(data.days[0]), date.fromisoformat(data.days[-1])
    out: list[Period] = []
    start = _period_start(first, unit, first)
    index: dict[date, Period] = {}
    while start <= last:
        end = min(_next_start(start, unit) - timedelta(days=1), last)
        period = Period(max(start, first).isoformat(), end.isoformat())
        index[start] = period
        out.append(period)
        start = _next_start(start, unit)
    for day in data.days:
        period = index[_period_start(date.fromisoformat(day), unit, first)]
        for key, n in data.counts[day].items():
            period.counts[key] = period.counts.get(key, 0) + n
    return out


class TimelineWidget(QtWidgets.QWidget):
    """Emits:
        span_activated(str, str): the first and last ISO day of the bar clicked or chosen.
    """

    span_activated = QtCore.Signal(str, str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMinimumSize(420, 220)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                           QtWidgets.QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Timeline"))
        self._data: Any = None
        self._days = 0
        self._unit = "day"
        self._periods: list[Period] = []
        self._current = -1

    # --- model -----------------------------------------------------------------------------------
    def set_data(self, data: Any) -> None:
        """``data``: a ``TimelineData``; every period between the first and the last dated day
        is drawn, however long the campaign."""
        self._data = data
        self._days = 0
        if data is not None and data.days:
            self._days = (date.fromisoformat(data.days[-1])
                          - date.fromisoformat(data.days[0])).days + 1
        self._current = -1
        self._regroup()
        self.setToolTip(self.summary())
        self.setAccessibleDescription(self.summary())
        self.update()

    def _regroup(self) -> None:
        width = max(1, self._plot_rect().width())
        self._unit = UNITS[-1]
        for unit in UNITS:
            if len(periods(self._data, unit)) * MIN_STEP <= width:
                self._unit = unit
                break
        self._periods = periods(self._data, self._unit)
        if self._current >= len(self._periods):
            self._current = len(self._periods) - 1

    def unit(self) -> str:
        """"day", "week", "month" or "year": what one bar counts."""
        return self._unit

    def periods(self) -> list[Period]:
        return list(self._periods)

    def day_totals(self) -> dict[str, int]:
        """Items per day (days without items left out)."""
        if self._data is None:
            return {}
        return {d: sum(self._data.counts[d].values()) for d in self._data.days}

    def platforms(self) -> list[str]:
        """Platform keys present, in the vault's order ("" last)."""
        if self._data is None:
            return []
        seen = {p for counts in self._data.counts.values() for p in counts}
        order = [k for k in self._data.names if k in seen]
        return order + ([""] if "" in seen else [])

    def platform_name(self, key: str) -> str:
        if not key:
            return _("No platform")
        en, ar = self._data.names.get(key, (key, key))
        return ar if current().lang == "ar" and ar else en

    def summary(self) -> str:
        if self._data is None or not self._data.days:
            return _("No dated items in this case yet.")
        loc = QtCore.QLocale()
        days = self._days  # the span is counted on its own: Arabic «٤ أيام», «١١ يوماً»
        over_days = ngettext("over {days} day", "over {days} days", days).format(
            days=loc.toString(days))
        return ngettext("{count} item {over_days}", "{count} items {over_days}",
                        self._data.total).format(count=loc.toString(self._data.total),
                                                 over_days=over_days)

    def period_text(self, index: int) -> str:
        """"3 Mar 2026 – 9 Mar 2026: 4 items", for the tooltip and the screen reader."""
        period = self._periods[index]
        loc = QtCore.QLocale()
        when = self._date_label(period.first)
        if period.last != period.first:
            when = _("{first} – {last}").format(first=when, last=self._date_label(period.last))
        return _("{when}: {items}").format(when=when, items=ngettext(
            "{count} item", "{count} items", period.total).format(
                count=loc.toString(period.total)))

    # --- geometry ------------------------------------------------------------------------------
    def _rtl(self) -> bool:
        return self.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft

    def _scale_w(self) -> int:
        """Wide enough for the largest count a bar can have (the case's total)."""
        total = self._data.total if self._data is not None else 0
        return QtGui.QFontMetrics(self.font()).horizontalAdvance(
            QtCore.QLocale().toString(total)) + 8

    def _plot_rect(self) -> QtCore.QRectF:
        fm = QtGui.QFontMetrics(self.font())
        line_h = fm.height()
        scale_w = self._scale_w()
        top, bottom = line_h + 14, self.height() - line_h - 10
        left, right = ((6, self.width() - scale_w - 6) if self._rtl()
                       else (scale_w + 6, self.width() - 6))
        return QtCore.QRectF(left, top, max(10, right - left), max(10, bottom - top))

    def _step(self, plot: QtCore.QRectF) -> float:
        return plot.width() / max(1, len(self._periods))

    def bar_rect(self, index: int) -> QtCore.QRectF:
        """The full-height slot of bar ``index`` (0 the oldest): mirrored in Arabic."""
        plot = self._plot_rect()
        step = self._step(plot)
        bar_w = min(MAX_BAR, max(6.0, step * 0.75))
        slot = plot.right() - (index + 1) * step if self._rtl() else plot.left() + index * step
        return QtCore.QRectF(slot + (step - bar_w) / 2, plot.top(), bar_w, plot.height())

    def index_at(self, x: float) -> int:
        """The period under ``x`` (the whole slot, not only the bar), or -1."""
        plot = self._plot_rect()
        if not self._periods or not plot.left() <= x <= plot.right():
            return -1
        step = self._step(plot)
        i = int((plot.right() - x) // step) if self._rtl() else int((x - plot.left()) // step)
        return max(0, min(len(self._periods) - 1, i))

    def current_index(self) -> int:
        return self._current

    def set_current_index(self, index: int) -> None:
        if not self._periods:
            return
        self._current = max(0, min(len(self._periods) - 1, index))
        text = self.period_text(self._current)
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def activate(self, index: int) -> None:
        if 0 <= index < len(self._periods):
            self.set_current_index(index)
            period = self._periods[index]
            self.span_activated.emit(period.first, period.last)

    # --- events --------------------------------------------------------------------------------
    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._regroup()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QtCore.QEvent.Type.LayoutDirectionChange,
                            QtCore.QEvent.Type.FontChange):
            self._regroup()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            index = self.index_at(event.position().x())
            if index >= 0:
                self.activate(index)
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        index = self.index_at(event.position().x())
        self.setToolTip(self.period_text(index) if index >= 0 else self.summary())
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        if not self._periods:
            super().keyPressEvent(event)
            return
        # arrows move on screen: Right goes right, which is back in time in Arabic
        later = QtCore.Qt.Key.Key_Left if self._rtl() else QtCore.Qt.Key.Key_Right
        earlier = QtCore.Qt.Key.Key_Right if self._rtl() else QtCore.Qt.Key.Key_Left
        cur = self._current
        if key == later:
            self.set_current_index(cur + 1 if cur >= 0 else 0)
        elif key == earlier:
            self.set_current_index(cur - 1 if cur >= 0 else len(self._periods) - 1)
        elif key == QtCore.Qt.Key.Key_Home:
            self.set_current_index(0)
        elif key == QtCore.Qt.Key.Key_End:
            self.set_current_index(len(self._periods) - 1)
        elif key in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter, QtCore.Qt.Key.Key_Space):
            self.activate(cur if cur >= 0 else 0)
        else:
            super().keyPressEvent(event)

    # --- painting ------------------------------------------------------------------------------
    def _date_label(self, iso: str) -> str:
        fmt = {"month": "MMM yyyy", "year": "yyyy"}.get(self._unit, "d MMM yyyy")
        return QtCore.QLocale().toString(QtCore.QDate.fromString(iso, "yyyy-MM-dd"), fmt)

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        p = QtGui.QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QtGui.QPalette.ColorRole.Base))
        fm = QtGui.QFontMetrics(self.font())
        rtl = self._rtl()
        text_pen = QtGui.QPen(pal.color(QtGui.QPalette.ColorRole.Text))
        p.setPen(text_pen)
        if not self._periods:
            p.drawText(self.rect(), QtCore.Qt.AlignmentFlag.AlignCenter, self.summary())
            p.end()
            return
        loc = QtCore.QLocale()
        peak = max([1] + [period.total for period in self._periods])
        line_h = fm.height()
        scale_w = self._scale_w()
        plot = self._plot_rect()
        # legend: follows the reading direction
        x = self.width() - 6 if rtl else 6
        for key in self.platforms():
            name = self.platform_name(key)
            w = fm.horizontalAdvance(name) + 12 + 14
            box_x = x - 12 if rtl else x
            p.fillRect(QtCore.QRectF(box_x, 6 + (line_h - 10) / 2, 10, 10),
                       QtGui.QColor(COLOURS.get(key, COLOURS["other"])))
            text_rect = QtCore.QRectF(x - w if rtl else x + 14, 6, w - 14, line_h)
            p.drawText(text_rect, int(QtCore.Qt.AlignmentFlag.AlignVCenter |
                                      (QtCore.Qt.AlignmentFlag.AlignRight if rtl else
                                       QtCore.Qt.AlignmentFlag.AlignLeft)), name)
            x = x - w if rtl else x + w
        # count scale: 0 and the peak, on the side time starts from
        scale_x = plot.right() + 4 if rtl else 2
        for value, y in ((0, plot.bottom()), (peak, plot.top())):
            p.drawText(QtCore.QRectF(scale_x, y - line_h / 2, scale_w - 6, line_h),
                       int(QtCore.Qt.AlignmentFlag.AlignVCenter |
                           (QtCore.Qt.AlignmentFlag.AlignLeft if rtl else
                            QtCore.Qt.AlignmentFlag.AlignRight)), loc.toString(value))
        p.setPen(QtGui.QPen(pal.color(QtGui.QPalette.ColorRole.Mid)))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        order = self.platforms()
        for i, period in enumerate(self._periods):
            slot = self.bar_rect(i)
            if i == self._current:
                p.fillRect(slot, pal.color(QtGui.QPalette.ColorRole.AlternateBase))
            y = plot.bottom()
            for key in order:
                n = period.counts.get(key, 0)
                if not n:
                    continue
                h = max(2.0, plot.height() * n / peak)
                p.fillRect(QtCore.QRectF(slot.left(), y - h, slot.width(), h),
                           QtGui.QColor(COLOURS.get(key, COLOURS["other"])))
                y -= h
            if i == self._current and self.hasFocus():
                p.setPen(QtGui.QPen(pal.color(QtGui.QPalette.ColorRole.Highlight), 2))
                p.drawRect(slot.adjusted(-2, -2, 2, 2))
        # time labels under the axis: the oldest where time starts (left, or right in Arabic)
        p.setPen(text_pen)
        first = self._date_label(self._periods[0].first)
        last = self._date_label(self._periods[-1].first)
        label_y = plot.bottom() + 4
        half_w = plot.width() / 2
        start_rect = QtCore.QRectF(plot.center().x() if rtl else plot.left(), label_y, half_w,
                                   line_h)
        end_rect = QtCore.QRectF(plot.left() if rtl else plot.center().x(), label_y, half_w,
                                 line_h)
        absolute = QtCore.Qt.AlignmentFlag.AlignAbsolute
        left_, right_ = QtCore.Qt.AlignmentFlag.AlignLeft, QtCore.Qt.AlignmentFlag.AlignRight
        p.drawText(start_rect, int((right_ if rtl else left_) | absolute), first)
        if len(self._periods) > 1:
            p.drawText(end_rect, int((left_ if rtl else right_) | absolute), last)
        p.end()
