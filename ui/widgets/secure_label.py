# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""SecureLabel: the only way untrusted text (file names, metadata, notes) reaches the screen.

A port of SecureDrop's ``SecureQLabel`` (``docs/design.md`` §Desktop leak channels): the text format
is forced to ``Qt.PlainText`` so no HTML is ever interpreted (OnionShare audit OTF-001/014); control
characters and bidi overrides are stripped; the value is bidi-isolated so a Latin name keeps its
order inside Arabic; long values are elided, the full (cleaned) value goes to the tooltip, also as
plain text.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.textsafety import bidi_isolate, clean_untrusted, ltr_isolate, one_line


def safe_text(untrusted: str, *, ltr: bool = False, multiline: bool = False,
              max_len: int = 500) -> str:
    """Cleaned and isolated text for any plain-text sink (table cells, list items)."""
    text = clean_untrusted(untrusted, max_len) if multiline else one_line(untrusted, max_len)
    return ltr_isolate(text) if ltr else bidi_isolate(text)


def ui_direction_mark() -> str:
    """LRM or RLM for the interface direction.

    Prefix it to composed text (a translated frame around isolated values) shown where Qt guesses
    the paragraph direction from the content (item views, list items): otherwise a frame whose
    first strong letter is inside an Arabic value is laid out right-to-left in the English UI.
    """
    rtl = QtGui.QGuiApplication.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
    return "\u200f" if rtl else "\u200e"


def escape_for_tooltip(text: str) -> str:
    """Tooltips auto-detect rich text like labels do; escaping makes any markup literal."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


class SecureLabel(QtWidgets.QLabel):
    """A QLabel that can only show plain text."""

    def __init__(self, untrusted_text: str = "", parent: QtWidgets.QWidget | None = None, *,
                 ltr: bool = False, max_chars: int = 120, multiline: bool = False) -> None:
        super().__init__(parent)
        super().setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self._ltr, self._max, self._multiline = ltr, max_chars, multiline
        self._full = ""
        self.setWordWrap(multiline)
        self.set_untrusted_text(untrusted_text)

    def setTextFormat(self, _fmt: QtCore.Qt.TextFormat) -> None:
        """Refused: the format stays plain text whatever the caller asks."""
        super().setTextFormat(QtCore.Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        self.set_untrusted_text(text)

    def set_untrusted_text(self, untrusted_text: str) -> None:
        full = clean_untrusted(untrusted_text, 5000) if self._multiline else one_line(
            untrusted_text, 5000)
        self._full = full
        shown = full
        if not self._multiline and len(shown) > self._max:
            shown = shown[: self._max - 1] + "…"
        shown = ltr_isolate(shown) if self._ltr else bidi_isolate(shown)
        super().setText(shown)
        self.setToolTip(escape_for_tooltip(full) if len(full) > len(shown) - 2 else "")

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QtCore.QSize:
        hint = super().minimumSizeHint()
        if not self._multiline:
            metrics = QtGui.QFontMetrics(self.font())
            hint.setWidth(min(hint.width(), metrics.horizontalAdvance("M") * 8))
        return hint
