# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Export: which items, protected how, originals yes/no (with a warning), report yes/no, where.

The dialog collects intent and shows progress and the read-back verification; the controller runs
``app.handover.export_from_vault``, whose writer reads the whole file back (from the drive where
the system allows it) and verifies it, decrypting it with the bundle's own file key (so also a
bundle for an organisation's key). "From the drive" is said only when the read bypassed the
system's memory cache.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

if TYPE_CHECKING:
    from app.handover import ExportResult

from app.errors import AppError
from app.handover.recipients import recipient_fingerprint
from app.handover.requests import ExportRequest
from app.messages import describe
from app.tasks import Progress
from app.textsafety import ltr_isolate, one_line
from ui.fit import scroll_body
from ui.i18n import _, current, ngettext
from ui.widgets import file_picker
from ui.widgets.fingerprint_view import mono_font
from ui.widgets.scope_picker import ScopePickerWidget
from ui.widgets.secure_label import safe_text


def fingerprint_lines(grouped: str, per_line: int = 8) -> str:
    """``bb03 aedc …`` (16 groups) as lines of ``per_line`` groups, each line isolated left to
    right."""
    groups = grouped.split()
    return "\n".join(ltr_isolate(" ".join(groups[i:i + per_line]))
                     for i in range(0, len(groups), per_line))


class ExportBundleDialog(QtWidgets.QDialog):
    """Emits:
        export_requested(object): an ``app.handover.ExportRequest`` (validated: a refused one
            is shown here and not emitted).
        cancel_requested().
        recipient_save_requested(str, str): label and key, to keep a pasted key in the address
            book (asked on export when "Save this key" is checked).
    """

    export_requested = QtCore.Signal(object)
    cancel_requested = QtCore.Signal()
    recipient_save_requested = QtCore.Signal(str, str)

    def __init__(self, selected_ids: list[int], case_titles: list[str],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export a bundle"))
        self._selected = list(selected_ids)
        self._build_ui(case_titles)
        self._connect_signals()
        self._on_fields_edited()

    # A dialog's widgets are built in one place, top to bottom, as they appear.
    def _build_ui(self, case_titles: list[str]) -> None:  # noqa: PLR0915
        self.scope = ScopePickerWidget(self._selected, case_titles, parent=self)
        self.selected_radio = self.scope.selected_radio
        self.case_radio = self.scope.case_radio
        self.case_combo = self.scope.case_combo
        self.all_radio = self.scope.all_radio

        self.passphrase_radio = QtWidgets.QRadioButton(_("A passphrase to share separately"), self)
        self.passphrase_radio.setChecked(True)
        self.passphrase_edit = QtWidgets.QLineEdit(self)
        self.passphrase_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.confirm_edit = QtWidgets.QLineEdit(self)
        self.confirm_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.key_radio = QtWidgets.QRadioButton(_("The organisation's public key"), self)
        self.key_edit = QtWidgets.QLineEdit(self)
        self.key_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.key_edit.setPlaceholderText("age1…")
        self.saved_combo = QtWidgets.QComboBox(self)  # the address book (filled by set_recipients)
        # the key's fingerprint whole: two lines of eight groups, fixed-width, left to right,
        # wrapped by group if even that is too wide (it was cut off at the right edge)
        self.key_fingerprint = QtWidgets.QLabel(self)
        self.key_fingerprint.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.key_fingerprint.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_fingerprint.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.key_fingerprint.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft)
        self.key_fingerprint.setFont(mono_font(self))
        self.key_fingerprint.setWordWrap(True)
        self.key_fingerprint.setAccessibleName(_("Fingerprint"))
        self.key_fingerprint_label = QtWidgets.QLabel(_("Fingerprint:"), self)
        self.save_key_check = QtWidgets.QCheckBox(_("Save this key in the address book as:"), self)
        self.save_label_edit = QtWidgets.QLineEdit(self)
        self.save_label_edit.setPlaceholderText(_("Organisation"))
        self._saved_keys: set[str] = set()
        self.protection_group = QtWidgets.QButtonGroup(self)
        self.protection_group.addButton(self.passphrase_radio)
        self.protection_group.addButton(self.key_radio)

        self.originals_check = QtWidgets.QCheckBox(_("Include the originals"), self)
        self.originals_warning = QtWidgets.QLabel(
            _("Originals keep everything the files carried: location, device, names, dates. "
              "Include them only if the organisation needs them as proof."), self)
        self.originals_warning.setObjectName("error")
        self.originals_warning.setWordWrap(True)
        self.report_check = QtWidgets.QCheckBox(_("Include a PDF report in:"), self)
        self.report_check.setChecked(True)
        self.report_lang = QtWidgets.QComboBox(self)
        self.report_lang.addItem("العربية", "ar")
        self.report_lang.addItem("English", "en")
        self.report_lang.setCurrentIndex(max(0, self.report_lang.findData(current().lang)))
        # issue 18: the bundle can also go in a destination's outbox (encrypted to its card's key)
        self.outbox_label = QtWidgets.QLabel(_("Put in the outbox for:"), self)
        self.outbox_combo = QtWidgets.QComboBox(self)
        self.outbox_combo.addItem(_("No one: only save the file"), "")
        self._destinations: dict[str, str] = {}  # name -> age recipient
        self.folder_edit = QtWidgets.QLineEdit(self)
        self.folder_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.folder_edit.setPlaceholderText(_("Folder, e.g. a USB stick"))
        self.browse_button = QtWidgets.QPushButton(_("Choose…"), self)

        self.progress = QtWidgets.QProgressBar(self)
        self.progress.hide()
        # composed text: our sentences around isolated values (cleaned first, then isolated)
        self.result_label = QtWidgets.QLabel(self)
        self.result_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.export_button = QtWidgets.QPushButton(_("Export"), self)
        self.export_button.setObjectName("primary")
        self.cancel_button = QtWidgets.QPushButton(_("Cancel"), self)
        self.close_button = QtWidgets.QPushButton(_("Close"), self)

        what = QtWidgets.QGroupBox(_("What"), self)
        wl = QtWidgets.QGridLayout(what)
        wl.addWidget(self.scope, 0, 0)
        how = QtWidgets.QGroupBox(_("Protected with"), self)
        hl = QtWidgets.QFormLayout(how)
        self.how_form = hl
        hl.addRow(self.outbox_label, self.outbox_combo)  # first: it decides the protection
        hl.setRowVisible(0, False)  # until there is a destination (set_destinations)
        hl.addRow(self.passphrase_radio)
        hl.addRow(_("Passphrase:"), self.passphrase_edit)
        hl.addRow(_("Repeat it:"), self.confirm_edit)
        hl.addRow(self.key_radio)
        hl.addRow(_("Saved keys:"), self.saved_combo)
        hl.addRow(_("Key:"), self.key_edit)
        hl.addRow(self.key_fingerprint_label)  # across the form: room for eight groups a line
        hl.addRow(self.key_fingerprint)
        hl.addRow(self.save_key_check, self.save_label_edit)
        extra = QtWidgets.QGroupBox(_("Contents"), self)
        el = QtWidgets.QGridLayout(extra)
        el.addWidget(self.originals_check, 0, 0, 1, 2)
        el.addWidget(self.originals_warning, 1, 0, 1, 2)
        el.addWidget(self.report_check, 2, 0)
        el.addWidget(self.report_lang, 2, 1)
        dest = QtWidgets.QHBoxLayout()
        save_in = QtWidgets.QLabel(_("Save in:"), self)
        save_in.setBuddy(self.folder_edit)  # its name for a screen reader
        dest.addWidget(save_in)
        dest.addWidget(self.folder_edit, 1)
        dest.addWidget(self.browse_button)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout = QtWidgets.QVBoxLayout(self)
        # the form scrolls on a small screen; progress, messages and the buttons stay in view
        self.form_scroll = scroll_body(self, what, how, extra, dest)
        layout.addWidget(self.form_scroll, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        self.error_label.hide()  # shown with a message; empty, they would take the form's room
        self.result_label.hide()
        layout.addLayout(buttons)
        self.cancel_button.hide()
        self.resize(560, 620)

    def _connect_signals(self) -> None:
        for edit in (self.passphrase_edit, self.confirm_edit, self.key_edit, self.folder_edit):
            edit.textChanged.connect(self._on_fields_edited)
        for button in (self.passphrase_radio, self.key_radio, self.originals_check,
                       self.report_check):
            button.toggled.connect(self._on_fields_edited)
        self.saved_combo.activated.connect(self._on_saved_combo_activated)
        self.outbox_combo.currentIndexChanged.connect(self._on_outbox_combo_changed)
        self.save_key_check.toggled.connect(self._on_fields_edited)
        self.save_label_edit.textChanged.connect(self._on_fields_edited)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        self.close_button.clicked.connect(self.reject)

    @QtCore.Slot()
    def _on_fields_edited(self, *_args: object) -> None:
        by_pass = self.passphrase_radio.isChecked()
        self.passphrase_edit.setEnabled(by_pass)
        self.confirm_edit.setEnabled(by_pass)
        self.key_edit.setEnabled(not by_pass)
        self.saved_combo.setEnabled(not by_pass and self.saved_combo.count() > 1
                                    and self.outbox_combo.currentIndex() <= 0)
        key = self.key_edit.text().strip()
        self.key_fingerprint.setText(fingerprint_lines(recipient_fingerprint(key))
                                     if key.startswith("age1") else "")
        self.key_fingerprint_label.setVisible(key.startswith("age1"))
        self.key_fingerprint.setVisible(key.startswith("age1"))
        new_key = (not by_pass and key.startswith("age1") and key not in self._saved_keys
                   and key not in self._destinations.values())
        self.save_key_check.setVisible(new_key)
        self.save_label_edit.setVisible(new_key)
        self.save_label_edit.setEnabled(self.save_key_check.isChecked())
        self.originals_warning.setVisible(self.originals_check.isChecked())
        self.report_lang.setEnabled(self.report_check.isChecked())
        protected = (bool(self.passphrase_edit.text())
                     and self.passphrase_edit.text() == self.confirm_edit.text()) if by_pass \
            else self.key_edit.text().strip().startswith("age1")
        self.export_button.setEnabled(protected and bool(self.folder_edit.text().strip()))

    def set_recipients(self, recipients: list[Any]) -> None:
        """Offer the address book (``app.handover.recipients.Recipient`` values)."""
        self.saved_combo.clear()
        self.saved_combo.addItem(_("Paste a new key below"), "")
        for r in recipients:
            self.saved_combo.addItem(_("{name} ({fingerprint})").format(
                name=safe_text(r.label, max_len=60),
                fingerprint=ltr_isolate(r.fingerprint[:19] + "…")), r.recipient)
        self._saved_keys = {r.recipient for r in recipients}
        self._on_fields_edited()

    def set_destinations(self, destinations: list[tuple[str, str]]) -> None:
        """Offer the outbox of each destination: (name, age recipient of its card)."""
        self._destinations = dict(destinations)
        for name, _recipient in destinations:
            if self.outbox_combo.findData(name) < 0:
                self.outbox_combo.addItem(safe_text(name, max_len=60), name)
        self.how_form.setRowVisible(0, bool(destinations))

    def outbox_destination(self) -> str | None:
        """The destination whose outbox the bundle goes in, or None."""
        return str(self.outbox_combo.currentData() or "") or None

    @QtCore.Slot(int)
    def _on_outbox_combo_changed(self, _index: int) -> None:
        """A destination's bundle is encrypted to its card's key, and only to it."""
        name = self.outbox_destination()
        for w in (self.passphrase_radio, self.key_radio, self.saved_combo):
            w.setEnabled(name is None)
        self.key_edit.setReadOnly(name is not None)
        if name is not None:
            self.key_radio.setChecked(True)
            self.key_edit.setText(self._destinations.get(name, ""))
        self._on_fields_edited()

    def show_queued(self, entry: Any) -> None:
        """After ``show_result``: the bundle is also in this destination's outbox."""
        self.result_label.setText("\n".join((self.result_label.text(), _(
            "The bundle is in the outbox for {name}. It stays in the file above until it is "
            "sent: do not move it.").format(name=safe_text(entry.contact, max_len=60)))))

    @QtCore.Slot(int)
    def _on_saved_combo_activated(self, index: int) -> None:
        key = self.saved_combo.itemData(index)
        if key:
            self.key_radio.setChecked(True)
            self.key_edit.setText(key)

    @QtCore.Slot()
    def _on_browse_button_clicked(self) -> None:
        chosen = file_picker.choose(self, _("Choose where to save the bundle"), folder=True)
        if chosen:
            self.folder_edit.setText(str(chosen[0]))

    def request(self) -> ExportRequest:
        """What the fields ask for, as the command line would (raises the request's refusal:
        ``bundle.*`` codes for the protection, ``handover.items_and_case``)."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        item_ids, case = self.scope.chosen()
        by_pass = self.passphrase_radio.isChecked()
        return ExportRequest(
            out=Path(self.folder_edit.text().strip()) / f"bayyina-{stamp}.zip.age",
            item_ids=None if item_ids is None else tuple(item_ids),
            case=case if item_ids is None else None,
            recipients=() if by_pass else (self.key_edit.text().strip(),),
            passphrase=self.passphrase_edit.text() if by_pass else None,
            include_originals=self.originals_check.isChecked(),
            report_lang=(self.report_lang.currentData() if self.report_check.isChecked()
                         else None))

    @QtCore.Slot()
    def _on_export_button_clicked(self) -> None:
        try:
            req = self.request()
        except AppError as err:  # refused before anything runs, with the CLI's own code
            self.show_error(describe(err, current(), isolate=True))
            return
        key = req.recipients[0] if req.recipients else ""
        label = self.save_label_edit.text().strip()
        if not self.save_key_check.isHidden() and self.save_key_check.isChecked() and label:
            self.recipient_save_requested.emit(label, key)
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self.error_label.clear()
        self.error_label.hide()
        self.result_label.clear()
        self.result_label.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.export_button.setEnabled(False)
        self.cancel_button.show()
        self.export_requested.emit(req)

    def show_progress(self, progress: Progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)

    def show_result(self, result: ExportResult) -> None:
        """What was written and what the writer's own read-back verified (``result.verified``):
        the bundle is not verified a third time here."""
        verified = result.verified
        self.progress.hide()
        self.cancel_button.hide()
        loc = QtCore.QLocale()
        count = len(result.manifest.get("items", []))
        lines = [ngettext("{count} item exported.", "{count} items exported.", count).format(
            count=loc.toString(count)),
            _("File: {path}").format(path=ltr_isolate(one_line(str(result.path), 500))),
            _("SHA-256: {hash}").format(hash=ltr_isolate(" ".join(  # groups of four: it wraps
                textwrap.wrap(one_line(result.sha256), 4))))]
        if verified is not None and getattr(result, "read_from_drive", False):
            lines.append(_("Read back from the drive and verified: signature valid, {count} files "
                           "match.").format(count=loc.toString(len(verified.files))))
        elif verified is not None:
            lines.append(_("Read back and verified: signature valid, {count} files match (this "
                           "system may have answered from memory, not from the drive).").format(
                count=loc.toString(len(verified.files))))
        skipped = list(getattr(result, "skipped", ()) or ())
        chats = sum(1 for _item, reason in skipped if reason == "chat_export_not_asked")
        if chats:
            lines.append(ngettext(
                "{count} whole chat export was left out: select the messages that matter in the "
                "chat view and export them as an excerpt, or include the originals to send the "
                "whole export.",
                "{count} whole chat exports were left out: select the messages that matter in "
                "the chat view and export them as an excerpt, or include the originals to send "
                "the whole exports.", chats).format(count=loc.toString(chats)))
        if len(skipped) > chats:
            others = len(skipped) - chats
            lines.append(ngettext("{count} item was left out: it has no clean copy.",
                                  "{count} items were left out: they have no clean copy.",
                                  others).format(count=loc.toString(others)))
        if verified is None:
            lines.append(_("Encrypted for the organisation's key: only the organisation can open "
                           "and verify it. Send them the SHA-256 above through another channel."))
        elif self.key_radio.isChecked():
            lines.append(_("Encrypted for the organisation's key: only the organisation can open "
                           "it. Send them the SHA-256 above through another channel."))
        self.result_label.setText("\n".join(lines))
        self.result_label.show()

    def show_error(self, message: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.error_label.setText(message)
        self.error_label.show()
        self._on_fields_edited()
