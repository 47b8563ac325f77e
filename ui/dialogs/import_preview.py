# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Before an import: each chosen file with what it carries, in her words and with its values, as
an item's detail says it after the import ("the place where the photo was taken (33.31 N,
44.36 E)" — will be removed from the clean copy); files that cannot be imported, and why.

The reading runs in a job (:func:`ui.jobs.imports.preview_files`): the dialog shows its progress
and then its :class:`app.ingest.preview.ImportPreview`. Import can be chosen at any time (the
reading is then stopped); Cancel stops the reading and imports nothing. File names and values
come from the files: plain text only, cleaned and isolated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.ingest.preview import ChatFacts, FilePreview, ImportPreview
from app.media.metadata import render_removed
from ui.i18n import _, ngettext
from ui.widgets.date_field import digits
from ui.widgets.secure_label import safe_text, ui_direction_mark

Describe = Callable[[str | None, dict[str, Any]], str]


def carried_text(preview: FilePreview, describe: Describe) -> list[str]:
    """The lines shown under one file, in the interface language."""
    if preview.status == "refused":
        return [_("Cannot be imported: {reason}").format(
            reason=describe(preview.error_code, preview.error_params))]
    if preview.status == "kept":
        return [_("Not a picture: kept exactly as it is, never opened; no clean copy is made.")]
    if preview.status == "chat" and preview.chat is not None:
        return [chat_line(preview.chat),
                _("Its messages become searchable in the vault; the export is sealed as it is.")]
    if preview.status == "media":
        return [_("A recording or a document: its clean copy is made during the import; what "
                  "was removed is then shown in its details.")]
    groups = render_removed(preview.facts, _, clean=lambda v: safe_text(v, max_len=120))
    if not groups:
        return [_("Nothing that needs removing was found.")]
    lines = ["{group}: {things}".format(group=head, things=_("; ").join(phrases))
             for head, phrases in groups]
    return [*lines, _("— will be removed from the clean copy; the original is kept sealed.")]


def chat_line(chat: ChatFacts) -> str:
    """``WhatsApp chat export · 1,234 messages · 56 media files · 3 participants``, in the
    interface language and the display digits."""
    loc = QtCore.QLocale()

    def count(n: int) -> str:
        return digits(loc.toString(n))

    what = {"whatsapp": _("WhatsApp chat export"),
            "telegram": _("Telegram chat export")}.get(chat.platform, _("Chat export"))
    parts = [what,
             ngettext("{count} message", "{count} messages", chat.messages).format(
                 count=count(chat.messages)),
             ngettext("{count} media file", "{count} media files", chat.media).format(
                 count=count(chat.media)),
             ngettext("{count} participant", "{count} participants", chat.participants).format(
                 count=count(chat.participants))]
    # " · " in English; Arabic joins with its comma (a middle dot beside Arabic-Indic digits
    # reads as a zero, ٠)
    return _(" · ").join(parts)


class ImportPreviewDialog(QtWidgets.QDialog):
    """Emits:
        import_chosen(): she chose Import (the flow stops the reading and imports).
        cancelled(): she chose Cancel or closed the dialog: nothing is imported.
    """

    import_chosen = QtCore.Signal()
    cancelled = QtCore.Signal()

    def __init__(self, describe: Describe, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Before the import"))
        self._describe = describe
        self.preview: ImportPreview | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.intro = QtWidgets.QLabel(
            _("What each file carries besides the picture. The original is sealed in the vault "
              "as it is; the clean copy, the one you show or hand over, leaves these out."), self)
        self.intro.setWordWrap(True)
        self.status_label = QtWidgets.QLabel(_("Reading the files…"), self)
        self.status_label.setWordWrap(True)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(_("Reading the files"))
        self.files = QtWidgets.QTreeWidget(self)
        self.files.setHeaderHidden(True)
        self.files.setWordWrap(True)
        self.files.setUniformRowHeights(False)
        self.files.setAccessibleName(_("The chosen files and what they carry"))
        self.import_button = QtWidgets.QPushButton(_("Import"), self)
        self.import_button.setObjectName("primary")
        self.import_button.setDefault(True)
        self.cancel_button = QtWidgets.QPushButton(_("Cancel"), self)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)
        self.resize(720, 520)

    def _connect_signals(self) -> None:
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.rejected.connect(self.cancelled.emit)

    @QtCore.Slot()
    def _on_import_button_clicked(self) -> None:
        self.import_chosen.emit()
        self.accept()

    def show_progress(self, done: int, total: int | None) -> None:
        loc = QtCore.QLocale()
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.status_label.setText(_("Reading the files… {done} of {total}").format(
                done=loc.toString(done), total=loc.toString(total)))

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.progress.hide()
        loc = QtCore.QLocale()
        refused = sum(1 for f in preview.files if f.status == "refused")
        lines = [ngettext("{count} file can be imported.", "{count} files can be imported.",
                          preview.importable).format(count=loc.toString(preview.importable))]
        if refused:
            lines.append(ngettext("{count} file cannot be imported.",
                                  "{count} files cannot be imported.", refused).format(
                count=loc.toString(refused)))
        if preview.not_read:
            lines.append(ngettext(
                "{count} more file was not read here; the import checks it as the others.",
                "{count} more files were not read here; the import checks them as the others.",
                preview.not_read).format(count=loc.toString(preview.not_read)))
        self.status_label.setText(" ".join(lines))
        mark = ui_direction_mark()
        self.files.clear()
        for f in preview.files:
            name = f.shown.replace("\\", "/").rsplit("/", 1)[-1]
            top = QtWidgets.QTreeWidgetItem([mark + safe_text(name, max_len=160)])
            top.setToolTip(0, safe_text(f.shown, max_len=400))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for line in carried_text(f, self._describe):
                top.addChild(QtWidgets.QTreeWidgetItem([mark + line]))
            self.files.addTopLevelItem(top)
        self.files.expandAll()
        self.import_button.setEnabled(preview.importable > 0)

    def lines(self) -> list[str]:
        """Every shown line, files and what they carry (for tests and screen readers)."""
        out: list[str] = []
        for i in range(self.files.topLevelItemCount()):
            top = self.files.topLevelItem(i)
            if top is None:
                continue
            out.append(top.text(0))
            out += [c.text(0) for j in range(top.childCount()) if (c := top.child(j))]
        return out
