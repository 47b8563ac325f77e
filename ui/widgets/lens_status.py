# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The lens queue in the status bar: "Reading pictures: 3 of 10", a small bar, Pause/Resume.
Hidden while nothing waits and nothing is paused."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.i18n import _, ngettext


class LensStatusWidget(QtWidgets.QWidget):
    """Emits:
        pause_requested(bool): True to pause the background reading, False to resume it.
    """

    pause_requested = QtCore.Signal(bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._paused = False
        self.label = QtWidgets.QLabel(self)
        self.bar = QtWidgets.QProgressBar(self)
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        self.pause_button = QtWidgets.QToolButton(self)
        self.pause_button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addStretch(1)  # the words stay beside their bar
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.pause_button)
        self.pause_button.clicked.connect(self._on_pause_button_clicked)
        self._set_button()
        self.hide()

    @property
    def paused(self) -> bool:
        return self._paused

    def show_progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` pictures' tasks (hashing and reading) in this run."""
        if total <= 0 or done >= total:
            if not self._paused:
                self.hide()
            return
        loc = QtCore.QLocale()
        self.label.setText(ngettext("Reading pictures: {done} of {total}",
                                    "Reading pictures: {done} of {total}", total).format(
            done=loc.toString(done), total=loc.toString(total)))
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.bar.show()
        self.show()

    def set_paused(self, paused: bool, waiting: int = 0) -> None:
        self._paused = paused
        self._set_button()
        if paused:
            self.bar.hide()
            self.label.setText(ngettext("Reading paused: {count} task waits.",
                                        "Reading paused: {count} tasks wait.", waiting).format(
                count=QtCore.QLocale().toString(waiting)))
            self.show()

    def finish(self) -> None:
        if not self._paused:
            self.hide()

    def _set_button(self) -> None:
        self.pause_button.setText(_("Resume") if self._paused else _("Pause"))
        self.pause_button.setToolTip(
            _("Go on reading the text in pictures and comparing them") if self._paused else
            _("Stop reading pictures for now; what is left waits in the vault"))

    @QtCore.Slot()
    def _on_pause_button_clicked(self) -> None:
        self.pause_requested.emit(not self._paused)
