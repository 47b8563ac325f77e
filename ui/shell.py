# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Which window is on screen, and the wiring of the windows' intents to the flows.

Unlocked: the main window (built fresh for each session, so nothing decoded survives a lock).
Locked: the start window. A panic lock leaves the start window minimised, never on top.

Ctrl+L and the panic key work from any window or dialog (``Application.arm_lock_keys``, armed
while a vault is open): every dialog, message box, file dialog and menu of the session is closed
before the vault locks; the panic key hides them all first, in the same event.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

import shiboken6
from PySide6 import QtCore, QtWidgets

from app.paths import default_vault_path
from ui import camouflage
from ui.application import Application
from ui.break_reminder import BreakReminder, break_box
from ui.controller import AppController
from ui.dialogs.about import LOCK_SHORTCUT, PANIC_SHORTCUT, AboutDialog
from ui.dialogs.first_run_guide import FirstRunGuideDialog
from ui.dialogs.my_key import MyKeySection
from ui.dialogs.restore import RestoreDialog
from ui.dialogs.settings import SettingsDialog
from ui.dialogs.settings_safety import SafetySection
from ui.fit import available_area
from ui.flows import Flows
from ui.flows.base import alive
from ui.i18n import _, ngettext
from ui.jobs.safety import SafetyView
from ui.safety_text import moment_words
from ui.settings import UiSettings, save_settings
from ui.widgets.date_field import set_display
from ui.windows.main_window import MainWindow
from ui.windows.start_window import StartWindow

log = logging.getLogger(__name__)

DEFAULT_MAIN_SIZE = QtCore.QSize(1440, 900)  # at most; a smaller screen gets its whole area


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
        self.settings_dialog: SettingsDialog | None = None
        self.safety_section: SafetySection | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.unlock_notice: QtWidgets.QMessageBox | None = None
        self.guide_dialog: FirstRunGuideDialog | None = None
        self._created = False  # this session's vault was just created: the guide follows
        self.break_reminder = BreakReminder(self)
        self.break_reminder.set_enabled(settings.break_reminder)
        self.flows = Flows(controller, self)
        recent = self._recent_vaults()
        existing = vault_path or (recent[0] if recent else None) or (
            default_vault_path() if default_vault_path().exists() else None)
        suggested = None if existing else (vault_path or default_vault_path())
        self.start_window = StartWindow(existing, neutral_title=settings.neutral_title,
                                        suggested_new=suggested, recent=recent)
        self._apply_idle_timeout()
        self._connect_signals()

    def _connect_signals(self) -> None:
        c, s, f = self.controller, self.start_window, self.flows
        c.watch(self.app)
        s.unlock_requested.connect(self._on_start_window_unlock_requested)
        s.create_requested.connect(self._on_start_window_create_requested)
        s.settings_requested.connect(self.show_settings)
        s.about_requested.connect(self.show_about)
        s.restore_requested.connect(self.show_restore)
        c.vault_restored.connect(self._on_controller_vault_restored)
        c.vault_restore_failed.connect(self._on_controller_vault_restore_failed)
        c.vault_opened.connect(self._on_controller_vault_opened)
        c.vault_open_failed.connect(self.start_window.show_error)
        c.vault_locked.connect(self._on_controller_vault_locked)
        self.app.lock_key_pressed.connect(self._on_app_lock_key_pressed)
        f.browse.sidebar_loaded.connect(f.records.load_filters)  # the saved searches follow
        self.break_reminder.break_suggested.connect(self._on_break_reminder_break_suggested)

    def show(self) -> None:
        self.start_window.show()

    def _recent_vaults(self) -> list[Path]:
        """The remembered vaults that are still there (none unless she opted in)."""
        return [Path(p) for p in self.settings.recent_vaults if Path(p).is_dir()]

    def _save_settings(self) -> None:
        if self._save:
            save_settings(self.settings)

    def _apply_idle_timeout(self) -> None:
        self.app.set_idle_timeout_ms(self.settings.auto_lock_minutes * 60 * 1000)

    # --- start window --------------------------------------------------------------------------
    @QtCore.Slot(str, str)
    def _on_start_window_unlock_requested(self, path: str, passphrase: str) -> None:
        self.controller.open_vault(Path(path), passphrase)

    @QtCore.Slot(str, str, str)
    def _on_start_window_create_requested(self, path: str, passphrase: str, confirm: str) -> None:
        self._created = True
        self.controller.create_vault(Path(path), passphrase, confirm)

    @QtCore.Slot(object)
    def _on_controller_vault_opened(self, _info: Any) -> None:
        self.start_window.set_busy(False)
        self.start_window.clear_error()
        if self.controller.vault is not None:
            path = self.controller.vault.path
            self.start_window.set_vault_path(path)
            remembered = self.settings.with_vault_opened(str(path))
            if remembered != self.settings:
                self.settings = remembered
                self._save_settings()
            self.start_window.set_recent(self._recent_vaults())
        window = MainWindow(neutral_title=self.settings.neutral_title,
                            blur_sensitive=self.settings.blur_sensitive)
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self._restore_window(window)
        window.installEventFilter(self)  # its size and view are kept when it closes
        self._connect_main(window)
        self.main_window = window
        window.show()
        self.start_window.hide()
        self.app.start_idle_watch()
        self.app.arm_lock_keys({"lock": LOCK_SHORTCUT, "panic": PANIC_SHORTCUT})
        self.flows.browse.start()
        self.flows.lens.start()  # the lens queue resumes in the background
        self.flows.safety.tell_after_unlock(self._on_safety_told)
        if self._created and not self.settings.guide_seen:
            self.show_guide()  # her first vault: what it is, how to import, how to hand over
        self._created = False
        self.main_window_shown.emit()

    # --- the first-run guide and the break reminder -------------------------------------------
    @QtCore.Slot()
    def show_guide(self) -> None:
        """The three screens of the first-run guide; seen once shown, skipped or not."""
        if (old := alive(self.guide_dialog)) is not None:
            old.close()
        dialog = FirstRunGuideDialog(self._parent())
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_guide_dialog_finished)
        self.guide_dialog = dialog
        dialog.open()

    @QtCore.Slot(int)
    def _on_guide_dialog_finished(self, _result: int) -> None:
        if not self.settings.guide_seen:
            self.settings = dataclasses.replace(self.settings, guide_seen=True)
            self._save_settings()

    @QtCore.Slot(int)
    def _on_break_reminder_break_suggested(self, minutes: int) -> None:
        if self.main_window is not None:
            break_box(self.main_window, minutes).show()

    def _on_safety_told(self, text: str) -> None:
        """The access log (and the backup reminder) after an unlock: a box she closes."""
        if self.main_window is None:
            return
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information,
                                    _("Since your last visit"), text,
                                    QtWidgets.QMessageBox.StandardButton.Ok, self.main_window)
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.unlock_notice = box
        box.open()

    def _connect_main(self, w: MainWindow) -> None:
        """The window's intents, each to the flow of its action."""
        f = self.flows
        f.attach(w)
        w.lock_requested.connect(self.lock)
        w.panic_requested.connect(self.panic)
        w.settings_requested.connect(self.show_settings)
        w.about_requested.connect(self.show_about)
        w.guide_requested.connect(self.show_guide)
        w.viewing_sensitive.connect(self.break_reminder.set_viewing)
        w.item_chosen.connect(f.browse.load_detail)
        w.search_requested.connect(f.browse.search)
        w.filter_requested.connect(f.browse.filter)
        w.thumbnails_wanted.connect(f.browse.load_thumbnails)
        w.item_save_requested.connect(f.browse.save_copy)
        w.items_delete_requested.connect(f.browse.delete_items)
        w.import_requested.connect(f.imports.preview)  # what the files carry, then Import
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
        w.outbox_requested.connect(f.send.show_outbox)
        w.contacts_requested.connect(f.send.show_contacts)
        w.filter_save_requested.connect(f.records.save_filter)
        w.saved_filter_delete_requested.connect(f.records.delete_filter)
        w.passphrase_requested.connect(f.passphrase.show)
        w.play_requested.connect(f.playback.play)
        w.pause_requested.connect(f.playback.pause)
        w.seek_requested.connect(f.playback.seek)
        w.mark_requested.connect(f.playback.mark)
        w.moment_delete_requested.connect(f.playback.delete_moment)
        w.chat_open_requested.connect(f.chats.open_chat)
        w.ocr_correct_requested.connect(f.lens.correct)
        w.similar_requested.connect(f.lens.find_similar)
        w.lens_pause_requested.connect(f.lens.set_paused)
        w.lens_retry_requested.connect(f.lens.retry)
        w.campaign_requested.connect(f.lens.show_campaign)
        w.destroyed.connect(self._on_main_window_destroyed)

    # --- the main window's size and view ---------------------------------------------------------
    def _restore_window(self, window: MainWindow) -> None:
        """Last session's size, place and view (grid or table); else as large as the screen
        allows. The application's ScreenFitFilter then clamps it to this screen when shown."""
        saved = QtCore.QByteArray.fromBase64(self.settings.main_geometry.encode("ascii"))
        if saved.isEmpty() or not window.restoreGeometry(saved):
            window.resize(available_area(window).size().boundedTo(DEFAULT_MAIN_SIZE))
        if self.settings.evidence_view == "table":
            window.table_action.trigger()

    def _remember_window(self) -> None:
        """Keep the main window's geometry and view for the next unlock (and the next start)."""
        window = self.main_window
        if window is None or not shiboken6.isValid(window):
            return
        geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
        view = "table" if window.table_action.isChecked() else "grid"
        if (geometry, view) != (self.settings.main_geometry, self.settings.evidence_view):
            self.settings = dataclasses.replace(self.settings, main_geometry=geometry,
                                                evidence_view=view)
            self._save_settings()

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if obj is self.main_window and event.type() == QtCore.QEvent.Type.Close:
            self._remember_window()
        return False

    @QtCore.Slot()
    def _on_main_window_destroyed(self) -> None:
        self.main_window = None

    # --- locking -------------------------------------------------------------------------------
    @QtCore.Slot(str)
    def _on_app_lock_key_pressed(self, name: str) -> None:
        if not self.controller.is_unlocked:  # another shell's session (tests build several)
            return
        if name == "panic":
            self.panic()
        else:
            self.lock()

    @QtCore.Slot()
    def lock(self) -> None:
        """Ctrl+L or the Lock button: close whatever is open, then lock."""
        self.close_session_windows()
        self.controller.lock("user")

    @QtCore.Slot()
    def panic(self) -> None:
        """Hide every window at once (nothing stays on screen), then lock."""
        self._remember_window()
        for w in QtWidgets.QApplication.topLevelWidgets():
            if shiboken6.isValid(w) and w.isVisible():
                w.hide()
        self.close_session_windows()
        self.controller.lock("panic")

    def close_session_windows(self) -> None:
        """Close every window but the start window: popup menus, the flows' dialogs, message
        boxes, input and file dialogs (a dialog in ``exec()`` returns as if cancelled)."""
        for _level in range(20):  # popups stack (a submenu over its menu)
            popup = QtWidgets.QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        for w in QtWidgets.QApplication.topLevelWidgets():
            if (not shiboken6.isValid(w) or w is self.start_window or w is self.main_window
                    or not w.isVisible()):
                continue
            if isinstance(w, QtWidgets.QDialog):
                w.reject()
            w.close()

    @QtCore.Slot(str)
    def _on_controller_vault_locked(self, reason: str) -> None:
        self.app.stop_idle_watch()
        self.break_reminder.reset()
        self.app.disarm_lock_keys()
        self.flows.close()
        self.close_session_windows()  # also after an idle or session lock
        self._remember_window()
        window, self.main_window = self.main_window, None
        if window is not None:
            window.hide()
            window.clear()
            window.close()
        self.start_window.set_busy(False)
        minutes = self.settings.auto_lock_minutes
        notices = {"idle": ngettext("Locked after {minutes} idle minute.",
                                    "Locked after {minutes} idle minutes.",
                                    minutes).format(minutes=QtCore.QLocale().toString(minutes)),
            "session": _("Locked because the session was suspended."),
            "erased": _("The vault was erased: its keys were overwritten and its files "
                        "removed. Nothing can open it any more.")}
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
        """The settings; with a vault open, its Safety tab too (its state loaded first)."""
        if self.controller.is_unlocked:
            self.flows.safety.load(self._open_settings)
        else:
            self._open_settings(None)

    def _open_settings(self, safety_view: SafetyView | None) -> None:
        if (old := alive(self.settings_dialog)) is not None:
            old.close()
        dialog = SettingsDialog(self.settings, self._parent())
        self.safety_section = None
        if safety_view is not None:
            section = SafetySection(safety_view, dialog)
            dialog.add_section(_("Safety"), section)
            self.flows.safety.attach_section(section)
            self.safety_section = section
            if safety_view.fingerprint:
                dialog.add_section(_("My signing key"), MyKeySection(safety_view.fingerprint,
                                                                      dialog))
        dialog.accepted.connect(self._on_settings_dialog_accepted)
        self.settings_dialog = dialog
        dialog.open()

    @QtCore.Slot()
    def _on_settings_dialog_accepted(self) -> None:
        dialog = alive(self.settings_dialog)
        if dialog is None:
            return
        if (section := alive(self.safety_section)) is not None and section.changed():
            self.flows.safety.apply(section.choices())
        restart = dialog.language_changed()
        self.apply_settings(dialog.result_settings())
        if restart:
            QtWidgets.QMessageBox.information(
                self._parent(), _("Settings"),
                _("The new language is used from the next start."))

    def apply_settings(self, settings: UiSettings) -> None:
        """Save and apply at once; only the language waits for a restart."""
        from ui.windows.start_window import window_title

        settings = settings.normalized()  # opting out (or neutral mode) empties the recent list
        language = self.settings.language  # this process keeps its language
        if settings.neutral_title != self.settings.neutral_title:
            camouflage.apply(self.app, settings.neutral_title)
            if self._save:  # tests build shells that touch nothing outside their folder
                camouflage.sync_desktop_entry(settings.neutral_title)
        self.settings = settings
        if self._save:
            save_settings(settings)
        self.settings = dataclasses.replace(settings, language=language)
        set_display(settings.digits, settings.hijri)
        self.break_reminder.set_enabled(settings.break_reminder)
        self._apply_idle_timeout()
        if self.main_window is not None:
            self.main_window.set_blur_sensitive(settings.blur_sensitive)
            self.main_window.refresh_display()
        self.start_window.set_recent(self._recent_vaults())  # gone at once when opted out
        self.start_window.set_neutral(settings.neutral_title)
        if self.main_window is not None:
            self.main_window.setWindowTitle(window_title(settings.neutral_title))

    # --- restore from a backup -------------------------------------------------------------------
    @QtCore.Slot()
    def show_restore(self) -> None:
        if (old := alive(self.restore_dialog)) is not None:
            old.close()
        dialog = RestoreDialog(default_vault_path().with_name("restored.bayyina"),
                               self.start_window)
        dialog.restore_requested.connect(self.controller.restore)
        self.restore_dialog = dialog
        dialog.open()

    @QtCore.Slot(object)
    def _on_controller_vault_restored(self, result: Any) -> None:
        if (d := alive(self.restore_dialog)) is not None:
            d.accept()
        self.start_window.set_vault_path(result.path)
        self.start_window.show_notice(
            _("Vault restored from the backup of {time}. Unlock it with its passphrase; use "
              "only this copy from now on.").format(time=moment_words(result.created_at)))

    @QtCore.Slot(str)
    def _on_controller_vault_restore_failed(self, message: str) -> None:
        if (d := alive(self.restore_dialog)) is not None:
            d.show_error(message)

    @QtCore.Slot()
    def show_about(self) -> None:
        AboutDialog(self._parent(), neutral=self.settings.neutral_title).exec()
