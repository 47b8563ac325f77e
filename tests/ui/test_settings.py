# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings: the dialog's result, applied at once (auto-lock, blur, neutral title), saved to the
small settings file; the language waits for a restart."""

from __future__ import annotations

from tests.ui.conftest import unlock


def test_settings_dialog_result(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.settings import SettingsDialog
    from ui.settings import UiSettings

    dialog = SettingsDialog(UiSettings(language="en"))
    qtbot.addWidget(dialog)
    assert dialog.auto_lock_spin.value() == 5
    dialog.auto_lock_spin.setValue(2)
    dialog.neutral_check.setChecked(True)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ar"))
    result = dialog.result_settings()
    assert (result.language, result.auto_lock_minutes, result.neutral_title) == ("ar", 2, True)
    assert dialog.language_changed()


def test_settings_dialog_shows_the_language_the_app_runs_in(qtbot, ar) -> None:  # type: ignore[no-untyped-def]
    """Started in Arabic with no language saved (``--lang ar``): the dialog says Arabic, saving
    keeps Arabic and is no language change (it showed "English" and saved ``en``)."""
    from ui.dialogs.settings import SettingsDialog
    from ui.settings import UiSettings

    dialog = SettingsDialog(UiSettings(language=None))
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == "ar"
    assert dialog.result_settings().language == "ar"
    assert not dialog.language_changed()


def test_settings_applied_and_saved(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    from ui.settings import UiSettings, load_settings

    unlock(qtbot, shell)
    shell._save = True
    shell.apply_settings(UiSettings(language="ar", auto_lock_minutes=2, blur_sensitive=False,
                                    neutral_title=True))
    assert shell.app.idle_timeout_ms() == 2 * 60 * 1000
    assert shell.main_window.windowTitle() == "Documents"
    assert shell.start_window.windowTitle() == "Documents"
    assert not shell.main_window.detail._blur_sensitive
    assert shell.settings.language == "en"  # this process keeps its language until restart
    saved = load_settings()
    assert (saved.language, saved.auto_lock_minutes, saved.neutral_title) == ("ar", 2, True)


def test_first_start_language_choice_is_saved(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6 import QtCore

    from ui import main as ui_main
    from ui.dialogs.language import LanguageDialog
    from ui.settings import UiSettings, load_settings

    dialog = LanguageDialog()
    qtbot.addWidget(dialog)
    dialog.buttons["en"].click()
    assert dialog.chosen == "en" and dialog.result() == 1

    # choose_language shows the dialog only when nothing is stored and no --lang was given
    def fake_exec(self):  # type: ignore[no-untyped-def]
        QtCore.QTimer.singleShot(0, self.buttons["ar"].click)
        return LanguageDialog.__mro__[1].exec(self)

    monkeypatch.setattr(LanguageDialog, "exec", fake_exec)
    settings = UiSettings()
    assert ui_main.choose_language(None, settings) == "ar"
    assert load_settings().language == "ar"
    assert ui_main.choose_language("en", UiSettings(language="ar")) == "en"  # --lang wins
