# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Hijri dates beside Gregorian ones in the PDF: the Islamic civil (tabular) calendar.

Python's standard library has no Hijri calendar and the report has no Qt; this is the arithmetic
calendar Qt calls ``QCalendar.System.IslamicCivil`` (the GUI uses that one): 30-year cycles with
leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and 29, months alternating 30 and 29 days (the
twelfth 30 in a leap year), 1 Muharram 1 AH = 16 July 622 (Julian; Julian day 1948440). It can
differ by a day or two from a sighted or Umm al-Qura date: the report says "civil" for that reason.
``tests/ui/test_hijri.py`` checks it against Qt's for many dates.
"""

from __future__ import annotations

from datetime import date

from app.i18n import N_

EPOCH_JD = 1948440  # Julian day number of 1 Muharram 1 AH (civil epoch)
_ORDINAL_TO_JD = 1721425  # date(1, 1, 1).toordinal() == 1 is Julian day 1721426

MONTHS = (N_("Muharram"), N_("Safar"), N_("Rabi al-Awwal"), N_("Rabi al-Thani"),
          N_("Jumada al-Ula"), N_("Jumada al-Akhirah"), N_("Rajab"), N_("Shaban"),
          N_("Ramadan"), N_("Shawwal"), N_("Dhu al-Qadah"), N_("Dhu al-Hijjah"))


def _jd_of(year: int, month: int, day: int) -> int:
    return (day + (59 * (month - 1) + 1) // 2 + (year - 1) * 354 + (3 + 11 * year) // 30
            + EPOCH_JD - 1)


def to_hijri(day: date) -> tuple[int, int, int]:
    """A Gregorian date → (Hijri year, month 1-12, day 1-30) of the civil calendar."""
    jd = day.toordinal() + _ORDINAL_TO_JD
    year = (30 * (jd - EPOCH_JD) + 10646) // 10631
    month = min(12, -(-(jd - 29 - _jd_of(year, 1, 1)) * 2 // 59) + 1)
    month = max(1, month)
    return year, month, jd - _jd_of(year, month, 1) + 1


def from_hijri(year: int, month: int, day: int) -> date:
    """(Hijri year, month, day) of the civil calendar → the Gregorian date."""
    return date.fromordinal(_jd_of(year, month, day) - _ORDINAL_TO_JD)


__all__ = ["MONTHS", "from_hijri", "to_hijri"]
