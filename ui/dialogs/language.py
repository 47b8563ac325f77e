# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""First start: choose Arabic or English. Shown in both languages, before any catalog is chosen."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ui.i18n import LANGUAGE_NAMES

# Both sentences are shown at once, so they are constants rather than catalog entries.
PROMPT = {"ar": "اختر لغة بيّنة. يمكنك تغييرها لاحقاً من الإعدادات.",
          "en": "Choose the language of Bayyina. You can change it later in Settings."}


class LanguageDialog(QtWidgets.QDialog):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bayyina — بيّنة")
        self.chosen = "ar"
        self._build_ui()

    def _build_ui(self) -> None:
        layout = QtWidgets.QVBoxLayout(self)
        for lang in ("ar", "en"):
            label = QtWidgets.QLabel(PROMPT[lang], self)
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setLayoutDirection(QtCore.Qt.LayoutDirection.RightToLeft if lang == "ar"
                                     else QtCore.Qt.LayoutDirection.LeftToRight)
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeading)
            layout.addWidget(label)
        row = QtWidgets.QHBoxLayout()
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for lang in ("ar", "en"):
            button = QtWidgets.QPushButton(LANGUAGE_NAMES[lang], self)
            button.setMinimumHeight(44)
            button.clicked.connect(
                lambda _c=False, code=lang: self._on_language_button_clicked(code))
            row.addWidget(button)
            self.buttons[lang] = button
        layout.addLayout(row)

    def _on_language_button_clicked(self, code: str) -> None:
        self.chosen = code
        self.accept()
