# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""About Bayyina: version, what it protects and what it does not, the safety shortcuts."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app import __version__
from app.textsafety import ltr_isolate
from ui.i18n import _

LOCK_SHORTCUT = "Ctrl+L"
PANIC_SHORTCUT = "Ctrl+Shift+L"


class AboutDialog(QtWidgets.QDialog):
    """``neutral``: the neutral mode's About — "Documents", the version and the shortcuts, nothing
    of the name or of what the program is for (issue 16)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, *, neutral: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About") if neutral else _("About Bayyina"))
        self._build_ui(neutral)

    def _build_ui(self, neutral: bool) -> None:
        title = QtWidgets.QLabel(_("Documents") if neutral else _("Bayyina"), self)
        title.setObjectName("title")
        version = QtWidgets.QLabel(_("Version {version}").format(
            version=ltr_isolate(__version__)), self)
        texts = [] if neutral else [
            _("An offline evidence locker for women human rights defenders. Everything stays "
              "encrypted on this computer; nothing is sent anywhere."),
            _("It protects the evidence if this computer is lost, searched or seized while "
              "Bayyina is locked. It cannot protect you from spyware on this computer, or if "
              "someone forces you to give the passphrase.")]
        texts += [
            _("Lock now: {keys}").format(keys=ltr_isolate(LOCK_SHORTCUT)),
            _("Hide and lock at once (panic): {keys}").format(keys=ltr_isolate(PANIC_SHORTCUT)),
            _("Free software under the GNU General Public License, version 3 or later."),
        ]
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(version)
        for text in texts:
            label = QtWidgets.QLabel(text, self)
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            layout.addWidget(label)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, 360)
