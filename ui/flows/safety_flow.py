# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The settings' Safety tab (issue 16): it loads the vault's safety state for the shell, applies
the choices when the settings are accepted, and runs each of the tab's actions — the decoy
dialog, backup now, key rotation and revocation (the statement saved where she chooses), receipt
import (asking once before trusting a new organisation key), quick delete of a case or of the
whole vault (each confirmed first). The jobs are :mod:`ui.jobs.safety`, as the CLI's commands.

After an unlock it also composes what the vault has to tell her (:meth:`SafetyFlow.notice`): the
failed attempts since her last unlock, and the backup reminder when she asked for one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.errors import AppError
from app.textsafety import bidi_isolate, ltr_isolate
from ui.dialogs.backup import BackupDialog
from ui.dialogs.decoy import DecoyDialog
from ui.dialogs.settings_safety import SafetySection
from ui.flows.base import Flow, alive
from ui.i18n import _, ngettext
from ui.jobs import safety
from ui.safety_text import access_log_message, backup_due_message, moment_words
from ui.widgets import file_picker

if TYPE_CHECKING:
    from app.handover.backup import BackupResult
    from app.handover.receipts import ReceiptImported
    from ui.controller import AppController
    from ui.flows.browse_flow import BrowseFlow


def confirm(parent: QtWidgets.QWidget | None, title: str, text: str, action: str) -> bool:
    """A warning with Cancel as the default; True when she chose ``action``."""
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, title, text,
                                QtWidgets.QMessageBox.StandardButton.Cancel, parent)
    chosen = box.addButton(action, QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is chosen


class SafetyFlow(Flow):
    """Emits:
        done(str): a translated sentence after an action succeeded.
        failed(str): a translated sentence.
    """

    done = QtCore.Signal(str)
    failed = QtCore.Signal(str)

    def __init__(self, controller: AppController, browse: BrowseFlow,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(controller, parent)
        self.browse = browse
        self.section: SafetySection | None = None
        self.decoy_dialog: DecoyDialog | None = None
        self.backup_dialog: BackupDialog | None = None

    def dialogs(self) -> tuple[QtWidgets.QDialog | None, ...]:
        return (self.decoy_dialog, self.backup_dialog)

    def close(self) -> None:
        super().close()
        self.section = self.decoy_dialog = self.backup_dialog = None

    # --- the tab -------------------------------------------------------------------------------
    def load(self, ok: Callable[[safety.SafetyView], None]) -> None:
        """The state for a new Safety tab, given to ``ok`` (nothing when locked meanwhile)."""
        self.controller.run(safety.load, ok=ok, fail=self._on_failed)

    def attach_section(self, section: SafetySection) -> None:
        self.section = section
        section.decoy_requested.connect(self.show_decoy)
        section.backup_requested.connect(self.show_backup)
        section.rotate_requested.connect(lambda: self.replace_key("rotation"))
        section.revoke_requested.connect(lambda: self.replace_key("revocation"))
        section.receipt_import_requested.connect(self.choose_receipt)
        section.case_erase_requested.connect(self.erase_case)
        section.vault_erase_requested.connect(self.erase_vault)

    def apply(self, choices: safety.SafetyChoices) -> None:
        self.controller.run(safety.apply_choices, choices, ok=self._on_view_loaded,
                            fail=self._on_failed)

    def _parent(self) -> QtWidgets.QWidget | None:
        if (s := alive(self.section)) is not None:
            return s.window()
        return self.window

    def _refresh(self) -> None:
        if alive(self.section) is not None:
            self.controller.run(safety.load, ok=self._on_view_loaded, fail=self._on_failed)

    def _on_view_loaded(self, view: safety.SafetyView) -> None:
        if (s := alive(self.section)) is not None:
            s.set_view(view)

    def _inform(self, title: str, message: str) -> None:
        """A box she closes, never blocking (the vault may lock while it is open)."""
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, title, message,
                                    QtWidgets.QMessageBox.StandardButton.Ok, self._parent())
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _say(self, message: str) -> None:
        if self.window is not None:
            self.window.show_status(message, 15000)
        self.done.emit(message)

    def _on_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if self.window is not None:
            self.window.show_status(message, 15000)
        self.failed.emit(message)

    # --- decoy ---------------------------------------------------------------------------------
    @QtCore.Slot()
    def show_decoy(self) -> None:
        if (old := alive(self.decoy_dialog)) is not None:
            old.close()
        dialog = DecoyDialog(self._parent())
        dialog.decoy_requested.connect(self.make_decoy)
        self.decoy_dialog = dialog
        dialog.open()

    @QtCore.Slot(str, str, str, bool)
    def make_decoy(self, passphrase: str, decoy: str, again: str, erase_real: bool) -> None:
        if decoy != again:
            self._on_decoy_failed(AppError("vault.passphrase_mismatch"))
            return
        if self.controller.runner.running:  # the databases are moved: nothing else may run
            self._on_decoy_failed(AppError("vault.busy"))
            return
        self.controller.run(safety.make_decoy, passphrase, decoy, erase_real,
                            ok=self._on_decoy_made, fail=self._on_decoy_failed)

    def _on_decoy_made(self, erase_real: bool) -> None:
        if (d := alive(self.decoy_dialog)) is not None:
            d.accept()
        message = _("A decoy vault was made: the decoy passphrase opens it, empty, with its own "
                    "keys and log. Fill it with ordinary items so that it looks used.")
        if erase_real:
            message += " " + _("Opening the decoy will erase this vault's key: after that, your "
                               "passphrase no longer opens it.")
        self._inform(_("Decoy vault"), message)
        self._say(message)

    def _on_decoy_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if (d := alive(self.decoy_dialog)) is not None:
            d.show_error(message)
            d._on_fields_edited()
        self.failed.emit(message)

    # --- backup --------------------------------------------------------------------------------
    @QtCore.Slot()
    def show_backup(self) -> None:
        self.controller.run(safety.recipient_keys, ok=self._open_backup, fail=self._on_failed)

    def _open_backup(self, recipients: list[tuple[str, str]]) -> None:
        if (old := alive(self.backup_dialog)) is not None:
            old.close()
        dialog = BackupDialog(recipients, self._parent())
        dialog.backup_requested.connect(self.backup)
        self.backup_dialog = dialog
        dialog.open()

    @QtCore.Slot(object)
    def backup(self, request: safety.BackupRequest) -> None:
        self.controller.run(safety.backup, request, ok=self._on_backed_up,
                            fail=self._on_backup_failed)

    def _on_backed_up(self, result: BackupResult) -> None:
        message = _("Backup written: {path}").format(path=ltr_isolate(str(result.path)))
        message += " " + (_("Read back from the drive and verified: every file matches.")
                          if result.read_from_drive else
                          _("Read back and verified: every file matches (this system may have "
                            "answered from memory, not from the drive)."))
        if (d := alive(self.backup_dialog)) is not None:
            d.show_done(message)
        self._refresh()
        self._say(message)

    def _on_backup_failed(self, exc: BaseException) -> None:
        message = self.controller.message_for(exc)
        if (d := alive(self.backup_dialog)) is not None:
            d.show_error(message)
        self.failed.emit(message)

    # --- keys ----------------------------------------------------------------------------------
    def replace_key(self, kind: str) -> None:
        """Confirm, choose the folder for the statement, then :meth:`replace_key_now`."""
        parent = self._parent()
        if kind == "rotation":
            ok = confirm(parent, _("Replace the signing key"),
                         _("Make a new signing key? Save the statement and give it to the "
                           "organisation before your next bundle."), _("Replace the key"))
        else:
            ok = confirm(parent, _("Revoke the signing key"),
                         _("Revoke the signing key? Do it from a restored backup when the "
                           "laptop was lost or taken: the organisation then refuses every "
                           "bundle the old key signs."), _("Revoke the key"))
        if not ok:
            return
        chosen = file_picker.choose(parent, _("Choose where the statement goes"), folder=True)
        if chosen:
            self.replace_key_now(kind, chosen[0] / self._statement_name(kind, chosen[0]))

    @staticmethod
    def _statement_name(kind: str, folder: Path) -> str:
        stem = f"signing-key-{kind}-{datetime.now(UTC):%Y-%m-%d}"
        name, n = f"{stem}.json", 1
        while (folder / name).exists():
            n += 1
            name = f"{stem}-{n}.json"
        return name

    def replace_key_now(self, kind: str, out: Path) -> None:
        self.controller.run(safety.replace_key, kind, out, ok=self._on_key_replaced,
                            fail=self._on_failed)

    def _on_key_replaced(self, result: tuple[str, Path]) -> None:
        kind, out = result
        path = ltr_isolate(str(out))
        if kind == "rotation":
            message = _("New signing key made; the statement signed by the old and the new key "
                        "is in {path}. Give it to the organisation before your next bundle."
                        ).format(path=path)
        else:
            message = _("Key revoked and replaced; the revocation is in {path}. Give it to the "
                        "organisation: bundles signed with the old key are then refused."
                        ).format(path=path)
        self._inform(_("Signing key"), message)
        self._say(message)

    # --- receipts ------------------------------------------------------------------------------
    @QtCore.Slot()
    def choose_receipt(self) -> None:
        chosen = file_picker.choose(self._parent(), _("Choose the receipt"))
        if chosen:
            self.import_receipt(chosen[0])

    def import_receipt(self, path: Path, trust_signer: str | None = None) -> None:
        self.controller.run(safety.receipt, path, trust_signer, ok=self._on_receipt_imported,
                            fail=lambda exc: self._on_receipt_failed(path, exc))

    def _on_receipt_failed(self, path: Path, exc: BaseException) -> None:
        if isinstance(exc, AppError) and exc.code == "receipt.untrusted_signer":
            fingerprint = str(exc.params.get("fingerprint", ""))
            if self.ask_trust(fingerprint):
                self.import_receipt(path, fingerprint)
            return
        self._on_failed(exc)

    def ask_trust(self, fingerprint: str) -> bool:
        """Trust a receipt's organisation key the first time (she compares the fingerprint)."""
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Question, _("Receipts"),
            _("This receipt is signed by a key this vault does not know yet: {fingerprint}. "
              "Trust it only if the organisation told you this fingerprint.").format(
                fingerprint=ltr_isolate(fingerprint)),
            QtWidgets.QMessageBox.StandardButton.Cancel, self._parent())
        trust = box.addButton(_("Trust this key"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        return box.clickedButton() is trust

    def _on_receipt_imported(self, result: ReceiptImported) -> None:
        message = ngettext("{count} item is recorded as received by {org} on {date}.",
                           "{count} items are recorded as received by {org} on {date}.",
                           len(result.marked)).format(
            count=QtCore.QLocale().toString(len(result.marked)),
            org=bidi_isolate(result.organisation), date=moment_words(result.received_at))
        if result.unknown:
            message += " " + ngettext(
                "{count} item of the receipt is not in this vault with that hash; not recorded.",
                "{count} items of the receipt are not in this vault with those hashes; not "
                "recorded.", result.unknown).format(
                count=QtCore.QLocale().toString(result.unknown))
        self._inform(_("Receipts"), message)
        self._say(message)
        self.browse.refresh()

    # --- quick delete --------------------------------------------------------------------------
    @QtCore.Slot(str)
    def erase_case(self, title: str) -> None:
        if confirm(self._parent(), _("Quick delete"),
                   _("Delete the case {title} and its evidence for good?").format(
                       title=bidi_isolate(title)), _("Delete for good")):
            self.erase_case_now(title)

    def erase_case_now(self, title: str) -> None:
        self.controller.run(safety.delete_case, title, ok=self._on_case_erased,
                            fail=self._on_failed)

    def _on_case_erased(self, done: Any) -> None:
        self._say(ngettext("The case was deleted with {count} item.",
                           "The case was deleted with {count} items.",
                           done.items_deleted).format(
            count=QtCore.QLocale().toString(done.items_deleted)))
        self._refresh()
        self.browse.refresh()

    @QtCore.Slot()
    def erase_vault(self) -> None:
        if confirm(self._parent(), _("Quick delete"),
                   _("Erase the whole vault for good? Nothing can bring it back."),
                   _("Erase the vault")):
            self.controller.erase_vault()

    # --- after an unlock -----------------------------------------------------------------------
    def tell_after_unlock(self, ok: Callable[[str], None]) -> None:
        """``ok`` gets what the vault just opened has to tell her (attempts since her last
        unlock, the backup reminder), when there is something."""
        def compose(news: tuple[Any, int | None]) -> None:
            parts = [access_log_message(news[0]), backup_due_message(news[1])]
            if text := "\n\n".join(p for p in parts if p):
                ok(text)

        self.controller.run(safety.after_unlock, ok=compose, fail=self._on_failed)
