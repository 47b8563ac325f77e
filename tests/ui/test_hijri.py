# SPDX-License-Identifier: GPL-3.0-or-later
"""The PDF's arithmetic Hijri calendar (app/report/hijri.py, no Qt) agrees with Qt's Islamic civil
calendar, which the GUI uses, on every day from 1900 to 2100 (issue 13)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6 import QtCore

from app.report.hijri import from_hijri, to_hijri


def test_the_pdf_hijri_dates_equal_qts_islamic_civil_calendar() -> None:
    cal = QtCore.QCalendar(QtCore.QCalendar.System.IslamicCivil)
    day, end, checked = date(1900, 1, 1), date(2100, 1, 1), 0
    while day < end:
        parts = cal.partsFromDate(QtCore.QDate(day.year, day.month, day.day))
        assert to_hijri(day) == (parts.year, parts.month, parts.day), day
        checked += 1
        day += timedelta(days=1)
    assert checked == 73_049
    # and back: Qt's first of each Hijri month is the same Gregorian day
    for year in range(1318, 1530):
        for month in range(1, 13):
            qd = cal.dateFromParts(year, month, 1)
            assert from_hijri(year, month, 1) == date(qd.year(), qd.month(), qd.day())
