# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Receive a bundle (for organisations): the file, the key or passphrase, then — for a sender not
yet trusted — the signer's fingerprint to compare out of band before anything is imported.

Two steps, never a worker waiting for the user (docs/development.md): the first attempt fails with
``handover.first_contact`` and the fingerprint; the dialog shows it; confirming runs the receive
again with that fingerprint pinned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.bundle.signing import display_fingerprint
from app.errors import AppError
from app.handover.requests import ReceiveRequest
from app.messages import describe
from app.textsafety import ltr_isolate, one_line
from ui.i18n import _, current, ngettext
from ui.widgets import file_picker
from ui.widgets.fingerprint_view import FingerprintView


class ReceiveDialog(QtWidgets.QDialog):
    """Emits:
        receive_requested(object): an ``app.handover.ReceiveRequest``.
    """

    receive_requested = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Receive a bundle"))
        self._identity_text: str | None = None
        self._fingerprint = ""
        self._build_ui()
        self._connect_signals()
        self._on_fields_edited()

    def _build_ui(self) -> None:
        self.bundle_edit = QtWidgets.QLineEdit(self)
        self.bundle_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.bundle_button = QtWidgets.QPushButton(_("Choose…"), self)
        self.key_button = QtWidgets.QPushButton(_("Choose the key file…"), self)
        self.key_label = QtWidgets.QLabel(self)
        self.key_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.passphrase_edit = QtWidgets.QLineEdit(self)
        self.passphrase_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.trust_box = QtWidgets.QGroupBox(_("New sender"), self)
        self.trust_text = QtWidgets.QLabel(
            _("This vault does not know the sender's key yet. Compare this fingerprint with the "
              "sender by phone or in person before you trust it:"), self.trust_box)
        self.trust_text.setWordWrap(True)
        # the groups and the words the sender reads from her "My signing key"
        self.fingerprint_view = FingerprintView(self.trust_box)
        self.fingerprint_label = self.fingerprint_view.hex_label
        self.trust_button = QtWidgets.QPushButton(_("The fingerprints match: trust and import"),
                                                  self.trust_box)
        tl = QtWidgets.QVBoxLayout(self.trust_box)
        tl.addWidget(self.trust_text)
        tl.addWidget(self.fingerprint_view)
        tl.addWidget(self.trust_button)
        self.trust_box.hide()
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.hide()
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.result_label = QtWidgets.QLabel(self)
        self.result_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.receive_button = QtWidgets.QPushButton(_("Receive"), self)
        self.receive_button.setObjectName("primary")
        self.close_button = QtWidgets.QPushButton(_("Close"), self)

        bundle_row = QtWidgets.QHBoxLayout()
        bundle_row.addWidget(self.bundle_edit, 1)
        bundle_row.addWidget(self.bundle_button)
        key_row = QtWidgets.QHBoxLayout()
        key_row.addWidget(self.key_button)
        key_row.addWidget(self.key_label, 1)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Bundle:"), bundle_row)
        form.addRow(_("Key:"), key_row)
        form.addRow(_("Or passphrase:"), self.passphrase_edit)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.receive_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.trust_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self.resize(560, 360)

    def _connect_signals(self) -> None:
        self.bundle_edit.textChanged.connect(self._on_fields_edited)
        self.passphrase_edit.textChanged.connect(self._on_fields_edited)
        self.bundle_button.clicked.connect(self._on_bundle_button_clicked)
        self.key_button.clicked.connect(self._on_key_button_clicked)
        self.receive_button.clicked.connect(self._on_receive_button_clicked)
        self.trust_button.clicked.connect(self._on_trust_button_clicked)
        self.close_button.clicked.connect(self.reject)

    def set_identity_text(self, text: str | None, shown_name: str = "") -> None:
        """The age identity file's text (read by the caller), kept in memory only."""
        self._identity_text = text
        self.key_label.setText(ltr_isolate(one_line(shown_name)) if text else "")
        self._on_fields_edited()

    @QtCore.Slot()
    def _on_fields_edited(self, *_args: object) -> None:
        self.receive_button.setEnabled(bool(self.bundle_edit.text().strip()) and (
            bool(self._identity_text) or bool(self.passphrase_edit.text())))

    @QtCore.Slot()
    def _on_bundle_button_clicked(self) -> None:
        chosen = file_picker.choose(self, _("Choose the bundle"))
        if chosen:
            self.bundle_edit.setText(str(chosen[0]))

    @QtCore.Slot()
    def _on_key_button_clicked(self) -> None:
        chosen = file_picker.choose(self, _("Choose the organisation's key file"))
        if chosen:
            try:
                text = chosen[0].read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.error_label.setText(_("The key file could not be read."))
                return
            self.set_identity_text(text, chosen[0].name)

    def request(self, trust: str | None = None) -> ReceiveRequest:
        """What the fields ask for, with ``trust`` the fingerprint confirmed by the person."""
        by_key = bool(self._identity_text)
        return ReceiveRequest(Path(self.bundle_edit.text().strip()),
                              identity=self._identity_text if by_key else None,
                              passphrase=None if by_key else self.passphrase_edit.text(),
                              trust_signer=trust)

    def _start(self, trust: str | None) -> None:
        self.error_label.clear()
        self.result_label.clear()
        self.trust_box.hide()
        try:
            req = self.request(trust)
        except AppError as err:  # refused before anything runs, with the CLI's own code
            self.show_error(describe(err, current(), isolate=True))
            return
        self.progress.setRange(0, 0)
        self.progress.show()
        self.receive_button.setEnabled(False)
        self.receive_requested.emit(req)

    @QtCore.Slot()
    def _on_receive_button_clicked(self) -> None:
        self._start(None)

    @QtCore.Slot()
    def _on_trust_button_clicked(self) -> None:
        self._start(self._fingerprint)

    def ask_trust(self, fingerprint: str) -> None:
        self.progress.hide()
        self._fingerprint = fingerprint
        self.fingerprint_view.set_fingerprint(one_line(fingerprint))
        self.trust_box.show()
        self._on_fields_edited()

    def show_result(self, result: Any) -> None:
        self.progress.hide()
        loc = QtCore.QLocale()
        lines = [ngettext("{count} item received.", "{count} items received.",
                          len(result.added)).format(count=loc.toString(len(result.added)))]
        if result.duplicates:
            lines.append(ngettext("{count} was already in the vault.",
                                  "{count} were already in the vault.",
                                  len(result.duplicates)).format(
                                      count=loc.toString(len(result.duplicates))))
        completed = len(getattr(result, "originals_completed", []))
        if completed:
            lines.append(ngettext(
                "{count} item received earlier without its original now has it.",
                "{count} items received earlier without their originals now have them.",
                completed).format(count=loc.toString(completed)))
        quarantined = list(getattr(result, "quarantined", []))
        if quarantined:
            lines.append(ngettext(
                "Warning: {count} item's clean copy failed this vault's checks. It is kept, "
                "quarantined: sealed as evidence, never shown or exported as a clean copy.",
                "Warning: {count} items' clean copies failed this vault's checks. They are "
                "kept, quarantined: sealed as evidence, never shown or exported as clean "
                "copies.", len(quarantined)).format(count=loc.toString(len(quarantined))))
            for q in quarantined:
                lines.append(_("  item {item}: {reason}").format(
                    item=loc.toString(int(q.item)),
                    reason=describe(AppError(q.code, **q.params), current(), isolate=True)))
        if result.status == "already_received":
            lines = [_("This bundle was received before; nothing new was imported.")]
        try:  # in groups of four, as she compared it (a 64-digit run was cut off)
            signer = display_fingerprint(str(result.signer_fingerprint))
        except AppError:
            signer = one_line(str(result.signer_fingerprint))
        lines.append(_("Signed by: {fingerprint}").format(fingerprint=ltr_isolate(signer)))
        self.result_label.setText("\n".join(lines))
        self.passphrase_edit.clear()
        self._on_fields_edited()

    def show_error(self, message: str) -> None:
        self.progress.hide()
        self.error_label.setText(message)
        self._on_fields_edited()
