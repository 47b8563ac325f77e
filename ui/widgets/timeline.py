# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The timeline of a case: items per day as bars stacked by platform, drawn with QPainter.

Direction (documented choice): in Arabic the widget mirrors what is *text* — the legend runs from
the right, the count scale sits on the right edge, labels are Arabic with Arabic-Indic digits
through ``QLocale`` — but the **time axis always runs left to right, oldest day on the left**.
A calendar strip reversed mid-layout is hard to compare with the dates written in the evidence
(ISO ``2026-03-14``, always left to right), with the same chart in an English report, or with what
an organisation's analyst sees; Arabic newspapers and statistics offices print time series left to
right too. So bars are laid out with absolute (left-to-right) coordinates while every text
element follows the layout direction.

The widget only draws what :meth:`set_data` gives it (a ``app.cases.timeline.TimelineData``); it
reads nothing from the vault.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import _, current, ngettext

# One colour per platform key, readable on light and dark backgrounds; "" is "no platform".
COLOURS = {"facebook": "#3b5ba9", "instagram": "#c13584", "whatsapp": "#25a05a",
           "messenger": "#0a7cff", "x": "#444444", "telegram": "#2aa0d8", "tiktok": "#e0445a",
           "youtube": "#d42020", "snapchat": "#c9b400", "other": "#8a6d3b", "": "#9a9a9a"}
MAX_DAYS = 400  # longer cases are drawn per day still; bars just get thin


class TimelineWidget(QtWidgets.QWidget):
    """Bars per day, stacked by platform. No signals: it only shows."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMinimumSize(420, 220)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                           QtWidgets.QSizePolicy.Policy.Expanding)
        self._data: Any = None
        self._span: list[str] = []

    # --- model -----------------------------------------------------------------------------------
    def set_data(self, data: Any) -> None:
        """``data``: a ``TimelineData``; every calendar day between the first and the last is
        drawn (empty days too, so gaps in a campaign show)."""
        self._data = data
        self._span = []
        if data is not None and data.days:
            first, last = date.fromisoformat(data.days[0]), date.fromisoformat(data.days[-1])
            n = min((last - first).days + 1, MAX_DAYS)
            self._span = [(first + timedelta(days=i)).isoformat() for i in range(n)]
        self.setToolTip(self.summary())
        self.update()

    def day_totals(self) -> dict[str, int]:
        """Items per day as drawn (days without items left out)."""
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
        days = len(self._span)  # the span is counted on its own: Arabic «٤ أيام», «١١ يوماً»
        over_days = ngettext("over {days} day", "over {days} days", days).format(
            days=loc.toString(days))
        return ngettext("{count} item {over_days}", "{count} items {over_days}",
                        self._data.total).format(count=loc.toString(self._data.total),
                                                 over_days=over_days)

    # --- painting ------------------------------------------------------------------------------
    def _date_label(self, iso: str) -> str:
        return QtCore.QLocale().toString(QtCore.QDate.fromString(iso, "yyyy-MM-dd"), "d MMM yyyy")

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QtGui.QPalette.ColorRole.Base))
        fm = QtGui.QFontMetrics(self.font())
        rtl = self.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
        text_pen = QtGui.QPen(pal.color(QtGui.QPalette.ColorRole.Text))
        p.setPen(text_pen)
        if not self._span:
            p.drawText(self.rect(), QtCore.Qt.AlignmentFlag.AlignCenter, self.summary())
            return
        loc = QtCore.QLocale()
        totals = self.day_totals()
        peak = max(totals.values())
        line_h = fm.height()
        scale_w = fm.horizontalAdvance(loc.toString(peak)) + 8
        legend_h = line_h + 8
        top, bottom = legend_h + 6, self.height() - line_h - 10
        left, right = (6, self.width() - scale_w - 6) if rtl else (scale_w + 6, self.width() - 6)
        plot = QtCore.QRectF(left, top, max(10, right - left), max(10, bottom - top))
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
        # count scale: 0 and the peak, on the side the text starts from
        scale_x = plot.right() + 4 if rtl else 2
        for value, y in ((0, plot.bottom()), (peak, plot.top())):
            p.drawText(QtCore.QRectF(scale_x, y - line_h / 2, scale_w - 6, line_h),
                       int(QtCore.Qt.AlignmentFlag.AlignVCenter |
                           (QtCore.Qt.AlignmentFlag.AlignLeft if rtl else
                            QtCore.Qt.AlignmentFlag.AlignRight)), loc.toString(value))
        grid = QtGui.QPen(pal.color(QtGui.QPalette.ColorRole.Mid))
        p.setPen(grid)
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        # bars: time always left (oldest) to right (newest)
        step = plot.width() / len(self._span)
        bar_w = max(1.0, step * 0.75)
        order = self.platforms()
        for i, day in enumerate(self._span):
            counts = self._data.counts.get(day)
            if not counts:
                continue
            y = plot.bottom()
            bx = plot.left() + i * step + (step - bar_w) / 2
            for key in order:
                n = counts.get(key, 0)
                if not n:
                    continue
                h = plot.height() * n / peak
                p.fillRect(QtCore.QRectF(bx, y - h, bar_w, h),
                           QtGui.QColor(COLOURS.get(key, COLOURS["other"])))
                y -= h
        # time labels under the axis: first day at the left, last at the right, in any language
        p.setPen(text_pen)
        first, last = self._date_label(self._span[0]), self._date_label(self._span[-1])
        label_y = plot.bottom() + 4
        p.drawText(QtCore.QRectF(plot.left(), label_y, plot.width() / 2, line_h),
                   int(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignAbsolute),
                   first)
        if len(self._span) > 1:
            p.drawText(QtCore.QRectF(plot.center().x(), label_y, plot.width() / 2, line_h),
                       int(QtCore.Qt.AlignmentFlag.AlignRight |
                           QtCore.Qt.AlignmentFlag.AlignAbsolute), last)
        p.end()
