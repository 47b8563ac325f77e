# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Which window is on screen, and the wiring between windows and the controller.

Unlocked: the main window (built fresh for each session, so nothing decoded survives a lock).
Locked: the start window. A panic lock leaves the start window minimised, never on top.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from app.paths import default_vault_path
from ui.application import Application
from ui.controller import AppController
from ui.dialogs.about import AboutDialog
from ui.dialogs.change_passphrase import ChangePassphraseDialog
from ui.dialogs.export_bundle import ExportBundleDialog
from ui.dialogs.import_summary import ImportSummaryDialog
from ui.dialogs.receive import ReceiveDialog
from ui.dialogs.report import ReportDialog
from ui.dialogs.settings import SettingsDialog
from ui.editors import EditorHub
from ui.i18n import _, ngettext
from ui.settings import UiSettings, save_settings
from ui.windows.main_window import MainWindow
from ui.windows.start_window import StartWindow

log = logging.getLogger(__name__)


class Shell(QtCore.QObject):
    """Owns the windows of one process.

    Emits:
        main_window_shown(): after unlock, once the main window is visible.
        summary_shown(object): the import summary dialog, once open.
    """

    main_window_shown = QtCore.Signal()
    summary_shown = QtCore.Signal(object)

    def __init__(self, app: Application, controller: AppController, settings: UiSettings, *,
                 vault_path: Path | None = None, save: bool = True) -> None:
        super().__init__()
        self.app, self.controller, self.settings = app, controller, settings
        self._save = save
        self.main_window: MainWindow | None = None
        self.summary: ImportSummaryDialog | None = None
        self.export_dialog: ExportBundleDialog | None = None
        self.report_dialog: ReportDialog | None = None
        self.receive_dialog: ReceiveDialog | None = None
        self.passphrase_dialog: ChangePassphraseDialog | None = None
        self.editors: EditorHub | None = None
        self._case_titles: list[str] = []
        self._last_import_method = ""
        self._text = ""
        self._filters: dict[str, Any] = {}
        self._reselect = -1  # after a save, select the same item again once the list reloads
        existing = vault_path or (default_vault_path() if default_vault_path().exists() else None)
        suggested = None if existing else (vault_path or default_vault_path())
        self.start_window = StartWindow(existing, neutral_title=settings.neutral_title,
                                        suggested_new=suggested)
        self._apply_idle_timeout()
        self._connect_signals()

    def _connect_signals(self) -> None:
        c, s = self.controller, self.start_window
        c.watch(self.app)
        s.unlock_requested.connect(self._on_start_window_unlock_requested)
        s.create_requested.connect(self._on_start_window_create_requested)
        s.settings_requested.connect(self.show_settings)
        s.about_requested.connect(self.show_about)
        c.vault_opened.connect(self._on_controller_vault_opened)
        c.vault_open_failed.connect(self.start_window.show_error)
        c.vault_locked.connect(self._on_controller_vault_locked)
        c.items_loaded.connect(self._on_controller_items_loaded)
        c.items_appended.connect(self._on_controller_items_appended)
        c.sidebar_loaded.connect(self._on_controller_sidebar_loaded)
        c.thumbnails_loaded.connect(self._on_controller_thumbnails_loaded)
        c.detail_loaded.connect(self._on_controller_detail_loaded)
        c.detail_failed.connect(self._on_controller_detail_failed)
        c.export_progressed.connect(self._on_controller_export_progressed)
        c.export_finished.connect(self._on_controller_export_finished)
        c.export_failed.connect(self._on_controller_export_failed)
        c.receive_finished.connect(self._on_controller_receive_finished)
        c.receive_needs_trust.connect(self._on_controller_receive_needs_trust)
        c.receive_failed.connect(self._on_controller_receive_failed)
        c.report_finished.connect(self._on_controller_report_finished)
        c.report_failed.connect(self._on_controller_report_failed)
        c.item_tagged.connect(self._on_controller_item_tagged)
        c.tag_failed.connect(self._on_controller_tag_failed)
        c.category_created.connect(self._on_controller_category_created)
        c.platform_reports_saved.connect(self._on_controller_platform_reports_saved)
        c.platform_report_failed.connect(self._on_controller_platform_report_failed)
        c.import_started.connect(self._on_controller_import_started)
        c.import_progressed.connect(self._on_controller_import_progressed)
        c.import_finished.connect(self._on_controller_import_finished)
        c.import_failed.connect(self._on_controller_import_failed)

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
        self._text, self._filters = "", {}
        self.controller.load_items("", {})
        self.controller.load_sidebar()
        self.main_window_shown.emit()

    def _connect_main(self, w: MainWindow) -> None:
        c = self.controller
        w.import_requested.connect(self._on_main_window_import_requested)
        w.paste_requested.connect(self._on_main_window_paste_requested)
        w.lock_requested.connect(lambda: c.lock("user"))
        w.panic_requested.connect(lambda: c.lock("panic"))
        w.item_chosen.connect(c.load_detail)
        w.search_requested.connect(self._on_main_window_search_requested)
        w.filter_requested.connect(self._on_main_window_filter_requested)
        w.import_cancel_requested.connect(c.cancel_import)
        w.settings_requested.connect(self.show_settings)
        w.about_requested.connect(self.show_about)
        w.passphrase_requested.connect(self.show_change_passphrase)
        w.model.thumbnails_wanted.connect(c.load_thumbnails)
        w.detail.tag_editor.tag_requested.connect(c.tag_item)
        w.detail.tag_editor.category_create_requested.connect(c.create_category)
        w.detail.tag_editor.report_add_requested.connect(c.add_report)
        w.detail.tag_editor.report_update_requested.connect(c.update_report)
        w.export_requested.connect(self.show_export)
        w.report_requested.connect(self.show_report)
        w.receive_requested.connect(self.show_receive)
        w.destroyed.connect(self._on_main_window_destroyed)
        self.editors = EditorHub(c, w)  # case/perpetrator editors, address book, saved filters

    @QtCore.Slot()
    def _on_main_window_destroyed(self) -> None:
        self.main_window = None

    @QtCore.Slot(str)
    def _on_controller_vault_locked(self, reason: str) -> None:
        self.app.stop_idle_watch()
        if self.editors is not None and shiboken6.isValid(self.editors):
            self.editors.close_all()
        self.editors = None
        for dialog in (self.summary, self.export_dialog, self.report_dialog, self.receive_dialog):
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.close()
        self.summary = self.export_dialog = self.report_dialog = self.receive_dialog = None
        self._close_passphrase_dialog()
        window, self.main_window = self.main_window, None
        if window is not None:
            window.hide()
            window.model.clear()
            window.close()
        self.start_window.set_busy(False)
        minutes = self.settings.auto_lock_minutes
        notices = {"idle": ngettext("Bayyina locked itself after {minutes} idle minute.",
                                    "Bayyina locked itself after {minutes} idle minutes.",
                                    minutes).format(minutes=QtCore.QLocale().toString(minutes)),
            "session": _("Bayyina locked because the session was suspended.")}
        self.start_window.clear_error()
        if reason in notices:
            self.start_window.busy_label.setText(notices[reason])
            self.start_window.busy_label.show()
        if reason == "panic":
            self.start_window.showMinimized()
        else:
            self.start_window.show()

    # --- main window -----------------------------------------------------------------------------
    @QtCore.Slot(str)
    def _on_main_window_search_requested(self, text: str) -> None:
        self._text = text
        self.controller.load_items(text, None)

    @QtCore.Slot(object)
    def _on_main_window_filter_requested(self, filters: dict) -> None:
        self._filters = filters
        self.controller.load_items(None, filters)

    @QtCore.Slot(list)
    def _on_controller_items_loaded(self, rows: list) -> None:
        if self.main_window is not None:
            self.main_window.set_rows(rows, unfiltered=not self._text and not self._filters)
            if self._reselect >= 0:
                self.main_window.select_item(self._reselect)
                self._reselect = -1

    @QtCore.Slot(int)
    def _on_controller_item_tagged(self, item_id: int) -> None:
        self._reselect = item_id
        if self.main_window is not None:
            self.main_window.detail.tag_editor.set_saving(False, _("Saved."))

    @QtCore.Slot(str)
    def _on_controller_category_created(self, key: str) -> None:
        if self.main_window is not None:
            self.main_window.detail.tag_editor.category_created(key)

    @QtCore.Slot(str)
    def _on_controller_tag_failed(self, message: str) -> None:
        if self.main_window is not None:
            self.main_window.detail.tag_editor.set_saving(False, message)

    @QtCore.Slot(int, object)
    def _on_controller_platform_reports_saved(self, item_id: int, reports: list) -> None:
        if self.main_window is not None:
            editor = self.main_window.detail.tag_editor
            editor.set_reports(item_id, reports)
            editor.set_saving(False, _("Report saved."))

    @QtCore.Slot(str)
    def _on_controller_platform_report_failed(self, message: str) -> None:
        if self.main_window is not None:
            self.main_window.detail.tag_editor.show_report_message(message)

    @QtCore.Slot(list)
    def _on_controller_items_appended(self, rows: list) -> None:
        if self.main_window is not None:
            self.main_window.append_rows(rows, unfiltered=not self._text and not self._filters)

    @QtCore.Slot(object)
    def _on_controller_sidebar_loaded(self, entries: dict) -> None:
        if self.main_window is not None:
            self.main_window.sidebar.set_entries(entries)
            names = {f["platforms"][0]: label for label, f, _n in entries.get("platforms", [])}
            self.main_window.model.set_platform_names(names)
            self._case_titles = [label for label, _f, _n in entries.get("cases", [])]
            categories = [(f["categories"][0], label)
                          for label, f, _n in entries.get("categories", [])]
            self.main_window.detail.tag_editor.set_choices(list(names.items()), self._case_titles,
                                                           categories)

    @QtCore.Slot(object)
    def _on_controller_thumbnails_loaded(self, images: dict) -> None:
        if self.main_window is not None:
            self.main_window.add_thumbnails(images)

    @QtCore.Slot(object)
    def _on_controller_detail_loaded(self, detail: Any) -> None:
        if self.main_window is not None:
            self.main_window.show_detail(detail)

    @QtCore.Slot(str)
    def _on_controller_detail_failed(self, message: str) -> None:
        if self.main_window is not None:
            self.main_window.detail.show_message(message)

    @QtCore.Slot(list, str)
    def _on_main_window_import_requested(self, paths: list, method: str) -> None:
        self._last_import_method = method
        self.controller.import_paths([Path(p) for p in paths], method)

    @QtCore.Slot(QtGui.QImage)
    def _on_main_window_paste_requested(self, image: QtGui.QImage) -> None:
        self._last_import_method = "clipboard"
        self.controller.import_image(image)

    @QtCore.Slot()
    def _on_controller_import_started(self) -> None:
        if self.main_window is not None:
            self.main_window.set_import_running(True)

    @QtCore.Slot(object)
    def _on_controller_import_progressed(self, progress: Any) -> None:
        if self.main_window is not None:
            self.main_window.progress_row.update_progress(progress)

    @QtCore.Slot(object)
    def _on_controller_import_finished(self, summary: Any) -> None:
        if self.main_window is None:
            return
        self.main_window.set_import_running(False)
        self.main_window.statusBar().showMessage(ngettext(
            "{count} item imported", "{count} items imported", summary.imported).format(
                count=QtCore.QLocale().toString(summary.imported)), 8000)
        dialog = ImportSummaryDialog(summary, self.controller.outcome_message,
                                     offer_clear_clipboard=self._last_import_method == "clipboard",
                                     parent=self.main_window)
        dialog.clear_clipboard_requested.connect(self._on_summary_clear_clipboard_requested)
        self.summary = dialog
        dialog.open()
        self.summary_shown.emit(dialog)

    @QtCore.Slot(str)
    def _on_controller_import_failed(self, message: str) -> None:
        if self.main_window is None:
            return
        self.main_window.set_import_running(False)
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, _("Import failed"),
                                    message, QtWidgets.QMessageBox.StandardButton.Close,
                                    self.main_window)
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.open()

    @QtCore.Slot()
    def _on_summary_clear_clipboard_requested(self) -> None:
        QtGui.QGuiApplication.clipboard().clear()

    # --- export ----------------------------------------------------------------------------------
    @QtCore.Slot(list)
    def show_export(self, selected: list) -> None:
        if self.main_window is None:
            return
        dialog = ExportBundleDialog(selected, self._case_titles, self.main_window)
        dialog.export_requested.connect(self.controller.export_bundle)
        dialog.cancel_requested.connect(self.controller.cancel_export)
        self.export_dialog = dialog
        if self.editors is not None:  # made with the main window, so present while it is
            self.editors.attach_export(dialog)
        dialog.open()

    def _export_dialog(self) -> ExportBundleDialog | None:
        d = self.export_dialog
        return d if d is not None and shiboken6.isValid(d) else None

    @QtCore.Slot(object)
    def _on_controller_export_progressed(self, progress: Any) -> None:
        if (d := self._export_dialog()) is not None:
            d.show_progress(progress)

    @QtCore.Slot(object, object)
    def _on_controller_export_finished(self, result: Any, verified: Any) -> None:
        if (d := self._export_dialog()) is not None:
            d.show_result(result, verified)

    @QtCore.Slot(str)
    def _on_controller_export_failed(self, message: str) -> None:
        if (d := self._export_dialog()) is not None:
            d.show_error(message)

    # --- report ----------------------------------------------------------------------------------
    @QtCore.Slot(list)
    def show_report(self, selected: list) -> None:
        if self.main_window is None:
            return
        dialog = ReportDialog(selected, self._case_titles, self.main_window)
        dialog.report_requested.connect(self.controller.make_report)
        self.report_dialog = dialog
        dialog.open()

    def _report_dialog(self) -> ReportDialog | None:
        d = self.report_dialog
        return d if d is not None and shiboken6.isValid(d) else None

    @QtCore.Slot(object)
    def _on_controller_report_finished(self, path: Any) -> None:
        if (d := self._report_dialog()) is not None:
            d.show_result(path)

    @QtCore.Slot(str)
    def _on_controller_report_failed(self, message: str) -> None:
        if (d := self._report_dialog()) is not None:
            d.show_error(message)

    # --- receive ---------------------------------------------------------------------------------
    @QtCore.Slot()
    def show_receive(self) -> None:
        if self.main_window is None:
            return
        dialog = ReceiveDialog(self.main_window)
        dialog.receive_requested.connect(self.controller.receive_bundle)
        self.receive_dialog = dialog
        dialog.open()

    def _receive_dialog(self) -> ReceiveDialog | None:
        d = self.receive_dialog
        return d if d is not None and shiboken6.isValid(d) else None

    @QtCore.Slot(object)
    def _on_controller_receive_finished(self, result: Any) -> None:
        if (d := self._receive_dialog()) is not None:
            d.show_result(result)

    @QtCore.Slot(str)
    def _on_controller_receive_needs_trust(self, fingerprint: str) -> None:
        if (d := self._receive_dialog()) is not None:
            d.ask_trust(fingerprint)

    @QtCore.Slot(str)
    def _on_controller_receive_failed(self, message: str) -> None:
        if (d := self._receive_dialog()) is not None:
            d.show_error(message)

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
        self.settings = UiSettings(language, settings.auto_lock_minutes, settings.blur_sensitive,
                                   settings.neutral_title)
        self._apply_idle_timeout()
        if self.main_window is not None:
            self.main_window.model.set_blur_sensitive(settings.blur_sensitive)
            self.main_window.detail.set_blur_sensitive(settings.blur_sensitive)
        for w in (self.start_window, self.main_window):
            if w is not None:
                w.setWindowTitle(window_title(settings.neutral_title))

    # --- passphrase ------------------------------------------------------------------------------
    @QtCore.Slot()
    def show_change_passphrase(self) -> None:
        if self.main_window is None:
            return
        self._close_passphrase_dialog()
        c = self.controller
        dialog = ChangePassphraseDialog(self.main_window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.change_requested.connect(c.change_passphrase)
        c.passphrase_progressed.connect(dialog.show_progress)
        c.passphrase_changed.connect(dialog.show_done)
        c.passphrase_change_failed.connect(dialog.show_error)
        self.passphrase_dialog = dialog
        dialog.open()

    def _close_passphrase_dialog(self) -> None:
        dialog, self.passphrase_dialog = self.passphrase_dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            c = self.controller
            for signal, slot in ((c.passphrase_progressed, dialog.show_progress),
                                 (c.passphrase_changed, dialog.show_done),
                                 (c.passphrase_change_failed, dialog.show_error)):
                signal.disconnect(slot)
            dialog.force_close()

    @QtCore.Slot()
    def show_about(self) -> None:
        AboutDialog(self._parent()).exec()
