# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The facts of a chat item in the detail panel, where other items show their picture: platform,
chat title, participants, period, number of messages and media files, and the sealed export's
SHA-256 in groups of four (issue 14).

Every value from the export (title, names) is untrusted: cleaned and bidi-isolated
(:func:`ui.widgets.secure_label.safe_text`), shown as plain text; the hash is isolated left to
right (:func:`app.textsafety.ltr_isolate`), each of its two lines on its own so a wrap never
reorders it. Dates are said in words in the interface language and the display digits
(:func:`ui.widgets.date_field.date_words`), counts in the display digits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate
from ui.i18n import _, ngettext
from ui.widgets.date_field import date_words, digits
from ui.widgets.secure_label import safe_text

if TYPE_CHECKING:
    from app.chats.query import Chat

#: participants named in the panel (the rest counted)
MAX_NAMED = 8
PLATFORMS = {"whatsapp": "WhatsApp", "telegram": "Telegram"}


def count_text(n: int) -> str:
    """``n`` grouped as the interface language groups numbers, in the display digits."""
    return digits(QtCore.QLocale().toString(n))


def grouped_hash(sha256: str) -> tuple[str, str]:
    """A SHA-256 in groups of four, eight groups a line, each line isolated left to right."""
    hexa = "".join(ch for ch in sha256.lower() if ch in "0123456789abcdef")
    groups = [hexa[i:i + 4] for i in range(0, len(hexa), 4)]
    first, second = " ".join(groups[:8]), " ".join(groups[8:])
    return ltr_isolate(first), ltr_isolate(second)


def participants_text(names: tuple[str, ...] | list[str]) -> str:
    """The first :data:`MAX_NAMED` names, cleaned and isolated, and how many more."""
    shown = _(", ").join(safe_text(n, max_len=60) for n in names[:MAX_NAMED])
    rest = len(names) - MAX_NAMED
    if rest > 0:
        shown = ngettext("{names} and {count} more", "{names} and {count} more", rest).format(
            names=shown, count=count_text(rest))
    return shown or "-"


def period_text(period: tuple[str, str] | None) -> str:
    if not period:
        return _("no dated messages")
    first, last = (date_words(p[:10]) for p in period)
    if first == last:
        return first
    return _("from {first} to {last}").format(first=first, last=last)


def media_text(metadata: dict[str, Any]) -> str:
    """The media files the export included (imported as items of their own) and the ones its
    messages refer to but it left out, from what the import recorded."""
    chat = metadata.get("chat") if isinstance(metadata.get("chat"), dict) else {}
    linked = int(chat.get("media_linked") or 0) if isinstance(chat, dict) else 0
    missing = int(chat.get("media_missing") or 0) if isinstance(chat, dict) else 0
    text = ngettext("{count} file in the export", "{count} files in the export", linked).format(
        count=count_text(linked))
    if missing:
        text += _("; ") + ngettext("{count} more referenced but left out of the export",
                                   "{count} more referenced but left out of the export",
                                   missing).format(count=count_text(missing))
    return text


class ChatFactsPanel(QtWidgets.QFrame):
    """The facts of one chat item; the detail panel adds its "Open chat" button under them."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatFacts")
        self.heading = QtWidgets.QLabel(_("Chat export"), self)
        self.heading.setObjectName("sectionHeading")
        self.values: dict[str, QtWidgets.QLabel] = {}
        self.form = QtWidgets.QFormLayout()
        self.form.setFieldGrowthPolicy(
            QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label in (("platform", _("Platform:")), ("title", _("Chat:")),
                           ("participants", _("Participants:")), ("period", _("Period:")),
                           ("messages", _("Messages:")), ("media", _("Media files:")),
                           ("sha256", _("Export SHA-256:"))):
            value = QtWidgets.QLabel(self)
            value.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # composed of cleaned values
            value.setWordWrap(key != "sha256")
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.form.addRow(label, value)
        self.buttons = QtWidgets.QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addLayout(self.buttons)

    def add_button(self, button: QtWidgets.QAbstractButton) -> None:
        self.buttons.insertWidget(0, button)

    def show_chat(self, chat: Chat, metadata: dict[str, Any]) -> None:
        self.values["platform"].setText(PLATFORMS.get(chat.platform, safe_text(chat.platform)))
        self.values["title"].setText(safe_text(chat.title, max_len=120) if chat.title
                                     else _("(no title in the export)"))
        label = self.form.labelForField(self.values["participants"])
        if isinstance(label, QtWidgets.QLabel):
            label.setText(_("Participants ({count}):").format(
                count=count_text(len(chat.participants))))
        self.values["participants"].setText(participants_text(chat.participants))
        self.values["period"].setText(period_text(chat.period))
        self.values["messages"].setText(count_text(chat.message_count))
        self.values["media"].setText(media_text(metadata))
        self.values["sha256"].setText("\n".join(grouped_hash(chat.sha256)))
        self.values["sha256"].setToolTip(chat.sha256)

    def text(self) -> str:
        """Every fact as shown, one a line (for tests and screen readers)."""
        lines = []
        for row in range(self.form.rowCount()):
            label = self.form.itemAt(row, QtWidgets.QFormLayout.ItemRole.LabelRole)
            field = self.form.itemAt(row, QtWidgets.QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None:
                lw, fw = label.widget(), field.widget()
                if isinstance(lw, QtWidgets.QLabel) and isinstance(fw, QtWidgets.QLabel):
                    lines.append(f"{lw.text()} {fw.text()}")
        return "\n".join(lines)
