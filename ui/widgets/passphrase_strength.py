# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A rough passphrase strength hint. Not a guarantee: it only nudges towards long passphrases.

The estimate counts length and variety (Arabic letters count as a class of their own); a
passphrase of several words is what we recommend.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.i18n import N_, _

# the bar's colour by level: red, orange-red, amber, green — always with the words beside it
COLOURS = ("#c92a2a", "#e8590c", "#e0a800", "#2f9e44")
LEVELS = (
    N_("Too short: use at least 10 characters, ideally several words."),
    N_("Weak: add more words."),
    N_("Fair: one or two more words would make it strong."),
    N_("Strong passphrase."),
)


def level(passphrase: str) -> int:
    """0 too short, 1 weak, 2 fair, 3 strong.

    Length dominates on purpose: a passphrase of several ordinary words (in any script) beats a
    short string of symbols, and people under stress remember words. Repetition counts against it
    (``aaaaaaaaaaaa`` is not long).
    """
    distinct = len(set(passphrase))
    effective = min(len(passphrase), distinct * 3)
    if len(passphrase) < 10:
        return 0
    if effective < 16:
        return 1
    if effective < 22:
        return 2
    return 3


class PassphraseStrengthWidget(QtWidgets.QWidget):
    """A coloured bar and one sentence (the colour is never the only sign); reads the
    passphrase, emits nothing."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self.update_for("")

    def _build_ui(self) -> None:
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QtWidgets.QProgressBar(self)
        self.bar.setRange(0, 3)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(6)
        self.label = QtWidgets.QLabel(self)
        self.label.setObjectName("hint")
        self.label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)

    def update_for(self, passphrase: str) -> int:
        lvl = level(passphrase)
        self.bar.setValue(max(lvl, 1) if passphrase else 0)  # a red sliver once she types
        self.bar.setStyleSheet(
            "QProgressBar { border: none; border-radius: 3px; background: palette(midlight); }"
            f"QProgressBar::chunk {{ border-radius: 3px; background: {COLOURS[lvl]}; }}")
        self.label.setText(_(LEVELS[lvl]))
        self.bar.setAccessibleDescription(self.label.text())
        return lvl
