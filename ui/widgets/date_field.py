# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A date (or date and time) field as people in the region write it, with a calendar to pick from
and the date it understood said back in words, so she can check it.

Typed text goes through :func:`app.cases.model.normalize_date_text` (day/month/year, never
month first; ISO 8601; Arabic-Indic digits): ``11/2/2024`` is 11 February 2024. A date stays a
date (no invented time); a typed offset (``+03:00``) is shown and kept. The line under the field
says it in words in the interface language — "Sunday 11 February 2024, 19:52 (UTC+03:00)" — with
the Hijri date (Qt's Islamic civil calendar) when that display option is on, and the digits of
the display option (:data:`DISPLAY`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6 import QtCore, QtWidgets

from app.cases.model import is_date_only, normalize_date_text
from app.errors import AppError
from app.textsafety import DIGIT_STYLES, localize_digits, ltr_isolate
from ui.i18n import _, current


@dataclass
class DisplayOptions:
    """The GUI's digits ("auto": the language's own, Arabic-Indic in Arabic; "western";
    "arabic-indic") and whether Hijri dates are shown; set from :class:`ui.settings.UiSettings`
    at start and when the settings change."""

    choice: str = "auto"
    hijri: bool = False

    @property
    def digits(self) -> str:
        """The digits in use: "western" or "arabic-indic" (the PDF gets the same)."""
        if self.choice in DIGIT_STYLES:
            return self.choice
        return "arabic-indic" if current().lang == "ar" else "western"


DISPLAY = DisplayOptions()


def set_display(digits: str, hijri: bool) -> None:
    DISPLAY.choice = digits if digits in DIGIT_STYLES else "auto"
    DISPLAY.hijri = bool(hijri)


def digits(text: str) -> str:
    """``text`` with the digits of the display option."""
    return localize_digits(text, DISPLAY.digits)


def count_text(n: int) -> str:
    """A count in the display option's digits (``QLocale`` would pick the language's own)."""
    return digits(str(n))


def _locale() -> QtCore.QLocale:
    return QtCore.QLocale(current().lang)


def hijri_words(day: date) -> str:
    """``1 Shaban 1445 AH`` in the interface language (Qt's Islamic civil calendar)."""
    cal = QtCore.QCalendar(QtCore.QCalendar.System.IslamicCivil)
    parts = cal.partsFromDate(QtCore.QDate(day.year, day.month, day.day))
    month = cal.monthName(_locale(), parts.month, parts.year)
    return _("{day} {month} {year} AH").format(day=digits(str(parts.day)), month=month,
                                               year=digits(str(parts.year)))


def date_words(iso: str) -> str:
    """An ISO 8601 value (as :func:`normalize_date_text` returns it) said in words."""
    loc = _locale()
    if is_date_only(iso):
        day = date.fromisoformat(iso)
        moment = None
    else:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        day = moment.date()
    weekday = loc.dayName(day.isoweekday())
    month = loc.monthName(day.month)
    text = _("{weekday} {day} {month} {year}").format(
        weekday=weekday, day=digits(str(day.day)), month=month, year=digits(str(day.year)))
    if moment is not None:
        clock = ltr_isolate(digits(moment.strftime("%H:%M")))
        offset = moment.strftime("%z")
        if not offset:
            zone = _("no time zone given: taken as UTC")
        elif offset in ("+0000", "-0000"):
            zone = "UTC"
        else:
            zone = ltr_isolate(digits(f"UTC{offset[:3]}:{offset[3:]}"))
        text = _("{date}, {time} ({zone})").format(date=text, time=clock, zone=zone)
    if DISPLAY.hijri:
        text += " · " + hijri_words(day)
    return text


def card_date(iso: str, *, with_time: bool = True) -> str:
    """A short local form for a grid card: ``11 Feb 2024, 19:52`` (``١١ فبراير ٢٠٢٤، ١٩:٥٢``),
    in the display option's digits; a date-only value stays a date, the time is the one written
    (its own offset, not converted); no weekday, zone or Hijri date (the detail has them)."""
    loc = _locale()
    day = date.fromisoformat(iso[:10])
    month = loc.monthName(day.month, QtCore.QLocale.FormatType.ShortFormat)
    text = _("{day} {month} {year}").format(day=digits(str(day.day)), month=month,
                                            year=digits(str(day.year)))
    if with_time and not is_date_only(iso) and len(iso) >= 16:
        text = _("{date}, {time}").format(date=text, time=ltr_isolate(digits(iso[11:16])))
    return text


def typed_form(iso: str) -> str:
    """A stored ISO value written back as she would type it: ``11/2/2024 19:52 +03:00``."""
    if not iso:
        return ""
    if is_date_only(iso):
        d = date.fromisoformat(iso)
        return f"{d.day}/{d.month}/{d.year}"
    m = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    text = f"{m.day}/{m.month}/{m.year} {m:%H:%M:%S}" if m.second else \
        f"{m.day}/{m.month}/{m.year} {m:%H:%M}"
    offset = m.strftime("%z")
    if offset:
        text += f" {offset[:3]}:{offset[3:]}"  # +00:00 for UTC: digits only, any language
    return text


class DateFieldWidget(QtWidgets.QWidget):
    """Emits:
        value_changed(): the typed text changed (valid or not).
    """

    value_changed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None, *,
                 with_time: bool = True) -> None:
        super().__init__(parent)
        self._with_time = with_time
        self.edit = QtWidgets.QLineEdit(self)
        self.edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        example = "11/2/2024 19:52 +03:00" if with_time else "11/2/2024"
        self.edit.setPlaceholderText(_("day/month/year, e.g. {example}").format(
            example=ltr_isolate(example)))
        self.edit.setAccessibleName(_("Date"))
        self.pick_button = QtWidgets.QToolButton(self)
        self.pick_button.setText(_("Calendar…"))
        self.pick_button.setAccessibleName(_("Pick the date from a calendar"))
        self.pick_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QtWidgets.QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        menu = QtWidgets.QMenu(self.pick_button)
        action = QtWidgets.QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.pick_button.setMenu(menu)
        self.words_label = QtWidgets.QLabel(self)
        self.words_label.setObjectName("hint")
        self.words_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.words_label.setWordWrap(True)
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.words_label)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.words_label.hide()

    def set_value(self, iso: str) -> None:
        """A stored value (ISO 8601, or "") shown as she would type it."""
        self.edit.setText(typed_form(iso))

    def text(self) -> str:
        return self.edit.text().strip()

    def value(self) -> str:
        """The typed date as ISO 8601 ("" when empty). Raises AppError ``cases.bad_date``."""
        text = self.text()
        return normalize_date_text(text) if text else ""

    def value_or_text(self) -> str:
        """:meth:`value`, or the text as typed when it is not a date (the core refuses it)."""
        try:
            return self.value()
        except AppError:
            return self.text()

    def refresh_display(self) -> None:
        """The words under the field again, in the display option's digits and calendar (the
        typed text stays as typed)."""
        self._show_words(self.edit.text())

    @QtCore.Slot(str)
    def _on_edit_text_changed(self, text: str) -> None:
        self._show_words(text)
        self.value_changed.emit()

    def _show_words(self, text: str) -> None:
        if not text.strip():
            self.words_label.hide()
            return
        try:
            iso = normalize_date_text(text)
        except AppError:
            self.words_label.setObjectName("error")
            self.words_label.setText(_("Not a date yet: write day/month/year, for example {ex}.")
                                     .format(ex=ltr_isolate("11/2/2024")))
        else:
            self.words_label.setObjectName("hint")
            self.words_label.setText(date_words(iso))
            day = date.fromisoformat(iso[:10])
            self.calendar.setSelectedDate(QtCore.QDate(day.year, day.month, day.day))
        self.words_label.style().unpolish(self.words_label)
        self.words_label.style().polish(self.words_label)
        self.words_label.show()

    @QtCore.Slot(QtCore.QDate)
    def _on_calendar_clicked(self, picked: QtCore.QDate) -> None:
        """The picked day replaces the typed day; a typed time and offset are kept."""
        rest = ""
        try:
            iso = self.value()
        except AppError:
            iso = ""
        if iso and not is_date_only(iso):
            rest = typed_form(iso).partition(" ")[2]
        text = f"{picked.day()}/{picked.month()}/{picked.year()}"
        self.edit.setText(f"{text} {rest}".strip())
        menu = self.pick_button.menu()
        if menu is not None:
            menu.hide()
