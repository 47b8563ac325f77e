# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Two small dialogs of the chat view (issue 14):

* :class:`ChatTagDialog` — tag the selected messages as evidence: they are cut as an excerpt
  (an item of their own, :mod:`app.chats.excerpt`) that takes the categories and the note, and
  their authors' accounts are attached to the perpetrator she names.
* :class:`ChatOffsetDialog` — asked once after an import when a chat export carried no time zone:
  the exporter's UTC offset, the computer's own chosen at first.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate
from ui.i18n import _, ngettext
from ui.widgets.category_picker import CategoryPickerWidget
from ui.widgets.date_field import digits
from ui.widgets.secure_label import safe_text

#: every UTC offset in use, in minutes
OFFSETS_MINUTES = sorted({h * 60 for h in range(-12, 15)} | {
    -570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765, 825})


def offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class ChatTagDialog(QtWidgets.QDialog):
    """Emits:
        tag_accepted(object): ``{"categories": [keys], "perpetrator": label or "",
        "notes": text}``.
    """

    tag_accepted = QtCore.Signal(object)

    def __init__(self, count: int, authors: list[str], categories: list[tuple[str, str]],
                 perpetrators: list[str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Tag the selected messages"))
        loc = QtCore.QLocale()
        intro = QtWidgets.QLabel(ngettext(
            "The message becomes an excerpt of its own (with the messages around it and the "
            "hashes of the sealed export): you can tag it, report it and hand it over without "
            "the rest of the chat.",
            "The {count} messages become one excerpt (with the messages around them and the "
            "hashes of the sealed export): you can tag it, report it and hand it over without "
            "the rest of the chat.", count).format(count=digits(loc.toString(count))), self)
        intro.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.categories = CategoryPickerWidget(self)
        self.categories.set_categories(categories)
        self.perpetrator_combo = QtWidgets.QComboBox(self)
        self.perpetrator_combo.setEditable(True)
        self.perpetrator_combo.addItem("", "")
        for label in perpetrators:
            self.perpetrator_combo.addItem(safe_text(label, max_len=80), label)
        self.perpetrator_combo.setCurrentIndex(0)
        line = self.perpetrator_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("None, or a name (new or known)"))
        shown = _(", ").join(safe_text(a, max_len=40) for a in authors[:8]) or "-"
        self.authors_label = QtWidgets.QLabel(
            _("The perpetrator is linked to the accounts of: {names}").format(names=shown), self)
        self.authors_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.authors_label.setWordWrap(True)
        self.authors_label.setObjectName("hint")
        self.notes_edit = QtWidgets.QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText(_("What this is, why it matters"))
        self.notes_edit.setMaximumHeight(90)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Categories:"), self.categories)
        form.addRow(_("Perpetrator:"), self.perpetrator_combo)
        form.addRow("", self.authors_label)
        form.addRow(_("Note:"), self.notes_edit)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Tag as evidence"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resize(520, 480)

    def perpetrator(self) -> str:
        text = self.perpetrator_combo.currentText().strip()
        data = self.perpetrator_combo.currentData()
        # a known perpetrator keeps its label as stored (the list shows it cleaned)
        if isinstance(data, str) and data and safe_text(data, max_len=80) == text:
            return data
        return text

    def changes(self) -> dict[str, object]:
        return {"categories": sorted(self.categories.checked()),
                "perpetrator": self.perpetrator(),
                "notes": self.notes_edit.toPlainText().strip()}

    @QtCore.Slot()
    def _on_buttons_accepted(self) -> None:
        self.tag_accepted.emit(self.changes())
        self.accept()


class ChatOffsetDialog(QtWidgets.QDialog):
    """Emits:
        offset_accepted(str): the chosen offset, ``±HH:MM``.
    """

    offset_accepted = QtCore.Signal(str)

    def __init__(self, titles: list[str], default: str,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Time zone of the chat export"))
        names = _(", ").join(safe_text(t or _("Chat"), max_len=60) for t in titles[:5])
        text = QtWidgets.QLabel(ngettext(
            "The chat export {names} does not say in which time zone its times are written. "
            "Choose the UTC offset of the phone that exported it (when unsure: yours). You can "
            "correct it later.",
            "The chat exports {names} do not say in which time zone their times are written. "
            "Choose the UTC offset of the phone that exported them (when unsure: yours). You can "
            "correct it later.", len(titles)).format(names=names), self)
        text.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        self.offset_combo = QtWidgets.QComboBox(self)
        values = [offset_text(m) for m in OFFSETS_MINUTES]
        if default not in values:
            values = sorted({*values, default}, key=_minutes)
        for value in values:
            label = ltr_isolate(digits(f"UTC{value}"))
            if value == default:
                label = _("{offset} (this computer)").format(offset=label)
            self.offset_combo.addItem(label, value)
        self.offset_combo.setCurrentIndex(values.index(default))
        form = QtWidgets.QFormLayout()
        form.addRow(_("UTC offset:"), self.offset_combo)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(
            _("Use this offset"))
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(
            _("Decide later"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resize(480, self.sizeHint().height())

    def offset(self) -> str:
        return str(self.offset_combo.currentData())

    @QtCore.Slot()
    def _on_buttons_accepted(self) -> None:
        self.offset_accepted.emit(self.offset())
        self.accept()


def _minutes(value: str) -> int:
    sign = -1 if value.startswith("-") else 1
    hours, minutes = value[1:].split(":")
    return sign * (int(hours) * 60 + int(minutes))
