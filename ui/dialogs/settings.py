# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Settings: language (takes effect after a restart), auto-lock minutes, blur, neutral title, and
whether to remember the vaults opened on this computer (off by default; hidden in neutral mode).

The dialog is tabbed. Its own tab, "General", holds these preferences of this computer; other
parts of the interface register their own tab with :meth:`SettingsDialog.add_section` (a widget
from its own module, each scrolled so that the dialog fits a 1280×720 screen): the shell adds
"Safety" (``ui/dialogs/settings_safety.py``) while a vault is open."""

from __future__ import annotations

import dataclasses

from PySide6 import QtWidgets

from ui.break_reminder import break_reminder_choice
from ui.fit import scroll_body
from ui.i18n import LANGUAGE_NAMES, _, current, ngettext
from ui.settings import MAX_AUTO_LOCK, MIN_AUTO_LOCK, UiSettings


class SettingsDialog(QtWidgets.QDialog):
    """Reads a copy of the settings; ``result_settings()`` gives the edited copy."""

    def __init__(self, settings: UiSettings, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self._original = settings
        # the language the app runs in: a vault opened with --lang, or a language never saved,
        # must not show (or save) another one
        self._running = settings.language or current().lang
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        s = self._original
        self.language_combo = QtWidgets.QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self._running)))
        self.restart_note = QtWidgets.QLabel(_("The new language is used after a restart."),
                                             self)
        self.restart_note.setObjectName("hint")
        self.restart_note.setWordWrap(True)
        self.auto_lock_spin = QtWidgets.QSpinBox(self)
        self.auto_lock_spin.setRange(MIN_AUTO_LOCK, MAX_AUTO_LOCK)
        self.auto_lock_spin.setValue(s.auto_lock_minutes)
        self._on_auto_lock_spin_value_changed(s.auto_lock_minutes)
        self.blur_check = QtWidgets.QCheckBox(_("Blur sensitive items until I click them"), self)
        self.blur_check.setChecked(s.blur_sensitive)
        self.neutral_check = QtWidgets.QCheckBox(
            _("Use a neutral window title (\"Documents\")"), self)
        self.neutral_check.setChecked(s.neutral_title)
        self.remember_check = QtWidgets.QCheckBox(
            _("Remember the vaults I open on this computer"), self)
        self.remember_check.setChecked(s.remember_vaults and not s.neutral_title)
        self.remember_note = QtWidgets.QLabel(
            _("The start window then lists their folders. Anyone who opens this computer can "
              "see where they are, not what they hold."), self)
        self.remember_note.setObjectName("hint")
        self.remember_note.setWordWrap(True)
        self.digits_combo = QtWidgets.QComboBox(self)
        self.digits_combo.addItem(_("As usual in the language"), "auto")
        self.digits_combo.addItem(_("Western (0123)"), "western")
        self.digits_combo.addItem(_("Arabic-Indic (٠١٢٣)"), "arabic-indic")
        self.digits_combo.setCurrentIndex(max(0, self.digits_combo.findData(s.digits)))
        self.hijri_check = QtWidgets.QCheckBox(_("Show Hijri dates beside Gregorian ones"), self)
        self.hijri_check.setChecked(s.hijri)
        self.break_check = QtWidgets.QCheckBox(break_reminder_choice(), self)
        self.break_check.setChecked(s.break_reminder)
        self.theme_note = QtWidgets.QLabel(_("Colours follow the system's light or dark theme."),
                                           self)
        self.theme_note.setObjectName("hint")
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Language:"), self.language_combo)
        form.addRow("", self.restart_note)
        form.addRow(_("Lock after this idle time:"), self.auto_lock_spin)
        form.addRow(_("Digits:"), self.digits_combo)
        form.addRow("", self.hijri_check)
        general = QtWidgets.QWidget(self)
        column = QtWidgets.QVBoxLayout(general)
        column.addLayout(form)
        for w in (self.blur_check, self.break_check, self.neutral_check, self.remember_check,
                  self.remember_note, self.theme_note):
            column.addWidget(w)
        column.addStretch(1)
        self.tabs = QtWidgets.QTabWidget(self)
        self.tabs.setAccessibleName(_("Settings sections"))
        self.tabs.addTab(general, _("General"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

    def add_section(self, title: str, section: QtWidgets.QWidget) -> None:
        """Another tab, owned by its module; it scrolls when taller than the screen allows."""
        area = scroll_body(self, section)
        area.setAccessibleName(title)
        self.tabs.addTab(area, title)
        self.tabs.setMinimumWidth(max(self.tabs.minimumWidth(), area.minimumWidth() + 24))

    def _connect_signals(self) -> None:
        self.auto_lock_spin.valueChanged.connect(self._on_auto_lock_spin_value_changed)
        self.neutral_check.toggled.connect(self._on_neutral_check_toggled)
        self._on_neutral_check_toggled(self.neutral_check.isChecked())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _on_auto_lock_spin_value_changed(self, value: int) -> None:
        self.auto_lock_spin.setSuffix(" " + ngettext("minute", "minutes", value))

    def _on_neutral_check_toggled(self, neutral: bool) -> None:
        """Neutral mode remembers no vault: the choice is off and out of sight."""
        if neutral:
            self.remember_check.setChecked(False)
        self.remember_check.setVisible(not neutral)
        self.remember_note.setVisible(not neutral)

    def result_settings(self) -> UiSettings:
        """The edited copy; what the dialog does not show (window size, recent vaults) is kept,
        and dropped by ``normalized()`` when she opts out."""
        return dataclasses.replace(
            self._original, language=str(self.language_combo.currentData()),
            auto_lock_minutes=self.auto_lock_spin.value(),
            blur_sensitive=self.blur_check.isChecked(),
            neutral_title=self.neutral_check.isChecked(),
            remember_vaults=self.remember_check.isChecked(),
            digits=str(self.digits_combo.currentData()),
            hijri=self.hijri_check.isChecked(),
            break_reminder=self.break_check.isChecked()).normalized()

    def language_changed(self) -> bool:
        return self.result_settings().language != self._running
