# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A gentle "take a break" after a long time spent looking at graphic or intimate items (opt-in:
``UiSettings.break_reminder``, off by default).

Only the time counts during which she sees an item flagged sensitive in the main window — shown
unblurred, or revealed with a click (:meth:`BreakReminder.set_viewing`); a blurred item or an
ordinary one pauses the count, locking or turning the option off resets it. After
:data:`VIEWING_MINUTES` of such viewing it suggests a break once
and starts counting again. Nothing is stored: the count lives in this process only.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.i18n import _, ngettext
from ui.widgets.date_field import digits

VIEWING_MINUTES = 20


class BreakReminder(QtCore.QObject):
    """Emits:
        break_suggested(int): minutes of viewing sensitive items since the last suggestion.
    """

    break_suggested = QtCore.Signal(int)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._enabled = False
        self._viewing = False
        self._limit_ms = VIEWING_MINUTES * 60 * 1000
        self._spent_ms = 0  # viewing time counted before the current stretch
        self._clock = QtCore.QElapsedTimer()  # the current stretch of viewing
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    def set_limit_ms(self, ms: int) -> None:
        """The viewing time before a suggestion (tests use a short one)."""
        self._limit_ms = max(1, int(ms))
        self._arm()

    def set_enabled(self, enabled: bool) -> None:
        if enabled != self._enabled:
            self._enabled = enabled
            self.reset()

    def is_counting(self) -> bool:
        return self._timer.isActive()

    def spent_ms(self) -> int:
        running = self._clock.elapsed() if self._clock.isValid() else 0
        return self._spent_ms + running

    def set_viewing(self, sensitive: bool) -> None:
        """The item now open is (or is not) flagged graphic or intimate."""
        if sensitive == self._viewing:
            return
        if not sensitive:
            self._spent_ms = self.spent_ms()
            self._clock.invalidate()
        self._viewing = sensitive
        self._arm()

    def reset(self) -> None:
        """Forget the time counted (the vault locked, the option changed)."""
        self._spent_ms = 0
        self._viewing = False
        self._clock.invalidate()
        self._timer.stop()

    def _arm(self) -> None:
        if not (self._enabled and self._viewing):
            self._timer.stop()
            return
        if not self._clock.isValid():
            self._clock.start()
        self._timer.start(max(0, self._limit_ms - self.spent_ms()))

    @QtCore.Slot()
    def _on_timer_timeout(self) -> None:
        minutes = max(1, round(self.spent_ms() / 60000))
        self._spent_ms = 0
        self._clock.start()
        self._timer.start(self._limit_ms)
        self.break_suggested.emit(minutes)


def break_message(minutes: int) -> str:
    return ngettext(
        "You have been looking at difficult material for {minutes} minute. It is all right to "
        "stop for a while: stand up, drink some water, look out of a window. The evidence is "
        "safe here and will wait for you.",
        "You have been looking at difficult material for {minutes} minutes. It is all right to "
        "stop for a while: stand up, drink some water, look out of a window. The evidence is "
        "safe here and will wait for you.", minutes).format(minutes=digits(str(minutes)))


def break_box(parent: QtWidgets.QWidget, minutes: int) -> QtWidgets.QMessageBox:
    """The suggestion, as a box she closes (not modal: she may go on if she must)."""
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, _("Time for a break?"),
                                break_message(minutes), QtWidgets.QMessageBox.StandardButton.Ok,
                                parent)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    box.setWindowModality(QtCore.Qt.WindowModality.NonModal)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def break_reminder_choice() -> str:
    """The settings' check box for this option."""
    return ngettext("Suggest a break after {minutes} minute of looking at graphic or intimate "
                    "items",
                    "Suggest a break after {minutes} minutes of looking at graphic or intimate "
                    "items", VIEWING_MINUTES).format(minutes=digits(str(VIEWING_MINUTES)))
