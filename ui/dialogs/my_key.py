# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Settings › "My signing key": the fingerprint of the key this vault signs its bundles with, so
the defender can give it to the organisation before the first handover — grouped in fours, as
words to read aloud on the phone, and as a QR code to scan. The organisation's receive dialog
shows the same groups and words for the sender's key (:class:`ui.widgets.fingerprint_view`).

Registered by the shell with :meth:`ui.dialogs.settings.SettingsDialog.add_section` while a vault
is open; it only shows what it is given (the fingerprint read by the Safety tab's job)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.bundle.signing import display_fingerprint
from app.errors import UsageError
from ui.i18n import _
from ui.widgets.fingerprint_view import FingerprintView
from ui.widgets.qr_code import QrCodeWidget


class MyKeySection(QtWidgets.QWidget):
    """The section's body; ``fingerprint`` is 64 hex digits (any grouping)."""

    def __init__(self, fingerprint: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self.set_fingerprint(fingerprint)

    def _build_ui(self) -> None:
        self.intro = QtWidgets.QLabel(
            _("The organisation you hand evidence to checks that each bundle was signed by this "
              "key. Before your first handover, give them this fingerprint by phone or in "
              "person; they compare it with the one their receive window shows."), self)
        self.intro.setWordWrap(True)
        self.view = FingerprintView(self)
        self.qr_heading = QtWidgets.QLabel(_("Or let them scan it:"), self)
        self.qr_heading.setObjectName("sectionHeading")
        self.qr = QrCodeWidget(self)
        self.qr.setAccessibleName(_("The fingerprint as a QR code"))
        self.note = QtWidgets.QLabel(
            _("The fingerprint is not secret. It changes only when you replace your key "
              "(Safety tab)."), self)
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view)
        layout.addWidget(self.qr_heading)
        layout.addWidget(self.qr, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def set_fingerprint(self, fingerprint: str) -> None:
        self.view.set_fingerprint(fingerprint)
        try:
            grouped = display_fingerprint(fingerprint)
        except UsageError:
            grouped = ""
        self.qr.set_text(grouped)
