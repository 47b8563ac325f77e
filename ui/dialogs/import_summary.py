# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""What an import did: imported, duplicates, refused and why.

Reasons are the core's error codes rendered by ``app.messages.describe`` (file names inside them
are cleaned and bidi-isolated), shown in plain-text list items. After a paste the dialog offers to
clear the clipboard, so the screenshot does not linger for other programs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.media.metadata import describe_removed, render_removed
from ui.i18n import _, ngettext
from ui.widgets.secure_label import safe_text, ui_direction_mark


def removed_summary(outcomes: list[Any]) -> list[str]:
    """What the clean copies of this import left out, in her words, with how many files each:
    "the place where the photo was taken — in 3 files". (The values are in each item's detail.)"""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.status != "imported" or not outcome.removed:
            continue
        seen = set()
        for head, phrases in render_removed(describe_removed(list(outcome.removed), {}), _):
            for phrase in phrases:
                line = f"{head}: {phrase}"
                if line not in seen:
                    seen.add(line)
                    counts[line] = counts.get(line, 0) + 1
    loc = QtCore.QLocale()
    return [ngettext("{what} — in {count} file", "{what} — in {count} files", n).format(
        what=line, count=loc.toString(n)) for line, n in counts.items()]


class ImportSummaryDialog(QtWidgets.QDialog):
    """Emits:
        clear_clipboard_requested(): the user chose to clear the clipboard.
    """

    clear_clipboard_requested = QtCore.Signal()

    def __init__(self, summary: Any, describe: Any, *, offer_clear_clipboard: bool = False,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import finished"))
        self.summary = summary
        self._describe = describe
        self._build_ui(offer_clear_clipboard)
        self._connect_signals()

    def _build_ui(self, offer_clear: bool) -> None:
        s, loc = self.summary, QtCore.QLocale()
        self.cancelled_label = QtWidgets.QLabel(
            _("The import was cancelled; what was finished is kept."), self)
        self.cancelled_label.setVisible(bool(getattr(s, "cancelled", False)))
        self.imported_label = QtWidgets.QLabel(ngettext(
            "{count} item imported", "{count} items imported", s.imported).format(
                count=loc.toString(s.imported)), self)
        self.imported_label.setObjectName("sectionHeading")
        self.duplicates_label = QtWidgets.QLabel(ngettext(
            "{count} duplicate already in the vault", "{count} duplicates already in the vault",
            s.duplicates).format(count=loc.toString(s.duplicates)), self)
        self.rejected_label = QtWidgets.QLabel(ngettext(
            "{count} file refused", "{count} files refused", s.rejected).format(
                count=loc.toString(s.rejected)), self)
        chats = [o for o in s.outcomes if o.status == "imported" and o.kind == "chat"]
        self.chats_label = QtWidgets.QLabel("\n".join(ui_direction_mark() + ngettext(
            "Imported the chat export {name} as item {item}: {count} message.",
            "Imported the chat export {name} as item {item}: {count} messages.",
            o.messages or 0).format(name=safe_text(Path(o.path).name, max_len=80),
                                    item=loc.toString(o.item_id),
                                    count=loc.toString(o.messages or 0)) for o in chats), self)
        self.chats_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.chats_label.setWordWrap(True)
        self.chats_label.setVisible(bool(chats))
        removed = removed_summary(list(s.outcomes))
        self.removed_heading = QtWidgets.QLabel(_("Removed from the clean copies"), self)
        self.removed_heading.setObjectName("sectionHeading")
        self.removed_label = QtWidgets.QLabel("\n".join(removed), self)
        self.removed_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.removed_label.setWordWrap(True)
        for w in (self.removed_heading, self.removed_label):
            w.setVisible(bool(removed))
        self.reasons = QtWidgets.QListWidget(self)
        self.reasons.setWordWrap(True)
        self.reasons.setAccessibleName(_("Files not imported, and why"))
        self.reasons.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        for outcome in s.outcomes:
            if outcome.status == "imported":
                continue
            if outcome.error_code:
                text = ui_direction_mark() + self._describe(outcome.error_code,
                                                            outcome.error_params)
            else:
                text = safe_text(outcome.path)
            self.reasons.addItem(QtWidgets.QListWidgetItem(text))
        self.reasons.setVisible(self.reasons.count() > 0)
        self.clear_button = QtWidgets.QPushButton(_("Clear the clipboard"), self)
        self.clear_note = QtWidgets.QLabel(
            _("The pasted picture is still on the clipboard, where other programs can read it."),
            self)
        self.clear_note.setWordWrap(True)
        self.clear_button.setVisible(offer_clear)
        self.clear_note.setVisible(offer_clear)
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close,
                                                  self)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.cancelled_label)
        layout.addWidget(self.imported_label)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.rejected_label)
        layout.addWidget(self.chats_label)
        layout.addWidget(self.removed_heading)
        layout.addWidget(self.removed_label)
        layout.addWidget(self.reasons, 1)
        layout.addWidget(self.clear_note)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.buttons)
        self.resize(520, 360)

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)

    @QtCore.Slot()
    def _on_clear_button_clicked(self) -> None:
        self.clear_button.setEnabled(False)
        self.clear_button.setText(_("Clipboard cleared"))
        self.clear_clipboard_requested.emit()
