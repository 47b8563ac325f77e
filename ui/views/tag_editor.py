# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The tag editor of one item: platform, URL, date posted, description, notes, sensitivity, case.

It shows the item's current tags and emits the changes as ``app.cases.TagChanges`` fields; the
controller applies them (one custody entry per save). Values typed here are the user's own; values
loaded from the vault may come from others (received bundles) and are put into editors as plain
text, never as markup.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from ui.i18n import N_, _

SENSITIVITY_LABELS = {"graphic": N_("Graphic"), "intimate": N_("Intimate images"),
                      "personal-info": N_("Personal information (doxing)")}


class TagEditorView(QtWidgets.QWidget):
    """Emits:
        tag_requested(int, object): item id and a dict of TagChanges fields.
    """

    tag_requested = QtCore.Signal(int, object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._item_id = -1
        self._current: dict[str, Any] = {}
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.platform_combo = QtWidgets.QComboBox(self)
        self.url_edit = QtWidgets.QLineEdit(self)
        self.url_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.url_edit.setPlaceholderText("https://")
        self.posted_edit = QtWidgets.QLineEdit(self)
        self.posted_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.posted_edit.setPlaceholderText("2026-02-18T19:52+03:00")
        self.description_edit = QtWidgets.QLineEdit(self)
        self.notes_edit = QtWidgets.QPlainTextEdit(self)
        self.notes_edit.setMaximumHeight(70)
        self.case_combo = QtWidgets.QComboBox(self)
        self.case_combo.setEditable(True)
        self.sensitive_checks = {key: QtWidgets.QCheckBox(_(label), self)
                                 for key, label in SENSITIVITY_LABELS.items()}
        self.save_button = QtWidgets.QPushButton(_("Save tags"), self)
        self.save_button.setObjectName("primary")
        self.status_label = QtWidgets.QLabel(self)
        self.status_label.setObjectName("hint")
        self.status_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Platform:"), self.platform_combo)
        form.addRow(_("Link:"), self.url_edit)
        form.addRow(_("Posted at:"), self.posted_edit)
        form.addRow(_("Description:"), self.description_edit)
        form.addRow(_("Notes:"), self.notes_edit)
        form.addRow(_("Case:"), self.case_combo)
        sensitive = QtWidgets.QVBoxLayout()
        for box in self.sensitive_checks.values():
            sensitive.addWidget(box)
        form.addRow(_("Sensitive:"), sensitive)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.save_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def set_choices(self, platforms: list[tuple[str, str]], cases: list[str]) -> None:
        """(key, display name) of platforms; case titles (untrusted: plain combo items)."""
        self.platform_combo.clear()
        self.platform_combo.addItem(_("(not set)"), "")
        for key, name in platforms:
            self.platform_combo.addItem(name, key)
        current = self.case_combo.currentText()
        self.case_combo.clear()
        self.case_combo.addItem("")
        self.case_combo.addItems(cases)
        self.case_combo.setCurrentText(current)

    def show_tags(self, item_id: int, tags: Any) -> None:
        self._item_id = item_id
        cur = {
            "platform": tags.platform or "", "url": tags.url or "",
            "posted_at": tags.posted_as_shown or "", "description": tags.description or "",
            "notes": tags.notes or "", "sensitive": set(tags.sensitive),
            "case": tags.cases[0] if tags.cases else "",
        }
        self._current = cur
        index = self.platform_combo.findData(cur["platform"])
        self.platform_combo.setCurrentIndex(max(0, index))
        self.url_edit.setText(cur["url"])
        self.posted_edit.setText(cur["posted_at"])
        self.description_edit.setText(cur["description"])
        self.notes_edit.setPlainText(cur["notes"])
        self.case_combo.setCurrentText(cur["case"])
        for key, box in self.sensitive_checks.items():
            box.setChecked(key in cur["sensitive"])
        self.status_label.clear()
        self.save_button.setEnabled(True)

    def changes(self) -> dict[str, Any]:
        """Only what differs from the loaded tags, as TagChanges fields."""
        cur, out = self._current, {}
        values = {"platform": str(self.platform_combo.currentData() or ""),
                  "url": self.url_edit.text().strip(),
                  "posted_at": self.posted_edit.text().strip(),
                  "description": self.description_edit.text().strip(),
                  "notes": self.notes_edit.toPlainText().strip()}
        for key, value in values.items():
            if value != cur.get(key, ""):
                out[key] = value
        chosen = {k for k, box in self.sensitive_checks.items() if box.isChecked()}
        if chosen - cur.get("sensitive", set()):
            out["add_sensitive"] = tuple(sorted(chosen - cur["sensitive"]))
        if cur.get("sensitive", set()) - chosen:
            out["remove_sensitive"] = tuple(sorted(cur["sensitive"] - chosen))
        case = self.case_combo.currentText().strip()
        if case != cur.get("case", ""):
            if case:
                out["add_cases"] = (case,)
            if cur.get("case"):
                out["remove_cases"] = (cur["case"],)
        return out

    def set_saving(self, saving: bool, message: str = "") -> None:
        self.save_button.setEnabled(not saving)
        self.status_label.setText(message)

    @QtCore.Slot()
    def _on_save_button_clicked(self) -> None:
        changes = self.changes()
        if not changes:
            self.status_label.setText(_("Nothing changed."))
            return
        self.set_saving(True, _("Saving…"))
        self.tag_requested.emit(self._item_id, changes)
