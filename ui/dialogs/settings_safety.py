# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The settings' "Safety" tab (issue 16), shown while a vault is open: wipe after failed
unlocks, the decoy vault, backups and their reminder, the signing key, receipts, quick delete.
Each part has a one-sentence explanation. The widget reads the vault's state
(:class:`ui.jobs.safety.SafetyView`) and emits intent; :mod:`ui.flows.safety_flow` acts on it.
The choices (wipe, reminder) are applied when the dialog is accepted; the buttons act at once.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.handover.reminder import REMINDER_CHOICES
from app.textsafety import bidi_isolate
from app.vault.duress import WIPE_CHOICES
from ui.i18n import _, ngettext
from ui.jobs.safety import SafetyChoices, SafetyView
from ui.safety_text import moment_words


def _hint(text: str, parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text, parent)
    label.setObjectName("hint")
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class SafetySection(QtWidgets.QWidget):
    """Emits:
        decoy_requested(), backup_requested(), rotate_requested(), revoke_requested(),
        receipt_import_requested(), vault_erase_requested(): the button of that action.
        case_erase_requested(str): delete this case (its title) and its evidence.
    """

    decoy_requested = QtCore.Signal()
    backup_requested = QtCore.Signal()
    rotate_requested = QtCore.Signal()
    revoke_requested = QtCore.Signal()
    receipt_import_requested = QtCore.Signal()
    case_erase_requested = QtCore.Signal(str)
    vault_erase_requested = QtCore.Signal()

    def __init__(self, view: SafetyView, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._initial = SafetyChoices(view.state.wipe_after, view.state.show_remaining,
                                      view.state.reminder_days)
        self._build_ui()
        self._connect_signals()
        self.set_view(view)

    def _group(self, title: str, *parts: QtWidgets.QWidget | QtWidgets.QLayout
               ) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox(title, self)
        column = QtWidgets.QVBoxLayout(box)
        for part in parts:
            if isinstance(part, QtWidgets.QLayout):
                column.addLayout(part)
            else:
                column.addWidget(part)
        return box

    def _button(self, text: str) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton(text, self)
        button.setSizePolicy(QtWidgets.QSizePolicy.Policy.Maximum,
                             QtWidgets.QSizePolicy.Policy.Fixed)
        return button

    def _build_ui(self) -> None:
        self.wipe_combo = QtWidgets.QComboBox(self)
        self.wipe_combo.setAccessibleName(_("Erase the vault after failed unlocks"))
        self.wipe_combo.addItem(_("Never"), None)
        for n in WIPE_CHOICES:
            self.wipe_combo.addItem(ngettext("After {count} failed unlock in a row",
                                             "After {count} failed unlocks in a row",
                                             n).format(count=QtCore.QLocale().toString(n)), n)
        self.remaining_check = QtWidgets.QCheckBox(
            _("Show the attempts left after a wrong passphrase"), self)
        wipe_row = QtWidgets.QFormLayout()
        wipe_row.addRow(_("Erase the vault:"), self.wipe_combo)
        wipe_box = self._group(
            _("Failed unlocks"), wipe_row, self.remaining_check,
            _hint(_("After that many wrong passphrases the vault's keys are overwritten and "
                    "nothing can open it again, not even your passphrase; someone who copied "
                    "the folder before can still keep guessing on the copy."), self))

        self.decoy_button = self._button(_("Set up a decoy vault…"))
        decoy_box = self._group(
            _("Decoy vault"), _hint(_("A second passphrase opens a separate, ordinary-looking "
                                      "vault that shows nothing of this one: give it if you are "
                                      "forced to open the vault."), self), self.decoy_button)

        self.last_backup_label = QtWidgets.QLabel(self)
        self.last_backup_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.backup_button = self._button(_("Back up now…"))
        self.reminder_combo = QtWidgets.QComboBox(self)
        self.reminder_combo.setAccessibleName(_("Remind me to back up"))
        self.reminder_combo.addItem(_("Never"), None)
        for days in REMINDER_CHOICES:
            self.reminder_combo.addItem(ngettext("Every {count} day", "Every {count} days",
                                                 days).format(
                count=QtCore.QLocale().toString(days)), days)
        reminder_row = QtWidgets.QFormLayout()
        reminder_row.addRow(_("Remind me to back up:"), self.reminder_combo)
        backup_box = self._group(
            _("Backups"), self.last_backup_label, self.backup_button, reminder_row,
            _hint(_("A backup is one encrypted file, to keep away from this computer; restore "
                    "it from the start window, and your bundles continue where they were."),
                  self))

        self.rotate_button = self._button(_("Replace the signing key…"))
        self.revoke_button = self._button(_("Revoke the signing key…"))
        key_buttons = QtWidgets.QHBoxLayout()
        key_buttons.addWidget(self.rotate_button)
        key_buttons.addWidget(self.revoke_button)
        key_buttons.addStretch(1)
        key_box = self._group(
            _("Signing key"), _hint(_("Replacing the key gives your bundles a new signature; "
                                      "revoking it, from a restored backup after a lost laptop, "
                                      "makes the organisation refuse what the old key signs. "
                                      "Send the file you save to the organisation."), self),
            key_buttons)

        self.receipt_button = self._button(_("Import a receipt…"))
        receipt_box = self._group(
            _("Receipts"), _hint(_("A receipt from the organisation marks the items it "
                                   "received; each item then shows who holds it."), self),
            self.receipt_button)

        self.case_combo = QtWidgets.QComboBox(self)
        self.case_combo.setAccessibleName(_("The case to delete"))
        self.case_erase_button = self._button(_("Delete the case and its evidence…"))
        case_row = QtWidgets.QHBoxLayout()
        case_row.addWidget(self.case_combo, 1)
        case_row.addWidget(self.case_erase_button)
        self.vault_erase_button = self._button(_("Erase the whole vault…"))
        self.vault_erase_button.setObjectName("danger")
        delete_box = self._group(
            _("Quick delete"), _hint(_("Deleted for good, the pages overwritten; the custody "
                                       "log keeps only what kind of thing was deleted, and "
                                       "when. Single items: select them in the list and choose "
                                       "Delete…"), self), case_row, self.vault_erase_button)

        layout = QtWidgets.QVBoxLayout(self)
        for box in (wipe_box, decoy_box, backup_box, key_box, receipt_box, delete_box):
            layout.addWidget(box)

    def _connect_signals(self) -> None:
        self.wipe_combo.currentIndexChanged.connect(self._on_wipe_combo_current_index_changed)
        self.decoy_button.clicked.connect(self.decoy_requested.emit)
        self.backup_button.clicked.connect(self.backup_requested.emit)
        self.rotate_button.clicked.connect(self.rotate_requested.emit)
        self.revoke_button.clicked.connect(self.revoke_requested.emit)
        self.receipt_button.clicked.connect(self.receipt_import_requested.emit)
        self.case_erase_button.clicked.connect(self._on_case_erase_button_clicked)
        self.vault_erase_button.clicked.connect(self.vault_erase_requested.emit)

    def set_view(self, view: SafetyView) -> None:
        """The vault's state (again after an action changed it); choices not yet applied stay."""
        s = view.state
        # the vault's choices are loaded once per opening (then her unsaved edits stay); loading
        # them only while the wipe box read "Never" skipped the reminder when wipe was on
        if not getattr(self, "_choices_loaded", False) and self.wipe_combo.count():
            self._choices_loaded = True
            self.wipe_combo.setCurrentIndex(max(0, self.wipe_combo.findData(s.wipe_after)))
            self.remaining_check.setChecked(s.show_remaining)
            self.reminder_combo.setCurrentIndex(
                max(0, self.reminder_combo.findData(s.reminder_days)))
        self._on_wipe_combo_current_index_changed()
        self.last_backup_label.setText(
            _("Last backup: {when}").format(when=moment_words(s.last_backup_at))
            if s.last_backup_at else _("No backup yet."))
        self.case_combo.clear()
        for title in view.cases:
            self.case_combo.addItem(bidi_isolate(title), title)
        self.case_combo.setEnabled(bool(view.cases))
        self.case_erase_button.setEnabled(bool(view.cases))

    @QtCore.Slot()
    @QtCore.Slot(int)
    def _on_wipe_combo_current_index_changed(self, _index: int = 0) -> None:
        on = self.wipe_combo.currentData() is not None
        self.remaining_check.setEnabled(on)
        if not on:
            self.remaining_check.setChecked(False)

    @QtCore.Slot()
    def _on_case_erase_button_clicked(self) -> None:
        title = self.case_combo.currentData()
        if title:
            self.case_erase_requested.emit(str(title))

    def choices(self) -> SafetyChoices:
        wipe = self.wipe_combo.currentData()
        return SafetyChoices(wipe, self.remaining_check.isChecked() and wipe is not None,
                             self.reminder_combo.currentData())

    def changed(self) -> bool:
        return self.choices() != self._initial
