# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The first-run guide: three short screens — what the vault is, how to import, how to hand over.

The shell shows it once, after she creates her vault (``UiSettings.guide_seen`` then stays on);
she can skip it at any screen, and open it again from More › Getting started. It only explains:
nothing in it touches the vault. The keys it names come from the same tables the windows use
(``ui.keys``, ``ui.dialogs.about``), so the guide cannot promise a key that does nothing.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate
from ui import keys
from ui.dialogs.about import LOCK_SHORTCUT, PANIC_SHORTCUT
from ui.fit import scroll_body
from ui.i18n import _
from ui.widgets.date_field import digits


def _keys(name: str) -> str:
    return ltr_isolate(keys.KEYS[name][0])


def pages() -> list[tuple[str, str]]:
    """(heading, text) of each screen, in the interface language."""
    return [
        (_("Your vault"),
         _("The vault is a folder on this computer where everything you bring in is kept "
           "encrypted. Only your passphrase opens it: nobody can recover it for you, so keep it "
           "safe.\n\nThe original of each file is sealed exactly as it was. A clean copy, "
           "without hidden information such as the place where a photo was taken, is the one "
           "you show or hand over.\n\nLock it with {lock}. {panic} hides every window and locks "
           "at once.").format(lock=ltr_isolate(LOCK_SHORTCUT), panic=ltr_isolate(PANIC_SHORTCUT))),
        (_("Bringing evidence in"),
         _("Drop screenshots, photos, recordings or whole folders onto the window, choose "
           "Import ({import_keys}), or paste a screenshot with {paste}. Before anything is "
           "imported you see what each file carries.\n\nThen select one item or many and say "
           "what they are: the platform, the accounts, the case, whether they are graphic. "
           "Search with {find}.").format(import_keys=_keys(keys.IMPORT),
                                         paste=ltr_isolate("Ctrl+V"), find=_keys(keys.FIND))),
        (_("Handing it over"),
         _("Export ({export}) writes an encrypted bundle, for example onto a USB stick, for the "
           "organisation you trust. Give them its passphrase another way, never with the "
           "bundle.\n\nThey check that the bundle comes from you with your key's fingerprint: "
           "find it in Settings, under My signing key, and read it to them once by phone or in "
           "person.\n\nReport ({report}) makes a PDF for a platform, a lawyer or the "
           "police.").format(export=_keys(keys.EXPORT), report=_keys(keys.REPORT))),
    ]


class FirstRunGuideDialog(QtWidgets.QDialog):
    """Three screens with Back, Next (Done on the last) and Skip. ``finished`` tells the shell it
    was seen, skipped or not."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Getting started"))
        self._pages = pages()
        self._build_ui()
        self._connect_signals()
        self.show_page(0)

    def _build_ui(self) -> None:
        self.stack = QtWidgets.QStackedWidget(self)
        self.headings: list[QtWidgets.QLabel] = []
        self.texts: list[QtWidgets.QLabel] = []
        for heading, text in self._pages:
            title = QtWidgets.QLabel(heading, self)
            title.setObjectName("title")
            title.setWordWrap(True)
            body = QtWidgets.QLabel(text, self)
            body.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            body.setWordWrap(True)
            body.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
            self.headings.append(title)
            self.texts.append(body)
            self.stack.addWidget(scroll_body(self, title, body))
        self.step_label = QtWidgets.QLabel(self)
        self.step_label.setObjectName("hint")
        self.skip_button = QtWidgets.QPushButton(_("Skip the guide"), self)
        self.back_button = QtWidgets.QPushButton(_("Back"), self)
        self.next_button = QtWidgets.QPushButton(_("Next"), self)
        self.next_button.setObjectName("primary")
        self.next_button.setDefault(True)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.step_label)
        row.addStretch(1)
        row.addWidget(self.skip_button)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(row)
        self.resize(560, 400)

    def _connect_signals(self) -> None:
        self.skip_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(lambda: self.show_page(self.page() - 1))
        self.next_button.clicked.connect(self._on_next_button_clicked)

    def page(self) -> int:
        return self.stack.currentIndex()

    def show_page(self, n: int) -> None:
        n = max(0, min(n, self.stack.count() - 1))
        self.stack.setCurrentIndex(n)
        last = n == self.stack.count() - 1
        self.back_button.setEnabled(n > 0)
        self.skip_button.setVisible(not last)
        self.next_button.setText(_("Done") if last else _("Next"))
        self.step_label.setText(_("{n} of {total}").format(
            n=digits(str(n + 1)), total=digits(str(self.stack.count()))))
        self.next_button.setFocus()

    @QtCore.Slot()
    def _on_next_button_clicked(self) -> None:
        if self.page() == self.stack.count() - 1:
            self.accept()
        else:
            self.show_page(self.page() + 1)
