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

import unicodedata
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.textsafety import ltr_isolate
from ui.i18n import _, ngettext
from ui.widgets.date_field import date_words, digits
from ui.widgets.secure_label import safe_text, ui_direction_mark

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


def _name(name: str) -> str:
    """A name cleaned and isolated; one without letters (a phone number) left to right, as
    numbers are written (isolated by its content it would be laid out right to left, group
    by group, in an Arabic line)."""
    letters = any(unicodedata.bidirectional(ch) in ("L", "R", "AL") for ch in name)
    return safe_text(name, ltr=not letters, max_len=60)


def participants_text(names: tuple[str, ...] | list[str]) -> str:
    """The first :data:`MAX_NAMED` names, cleaned and isolated, and how many more."""
    shown = _(", ").join(_name(n) for n in names[:MAX_NAMED])
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
    text = ngettext("{count} media file in the export", "{count} media files in the export",
                    linked).format(count=count_text(linked))
    if missing:
        text += " " + ngettext("({count} more left out)", "({count} more left out)",
                               missing).format(count=count_text(missing))
    return text


def content_text(chat: Chat, metadata: dict[str, Any]) -> str:
    """``304 messages · 1 media file in the export (45 more left out)``."""
    messages = ngettext("{count} message", "{count} messages", chat.message_count).format(
        count=count_text(chat.message_count))
    return _(" · ").join((messages, media_text(metadata)))  # Arabic: its comma (· reads as ٠)


class ChatFactsPanel(QtWidgets.QFrame):
    """The facts of one chat item (the detail panel's "Open chat" button is beside them)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatFacts")
        self.values: dict[str, QtWidgets.QLabel] = {}
        self.form = QtWidgets.QFormLayout()
        self.form.setVerticalSpacing(1)
        self.form.setFieldGrowthPolicy(
            QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # few rows: the panel has the picture's room (about six lines at 1366x768)
        for key, label in (("chat", _("Chat:")), ("participants", _("Participants:")),
                           ("period", _("Period:")), ("content", _("Content:")),
                           ("sha256", _("SHA-256:"))):
            value = QtWidgets.QLabel(self)
            value.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # composed of cleaned values
            value.setWordWrap(key != "sha256")
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.form.addRow(label, value)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def show_chat(self, chat: Chat, metadata: dict[str, Any]) -> None:
        platform = PLATFORMS.get(chat.platform, safe_text(chat.platform))
        title = safe_text(chat.title, max_len=120) if chat.title else \
            _("(no title in the export)")
        # the interface's direction for each composed line, not its first value's ("WhatsApp"
        # would lay an Arabic line out left to right, the first name would decide the others)
        mark = ui_direction_mark()
        self.values["chat"].setText(mark + _(" · ").join((platform, title)))
        label = self.form.labelForField(self.values["participants"])
        if isinstance(label, QtWidgets.QLabel):
            label.setText(_("Participants ({count}):").format(
                count=count_text(len(chat.participants))))
        self.values["participants"].setText(mark + participants_text(chat.participants))
        self.values["period"].setText(mark + period_text(chat.period))
        self.values["content"].setText(mark + content_text(chat, metadata))
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
