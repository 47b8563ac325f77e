# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The text read inside a picture, in the item's detail panel (issue 15): its state (waiting,
read, corrected by hand, could not be read), the text itself — selectable, never editable here,
each line laid out in its own direction (an Arabic line right to left, a handle or a URL left to
right: Qt's automatic paragraph direction, each line aligned to its own start), "Correct
text…" and "Find similar…".

The text comes from a picture (untrusted): it is shown as plain text only (``setPlainText`` of a
read-only ``QTextEdit`` that accepts no rich text: no markup, no links), with control and bidi
control characters dropped. A ``QPlainTextEdit`` would be simpler but aligns every line to the
widget's side, so Arabic lines started at the left in the English interface.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.textsafety import clean_untrusted, one_line
from ui.i18n import _, ngettext

MAX_TEXT = 20000  # characters shown; the vault keeps the whole text


def shown_text(text: str) -> str:
    """Recognised text as displayed: lines kept, control and bidi-control characters dropped."""
    return clean_untrusted(text, MAX_TEXT)


class LensTextPanel(QtWidgets.QWidget):
    """Emits:
        correct_requested(int, str): "Correct text…" on this item, with the text now shown.
        similar_requested(int): "Find similar…" on this item.
        retry_requested(): "Try again" (the pictures that could not be read are queued again).
    """

    correct_requested = QtCore.Signal(int, str)
    similar_requested = QtCore.Signal(int)
    retry_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._item_id = 0
        self._state = ""
        self.state_label = QtWidgets.QLabel(self)
        self.state_label.setObjectName("hint")
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.text_view = QtWidgets.QTextEdit(self)
        self.text_view.setReadOnly(True)
        self.text_view.setAcceptRichText(False)
        self.text_view.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
            | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text_view.setAccessibleName(_("Text read in the picture"))
        self.text_view.setMinimumHeight(60)
        self.correct_button = QtWidgets.QPushButton(_("Correct text…"), self)
        self.correct_button.setToolTip(_("Type the text as it really reads; the correction is "
                                         "recorded in the custody log."))
        self.similar_button = QtWidgets.QPushButton(_("Find similar…"), self)
        self.similar_button.setToolTip(_("Other items showing the same picture (reposts, "
                                         "re-encoded, resized or cropped copies)"))
        self.retry_button = QtWidgets.QPushButton(_("Try again"), self)
        self.retry_button.setToolTip(_("Read again the pictures that could not be read"))
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.similar_button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.state_label)
        layout.addWidget(self.text_view, 1)
        layout.addLayout(buttons)
        self.correct_button.clicked.connect(self._on_correct_button_clicked)
        self.similar_button.clicked.connect(self._on_similar_button_clicked)
        self.retry_button.clicked.connect(self.retry_requested.emit)
        self.reset(0, "")

    # --- state in ------------------------------------------------------------------------------
    @property
    def item_id(self) -> int:
        return self._item_id

    @property
    def state(self) -> str:
        """The OCR state shown: ``loading``, ``queued``, ``done``, ``failed`` or ``""``."""
        return self._state

    def reset(self, item_id: int, kind: str) -> None:
        """A new item in the detail panel: nothing shown until its lens data arrives."""
        self._item_id = item_id
        self._state = "loading" if kind == "image" else ""
        self.text_view.clear()
        self.state_label.setText(_("Reading…") if kind == "image" else
                                 _("Text is read only inside pictures."))
        self.correct_button.setEnabled(False)
        self.similar_button.setEnabled(False)
        self.retry_button.hide()

    def show_lens(self, view: Any, message_for: Any = None) -> None:
        """A ``ui.jobs.lens.LensView`` of the item shown (others are ignored: a late answer)."""
        if view.item_id != self._item_id:
            return
        self._state = view.ocr_state
        text = shown_text(view.text)
        self.text_view.setPlainText(text)
        if view.ocr_state == "queued":
            line = _("Waiting: the text in this picture will be read in the background.")
        elif view.ocr_state == "failed":
            reason = message_for(view.error) if message_for is not None and view.error else ""
            # a sentence of the app's own messages, its values already isolated: kept whole
            line = _("The text in this picture could not be read. {reason}").format(
                reason=reason.replace("\n", " ")).strip()
        elif view.ocr_state == "done" and view.corrected:
            line = _("Corrected by hand (recorded in the custody log).")
        elif view.ocr_state == "done" and not text:
            line = _("No text was found in this picture.")
        elif view.ocr_state == "done":
            line = _("Read by the computer ({engine}): check it against the picture.").format(
                engine=one_line(view.engine, 60))
        else:
            line = _("Text is read only inside pictures.")
        if view.similar:
            line += "\n" + ngettext("{count} other item shows the same picture.",
                                    "{count} other items show the same picture.",
                                    view.similar).format(
                                        count=QtCore.QLocale().toString(view.similar))
        self.state_label.setText(line)
        self.correct_button.setEnabled(view.ocr_state in ("done", "failed", "queued"))
        self.retry_button.setVisible(view.ocr_state == "failed")
        self.similar_button.setEnabled(view.pdq_state == "done" or view.similar > 0)

    def text(self) -> str:
        return self.text_view.toPlainText()

    def line_directions(self) -> list[QtCore.Qt.LayoutDirection]:
        """The direction each shown line is laid out in (tests: Arabic lines right to left)."""
        out = []
        block = self.text_view.document().firstBlock()
        while block.isValid():
            out.append(block.textDirection())
            block = block.next()
        return out

    def line_sides(self) -> list[str]:
        """"right" or "left": the side each shown line starts from (tests: an Arabic line is
        aligned right in the English interface too)."""
        out = []
        doc = self.text_view.document()
        width = doc.textWidth() if doc.textWidth() > 0 else float(self.text_view.viewport().width())
        block = doc.firstBlock()
        while block.isValid():
            layout = block.layout()
            if layout is not None and layout.lineCount():
                rect = layout.lineAt(0).naturalTextRect()
                out.append("right" if width - rect.right() < rect.left() else "left")
            block = block.next()
        return out

    # --- intent out ----------------------------------------------------------------------------
    @QtCore.Slot()
    def _on_correct_button_clicked(self) -> None:
        if self._item_id:
            self.correct_requested.emit(self._item_id, self.text())

    @QtCore.Slot()
    def _on_similar_button_clicked(self) -> None:
        if self._item_id:
            self.similar_requested.emit(self._item_id)

