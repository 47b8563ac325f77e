# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A progress bar with a label and a Cancel button, for the running import."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.tasks import Progress
from ui.i18n import _, ngettext
from ui.widgets.secure_label import SecureLabel


class ProgressRowWidget(QtWidgets.QWidget):
    """Emits:
        cancel_requested(): the user pressed Cancel.
    """

    cancel_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QtWidgets.QLabel(self)
        self.detail = SecureLabel("", self, max_chars=40)
        self.bar = QtWidgets.QProgressBar(self)
        self.bar.setMinimumWidth(200)
        self.cancel_button = QtWidgets.QPushButton(_("Cancel"), self)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.hide()

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.detail.set_untrusted_text("")
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

    def update_progress(self, progress: Progress) -> None:
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.done)
            loc = QtCore.QLocale()
            self.label.setText(ngettext("{done} of {total} file", "{done} of {total} files",
                                        progress.total).format(done=loc.toString(progress.done),
                                                               total=loc.toString(progress.total)))
        self.detail.set_untrusted_text(progress.detail)

    @QtCore.Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(_("Cancelling…"))
        self.cancel_requested.emit()

    def finish(self) -> None:
        self.hide()
