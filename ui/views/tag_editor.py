# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The tag editor of one item: platform, link, dates posted and seen, deleted by the source,
description, notes, case, free tags, sensitivity, categories of abuse, accounts involved, and the
reports made to platforms.

It shows the item's current tags and emits the changes as ``app.cases.TagChanges`` fields; the
controller applies them (one custody entry per save). Platform reports are saved on their own
("Add report…" / "Edit…" open :class:`ui.dialogs.platform_report.PlatformReportDialog`; the
controller calls ``app.cases.add_report`` / ``update_report``). Values typed here are the user's
own; values loaded from the vault may come from others (received bundles) and are put into editors
as plain text, never as markup.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.cases.model import AccountRef
from app.textsafety import is_web_link
from ui.dialogs.platform_report import PlatformReportDialog
from ui.i18n import N_, _
from ui.widgets.accounts_editor import AccountsEditorWidget
from ui.widgets.category_picker import CategoryPickerWidget
from ui.widgets.reports_list import ReportsListWidget

SENSITIVITY_LABELS = {"graphic": N_("Graphic"), "intimate": N_("Intimate images"),
                      "personal-info": N_("Personal information (doxing)")}
DATE_HINT = "2026-02-18T19:52+03:00"
_TAG_SPLIT = re.compile(r"[\s,،]+")  # spaces, commas, the Arabic comma


def parse_free_tags(text: str) -> list[str]:
    """"#a, b c" → ["a", "b", "c"] (order kept, duplicates dropped)."""
    out: list[str] = []
    for part in _TAG_SPLIT.split(text):
        name = part.strip().lstrip("#").strip()
        if name and name not in out:
            out.append(name)
    return out


def _account_key(platform: str, handle: str) -> tuple[str, str]:
    return platform, handle.strip().lstrip("@").casefold()


def _heading(text: str, parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text, parent)
    label.setObjectName("sectionHeading")
    return label


class TagEditorView(QtWidgets.QWidget):
    """Emits:
        tag_requested(int, object): item id and a dict of TagChanges fields.
        report_add_requested(int, object): item id and the new report (dict from the dialog).
        report_update_requested(int, int, object): item id, report id and the changed fields
            (``status``, ``answered_at``, ``reference``, ``channel``).
        report_dialog_shown(object): the report dialog, once open (tests wait on it).
        category_create_requested(str, str): a new category's English and Arabic names.
        category_dialog_shown(object): the new-category dialog, once open (tests wait on it).
    """

    tag_requested = QtCore.Signal(int, object)
    report_add_requested = QtCore.Signal(int, object)
    report_update_requested = QtCore.Signal(int, int, object)
    report_dialog_shown = QtCore.Signal(object)
    category_create_requested = QtCore.Signal(str, str)
    category_dialog_shown = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._item_id = -1
        self._current: dict[str, Any] = {}
        self._new_category = ""  # created from here: checked once the category list reloads
        self._platforms: list[tuple[str, str]] = []
        self.report_dialog: PlatformReportDialog | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        page = QtWidgets.QWidget(self)
        self.platform_combo = QtWidgets.QComboBox(page)
        self.url_edit = QtWidgets.QLineEdit(page)
        self.url_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.url_edit.setPlaceholderText("https://")
        self.posted_edit = QtWidgets.QLineEdit(page)
        self.posted_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.posted_edit.setPlaceholderText(DATE_HINT)
        self.seen_edit = QtWidgets.QLineEdit(page)
        self.seen_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.seen_edit.setPlaceholderText(DATE_HINT)
        self.deleted_check = QtWidgets.QCheckBox(_("Deleted by the source"), page)
        self.description_edit = QtWidgets.QLineEdit(page)
        self.notes_edit = QtWidgets.QPlainTextEdit(page)
        self.notes_edit.setMaximumHeight(70)
        self.case_combo = QtWidgets.QComboBox(page)
        self.case_combo.setEditable(True)
        self.tags_edit = QtWidgets.QLineEdit(page)
        self.tags_edit.setPlaceholderText(_("#tag, #another"))
        self.sensitive_checks = {key: QtWidgets.QCheckBox(_(label), page)
                                 for key, label in SENSITIVITY_LABELS.items()}
        self.category_picker = CategoryPickerWidget(page)
        self.category_picker.setMinimumHeight(110)
        self.new_category_button = QtWidgets.QPushButton(_("New category…"), page)
        self.accounts_editor = AccountsEditorWidget(page)
        self.reports_list = ReportsListWidget(page)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Platform:"), self.platform_combo)
        form.addRow(_("Link:"), self._url_box(page))
        form.addRow(_("Posted at:"), self.posted_edit)
        form.addRow(_("Seen at:"), self.seen_edit)
        form.addRow("", self.deleted_check)
        form.addRow(_("Description:"), self.description_edit)
        form.addRow(_("Notes:"), self.notes_edit)
        form.addRow(_("Case:"), self.case_combo)
        form.addRow(_("Free tags:"), self.tags_edit)
        sensitive = QtWidgets.QVBoxLayout()
        for box in self.sensitive_checks.values():
            sensitive.addWidget(box)
        form.addRow(_("Sensitive:"), sensitive)
        inner = QtWidgets.QVBoxLayout(page)
        inner.setContentsMargins(0, 4, 0, 0)
        inner.addLayout(form)
        inner.addWidget(_heading(_("Categories of abuse"), page))
        inner.addWidget(self.category_picker)
        inner.addWidget(self.new_category_button, 0, QtCore.Qt.AlignmentFlag.AlignLeading)
        inner.addWidget(_heading(_("Accounts involved"), page))
        inner.addWidget(self.accounts_editor)
        inner.addWidget(_heading(_("Reports to platforms"), page))
        inner.addWidget(self.reports_list)
        inner.addStretch(1)
        scroll = QtWidgets.QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self.scroll_area = scroll  # (not `scroll`: that would hide QWidget.scroll())
        self.save_button = QtWidgets.QPushButton(_("Save tags"), self)
        self.save_button.setObjectName("primary")
        self.status_label = QtWidgets.QLabel(self)
        self.status_label.setObjectName("hint")
        self.status_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.save_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _url_box(self, page: QtWidgets.QWidget) -> QtWidgets.QVBoxLayout:
        """The link field and its flag: the address is kept as given; one that is not a web
        address (:func:`app.textsafety.is_web_link`) is flagged, and no URL is ever a link."""
        self.url_flag = QtWidgets.QLabel(_("Not a web address: shown as text only."), page)
        self.url_flag.setObjectName("warning")
        self.url_flag.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.url_flag.setWordWrap(True)
        self.url_flag.hide()
        box = QtWidgets.QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(self.url_edit)
        box.addWidget(self.url_flag)
        return box

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.url_edit.textChanged.connect(self._on_url_edit_text_changed)
        self.new_category_button.clicked.connect(self._on_new_category_button_clicked)
        self.platform_combo.currentIndexChanged.connect(
            self._on_platform_combo_current_index_changed)
        self.reports_list.report_add_requested.connect(self._on_reports_list_report_add_requested)
        self.reports_list.report_edit_requested.connect(self._on_reports_list_report_edit_requested)

    @QtCore.Slot(str)
    def _on_url_edit_text_changed(self, text: str) -> None:
        self.url_flag.setVisible(bool(text.strip()) and not is_web_link(text.strip()))

    def set_choices(self, platforms: list[tuple[str, str]], cases: list[str],
                    categories: list[tuple[str, str]] | None = None) -> None:
        """(key, display name) of platforms; case titles (untrusted: plain combo items);
        (key, display name) of categories of abuse."""
        self._platforms = list(platforms)
        chosen = self.platform_combo.currentData()
        self.platform_combo.blockSignals(True)
        self.platform_combo.clear()
        self.platform_combo.addItem(_("(not set)"), "")
        for key, name in platforms:
            self.platform_combo.addItem(name, key)
        self.platform_combo.setCurrentIndex(max(0, self.platform_combo.findData(chosen)))
        self.platform_combo.blockSignals(False)
        current = self.case_combo.currentText()
        self.case_combo.clear()
        self.case_combo.addItem("")
        self.case_combo.addItems(cases)
        self.case_combo.setCurrentText(current)
        self.accounts_editor.set_platforms(self._platforms)
        self.reports_list.set_platform_names(dict(self._platforms))
        if categories is not None:
            # a reload keeps what the user checked and has not saved yet
            keep = (self.category_picker.checked() if self.category_picker.count()
                    else set(self._current.get("categories", set())))
            if self._new_category:
                keep.add(self._new_category)
                self._new_category = ""
            self.category_picker.set_categories(categories)
            self.category_picker.set_checked(keep)

    def category_created(self, key: str) -> None:
        """A category made from this editor: checked for the item once the list has it."""
        self._new_category = key
        listed = self.category_picker.keys()
        if key in listed:
            self.category_picker.set_key_checked(key, True)
            self._new_category = ""

    def show_tags(self, item_id: int, tags: Any) -> None:
        self._item_id = item_id
        cur: dict[str, Any] = {
            "platform": tags.platform or "", "url": tags.url or "",
            "posted_at": tags.posted_as_shown or "", "seen_at": tags.seen_at or "",
            "deleted_by_source": bool(tags.deleted_by_source),
            "description": tags.description or "", "notes": tags.notes or "",
            "sensitive": set(tags.sensitive), "case": tags.cases[0] if tags.cases else "",
            "categories": set(tags.categories), "tags": list(tags.tags),
            "accounts": [(a.platform, a.handle) for a in tags.accounts],
        }
        self._current = cur
        index = self.platform_combo.findData(cur["platform"])
        self.platform_combo.setCurrentIndex(max(0, index))
        self.url_edit.setText(cur["url"])
        self.posted_edit.setText(cur["posted_at"])
        self.seen_edit.setText(cur["seen_at"])
        self.deleted_check.setChecked(cur["deleted_by_source"])
        self.description_edit.setText(cur["description"])
        self.notes_edit.setPlainText(cur["notes"])
        self.case_combo.setCurrentText(cur["case"])
        self.tags_edit.setText(", ".join(cur["tags"]))
        for key, box in self.sensitive_checks.items():
            box.setChecked(key in cur["sensitive"])
        self.category_picker.set_checked(cur["categories"])
        self.accounts_editor.set_accounts(cur["accounts"])
        self.reports_list.set_reports(tags.reports)
        self.status_label.clear()
        self.save_button.setEnabled(True)

    def set_reports(self, item_id: int, reports: list[Any]) -> None:
        """The item's reports after one was added or edited (other fields keep their edits)."""
        if item_id == self._item_id:
            self.reports_list.set_reports(reports)
        if self.report_dialog is not None and self.report_dialog.isVisible():
            self.report_dialog.finish()

    def changes(self) -> dict[str, Any]:
        """Only what differs from the loaded tags, as TagChanges fields."""
        cur = self._current
        out: dict[str, Any] = {}
        values = {"platform": str(self.platform_combo.currentData() or ""),
                  "url": self.url_edit.text().strip(),
                  "posted_at": self.posted_edit.text().strip(),
                  "seen_at": self.seen_edit.text().strip(),
                  "description": self.description_edit.text().strip(),
                  "notes": self.notes_edit.toPlainText().strip()}
        for key, value in values.items():
            if value != cur.get(key, ""):
                out[key] = value
        if self.deleted_check.isChecked() != cur.get("deleted_by_source", False):
            out["deleted_by_source"] = self.deleted_check.isChecked()
        self._set_changes(out, "sensitive", cur.get("sensitive", set()),
                          {k for k, box in self.sensitive_checks.items() if box.isChecked()})
        before = cur.get("categories", set())
        unlisted = before - set(self.category_picker.keys())  # not loaded yet: left alone
        self._set_changes(out, "categories", before, self.category_picker.checked() | unlisted)
        old_tags, new_tags = cur.get("tags", []), parse_free_tags(self.tags_edit.text())
        if [t for t in new_tags if t not in old_tags]:
            out["add_tags"] = tuple(t for t in new_tags if t not in old_tags)
        if [t for t in old_tags if t not in new_tags]:
            out["remove_tags"] = tuple(t for t in old_tags if t not in new_tags)
        self._account_changes(out)
        case = self.case_combo.currentText().strip()
        if case != cur.get("case", ""):
            if case:
                out["add_cases"] = (case,)
            if cur.get("case"):
                out["remove_cases"] = (cur["case"],)
        return out

    @staticmethod
    def _set_changes(out: dict[str, Any], name: str, before: set[str], after: set[str]) -> None:
        if after - before:
            out[f"add_{name}"] = tuple(sorted(after - before))
        if before - after:
            out[f"remove_{name}"] = tuple(sorted(before - after))

    def _account_changes(self, out: dict[str, Any]) -> None:
        before = {_account_key(*a): a for a in self._current.get("accounts", [])}
        after = {_account_key(*a): a for a in self.accounts_editor.accounts()}
        added = [AccountRef(*after[k]) for k in after if k not in before]
        removed = [AccountRef(*before[k]) for k in before if k not in after]
        if added:
            out["add_accounts"] = tuple(added)
        if removed:
            out["remove_accounts"] = tuple(removed)

    def set_saving(self, saving: bool, message: str = "") -> None:
        self.save_button.setEnabled(not saving)
        self.status_label.setText(message)

    def show_report_message(self, message: str) -> None:
        """A report write failed (or succeeded): said in the open dialog, else under the editor."""
        dialog = self.report_dialog
        if dialog is not None and dialog.isVisible():
            dialog.show_error(message)
        else:
            self.status_label.setText(message)

    def _open_report_dialog(self, report: Any) -> None:
        if self._item_id < 0:
            return
        if self.report_dialog is not None:
            self.report_dialog.close()
            self.report_dialog.deleteLater()
        dialog = PlatformReportDialog(self._platforms, report, self)
        if report is None:
            dialog.platform_combo.setCurrentIndex(
                max(0, dialog.platform_combo.findData(self.platform_combo.currentData())))
        dialog.report_accepted.connect(self._on_report_dialog_report_accepted)
        self.report_dialog = dialog
        dialog.open()
        self.report_dialog_shown.emit(dialog)

    @QtCore.Slot()
    def _on_reports_list_report_add_requested(self) -> None:
        self._open_report_dialog(None)

    @QtCore.Slot(object)
    def _on_reports_list_report_edit_requested(self, report: Any) -> None:
        self._open_report_dialog(report)

    @QtCore.Slot(object)
    def _on_report_dialog_report_accepted(self, values: dict[str, Any]) -> None:
        report_id = values.pop("report_id")
        if report_id is None:
            self.report_add_requested.emit(self._item_id, values)
            return
        before = next((r for r in self.reports_list.reports() if int(r.id) == report_id), None)
        changed = {k: values[k] for k in ("status", "answered_at", "reference", "channel")
                   if before is None or values[k] != (getattr(before, k) or "")}
        if changed:
            self.report_update_requested.emit(self._item_id, report_id, changed)
        elif self.report_dialog is not None:
            self.report_dialog.finish()

    @QtCore.Slot(int)
    def _on_platform_combo_current_index_changed(self, _index: int) -> None:
        key = str(self.platform_combo.currentData() or "")
        if key:
            self.accounts_editor.set_current_platform(key)

    @QtCore.Slot()
    @QtCore.Slot()
    def _on_new_category_button_clicked(self) -> None:
        from ui.dialogs.new_category import NewCategoryDialog

        dialog = NewCategoryDialog(self)
        dialog.category_accepted.connect(self.category_create_requested)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.category_dialog_shown.emit(dialog)

    def _on_save_button_clicked(self) -> None:
        changes = self.changes()
        if not changes:
            self.status_label.setText(_("Nothing changed."))
            return
        self.set_saving(True, _("Saving…"))
        self.tag_requested.emit(self._item_id, changes)
