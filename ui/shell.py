# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Which window is on screen, and the wiring of the windows' intents to the flows.

Unlocked: the main window (built fresh for each session, so nothing decoded survives a lock).
Locked: the start window. A panic lock leaves the start window minimised, never on top.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.paths import default_vault_path
from ui.application import Application
from ui.controller import AppController
from ui.dialogs.about import AboutDialog
from ui.dialogs.settings import SettingsDialog
from ui.flows import Flows
from ui.i18n import _, ngettext
from ui.settings import UiSettings, save_settings
from ui.widgets.date_field import set_display
from ui.windows.main_window import MainWindow
from ui.windows.start_window import StartWindow

log = logging.getLogger(__name__)


class Shell(QtCore.QObject):
    """Owns the windows of one process and the flows (``self.flows``, :class:`ui.flows.Flows`).

    Emits:
        main_window_shown(): after unlock, once the main window is visible.
    """

    main_window_shown = QtCore.Signal()

    def __init__(self, app: Application, controller: AppController, settings: UiSettings, *,
                 vault_path: Path | None = None, save: bool = True) -> None:
        super().__init__()
        self.app, self.controller, self.settings = app, controller, settings
        set_display(settings.digits, settings.hijri)  # digits and Hijri dates, GUI and PDF
        self._save = save
        self.main_window: MainWindow | None = None
        self.flows = Flows(controller, self)
        existing = vault_path or (default_vault_path() if default_vault_path().exists() else None)
        suggested = None if existing else (vault_path or default_vault_path())
        self.start_window = StartWindow(existing, neutral_title=settings.neutral_title,
                                        suggested_new=suggested)
        self._apply_idle_timeout()
        self._connect_signals()

    def _connect_signals(self) -> None:
        c, s, f = self.controller, self.start_window, self.flows
        c.watch(self.app)
        s.unlock_requested.connect(self._on_start_window_unlock_requested)
        s.create_requested.connect(self._on_start_window_create_requested)
        s.settings_requested.connect(self.show_settings)
        s.about_requested.connect(self.show_about)
        c.vault_opened.connect(self._on_controller_vault_opened)
        c.vault_open_failed.connect(self.start_window.show_error)
        c.vault_locked.connect(self._on_controller_vault_locked)
        f.browse.sidebar_loaded.connect(f.records.load_filters)  # the saved searches follow

    def show(self) -> None:
        self.start_window.show()

    def _apply_idle_timeout(self) -> None:
        self.app.set_idle_timeout_ms(self.settings.auto_lock_minutes * 60 * 1000)

    # --- start window --------------------------------------------------------------------------
    @QtCore.Slot(str, str)
    def _on_start_window_unlock_requested(self, path: str, passphrase: str) -> None:
        self.controller.open_vault(Path(path), passphrase)

    @QtCore.Slot(str, str, str)
    def _on_start_window_create_requested(self, path: str, passphrase: str, confirm: str) -> None:
        self.controller.create_vault(Path(path), passphrase, confirm)

    @QtCore.Slot(object)
    def _on_controller_vault_opened(self, _info: Any) -> None:
        self.start_window.set_busy(False)
        self.start_window.clear_error()
        if self.controller.vault is not None:
            self.start_window.set_vault_path(self.controller.vault.path)
        window = MainWindow(neutral_title=self.settings.neutral_title,
                            blur_sensitive=self.settings.blur_sensitive)
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self._connect_main(window)
        self.main_window = window
        window.show()
        self.start_window.hide()
        self.app.start_idle_watch()
        self.flows.browse.start()
        self.main_window_shown.emit()

    def _connect_main(self, w: MainWindow) -> None:
        """The window's intents, each to the flow of its action."""
        c, f = self.controller, self.flows
        f.attach(w)
        w.lock_requested.connect(lambda: c.lock("user"))
        w.panic_requested.connect(lambda: c.lock("panic"))
        w.settings_requested.connect(self.show_settings)
        w.about_requested.connect(self.show_about)
        w.item_chosen.connect(f.browse.load_detail)
        w.search_requested.connect(f.browse.search)
        w.filter_requested.connect(f.browse.filter)
        w.thumbnails_wanted.connect(f.browse.load_thumbnails)
        w.import_requested.connect(f.imports.import_paths)
        w.paste_requested.connect(f.imports.import_image)
        w.import_cancel_requested.connect(f.imports.cancel)
        w.export_requested.connect(f.export.show)
        w.report_requested.connect(f.report.show)
        w.receive_requested.connect(f.receive.show)
        w.tag_requested.connect(f.tagging.tag)
        w.tag_then_select_requested.connect(f.tagging.tag_then_select)
        w.batch_tag_requested.connect(f.tagging.tag_batch)
        w.category_create_requested.connect(f.tagging.create_category)
        w.report_add_requested.connect(f.tagging.add_report)
        w.report_update_requested.connect(f.tagging.update_report)
        w.case_edit_requested.connect(f.records.edit_case)
        w.timeline_requested.connect(f.records.show_timeline)
        w.perpetrator_edit_requested.connect(f.records.edit_perpetrator)
        w.address_book_requested.connect(f.records.show_address_book)
        w.filter_save_requested.connect(f.records.save_filter)
        w.saved_filter_delete_requested.connect(f.records.delete_filter)
        w.passphrase_requested.connect(f.passphrase.show)
        w.destroyed.connect(self._on_main_window_destroyed)

    @QtCore.Slot()
    def _on_main_window_destroyed(self) -> None:
        self.main_window = None

    @QtCore.Slot(str)
    def _on_controller_vault_locked(self, reason: str) -> None:
        self.app.stop_idle_watch()
        self.flows.close()
        window, self.main_window = self.main_window, None
        if window is not None:
            window.hide()
            window.clear()
            window.close()
        self.start_window.set_busy(False)
        minutes = self.settings.auto_lock_minutes
        notices = {"idle": ngettext("Bayyina locked itself after {minutes} idle minute.",
                                    "Bayyina locked itself after {minutes} idle minutes.",
                                    minutes).format(minutes=QtCore.QLocale().toString(minutes)),
            "session": _("Bayyina locked because the session was suspended.")}
        self.start_window.clear_error()
        if reason in notices:
            self.start_window.show_notice(notices[reason])
        if reason == "panic":
            self.start_window.showMinimized()
        else:
            self.start_window.show()

    # --- settings and about ----------------------------------------------------------------------
    def _parent(self) -> QtWidgets.QWidget:
        return self.main_window if self.main_window is not None else self.start_window

    @QtCore.Slot()
    def show_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self._parent())
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        restart = dialog.language_changed()
        self.apply_settings(dialog.result_settings())
        if restart:
            QtWidgets.QMessageBox.information(
                self._parent(), _("Settings"),
                _("The new language will be used the next time Bayyina starts."))

    def apply_settings(self, settings: UiSettings) -> None:
        """Save and apply at once; only the language waits for a restart."""
        from ui.windows.start_window import window_title

        language = self.settings.language  # this process keeps its language
        self.settings = settings
        if self._save:
            save_settings(settings)
        self.settings = dataclasses.replace(settings, language=language)
        set_display(settings.digits, settings.hijri)
        self._apply_idle_timeout()
        if self.main_window is not None:
            self.main_window.set_blur_sensitive(settings.blur_sensitive)
        for w in (self.start_window, self.main_window):
            if w is not None:
                w.setWindowTitle(window_title(settings.neutral_title))

    @QtCore.Slot()
    def show_about(self) -> None:
        AboutDialog(self._parent()).exec()
