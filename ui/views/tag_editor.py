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

from PySide6 import QtCore, QtGui, QtWidgets

from app.cases.model import AccountRef, stored_date
from app.errors import AppError
from app.textsafety import is_web_link, ltr_isolate
from ui.dialogs.platform_report import PlatformReportDialog
from ui.i18n import N_, _, ngettext
from ui.widgets.accounts_editor import AccountsEditorWidget
from ui.widgets.category_picker import CategoryPickerWidget
from ui.widgets.date_field import DateFieldWidget, digits
from ui.widgets.reports_list import ReportsListWidget
from ui.widgets.text_direction import NotesEdit

SENSITIVITY_LABELS = {"graphic": N_("Graphic"), "intimate": N_("Intimate images"),
                      "personal-info": N_("Personal information (doxing)")}
SAVE_NEXT_KEYS = "Ctrl+Return"
SAME_KEYS = "Ctrl+D"
NEXT_KEYS = "Alt+PgDown"
PREVIOUS_KEYS = "Alt+PgUp"
_TAG_SPLIT = re.compile(r"[\s,،]+")  # spaces, commas, the Arabic comma


def parse_free_tags(text: str) -> list[str]:
    """"#a, b c" → ["a", "b", "c"] (order kept, duplicates dropped)."""
    out: list[str] = []
    for part in _TAG_SPLIT.split(text):
        name = part.strip().lstrip("#").strip()
        if name and name not in out:
            out.append(name)
    return out


def _same_date(typed: str, loaded: str) -> bool:
    """Whether two date texts mean the same stored value (``11/2/2024`` == ``2024-02-11``)."""
    if typed == loaded:
        return True
    try:
        return bool(typed and loaded) and stored_date(typed) == stored_date(loaded)
    except AppError:
        return False


def _account_key(platform: str, handle: str) -> tuple[str, str]:
    return platform, handle.strip().lstrip("@").casefold()


class TagEditorView(QtWidgets.QWidget):
    """Emits:
        tag_requested(int, object): item id and a dict of TagChanges fields.
        report_add_requested(int, object): item id and the new report (dict from the dialog).
        report_update_requested(int, int, object): item id, report id and the changed fields
            (``status``, ``answered_at``, ``reference``, ``channel``).
        report_dialog_shown(object): the report dialog, once open (tests wait on it).
        category_create_requested(str, str): a new category's English and Arabic names.
        category_dialog_shown(object): the new-category dialog, once open (tests wait on it).
        tag_next_requested(int, object): as ``tag_requested``, then the next item is wanted.
        batch_tag_requested(object, object): the selected item ids and the TagChanges fields
            added to all of them (``app.cases.tag_items``).
        step_requested(int): +1 the next item, -1 the previous one (nothing saved).

    Several selected items (:meth:`set_batch`) turn it into a batch editor: what is chosen (a
    platform, accounts, a case, categories, sensitivity) is added to every one of them, nothing
    is removed. "Same as previous" (Ctrl+D) fills the platform, accounts and case of the last
    save, for a run of screenshots of the same accounts.
    """

    tag_requested = QtCore.Signal(int, object)
    tag_next_requested = QtCore.Signal(int, object)
    batch_tag_requested = QtCore.Signal(object, object)
    step_requested = QtCore.Signal(int)
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
        self._tags: Any = None
        self._batch: list[int] = []
        self._previous: dict[str, Any] = {}
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:  # noqa: PLR0915 - the editor's widgets, top to bottom
        # Sections as tabs, no scroll area: every section fits the detail panel of a 768-px
        # screen; the only scrolling left is a list's own (categories, accounts, reports).
        self.batch_label = QtWidgets.QLabel(self)
        self.batch_label.setObjectName("warning")
        self.batch_label.setWordWrap(True)
        self.batch_label.hide()
        self.sections = QtWidgets.QTabWidget(self)
        self.sections.setDocumentMode(True)
        source = QtWidgets.QWidget(self.sections)
        self.platform_combo = QtWidgets.QComboBox(source)
        self.case_combo = QtWidgets.QComboBox(source)
        self.case_combo.setEditable(True)
        self.accounts_editor = AccountsEditorWidget(source)
        self.accounts_editor.setSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred,
                                           QtWidgets.QSizePolicy.Policy.Expanding)
        form = QtWidgets.QFormLayout(source)
        form.setContentsMargins(6, 6, 6, 6)
        form.addRow(_("Platform:"), self.platform_combo)
        form.addRow(_("Case:"), self.case_combo)
        form.addRow(_("Accounts:"), self.accounts_editor)
        self.sections.addTab(source, _("Source"))

        abuse = QtWidgets.QWidget(self.sections)
        self.category_picker = CategoryPickerWidget(abuse)
        self.category_picker.setAccessibleName(_("Categories of abuse"))
        self.new_category_button = QtWidgets.QPushButton(_("New category…"), abuse)
        self.sensitive_checks = {key: QtWidgets.QCheckBox(_(label), abuse)
                                 for key, label in SENSITIVITY_LABELS.items()}
        box = QtWidgets.QVBoxLayout(abuse)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.category_picker, 1)
        box.addWidget(self.new_category_button, 0, QtCore.Qt.AlignmentFlag.AlignLeading)
        sensitive = QtWidgets.QGridLayout()
        sensitive.addWidget(QtWidgets.QLabel(_("Sensitive:"), abuse), 0, 0)
        for i, check in enumerate(self.sensitive_checks.values()):
            sensitive.addWidget(check, i // 2, 1 + i % 2)
        box.addLayout(sensitive)
        self.sections.addTab(abuse, _("Categories of abuse"))

        post = QtWidgets.QWidget(self.sections)
        self.url_edit = QtWidgets.QLineEdit(post)
        self.url_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.url_edit.setPlaceholderText("https://")
        self.posted_field = DateFieldWidget(post)
        self.posted_edit = self.posted_field.edit
        self.seen_field = DateFieldWidget(post)
        self.seen_edit = self.seen_field.edit
        self.deleted_check = QtWidgets.QCheckBox(_("Deleted by the source"))  # under the notes
        form = QtWidgets.QFormLayout(post)
        form.addRow(_("Link:"), self._url_box(post))
        form.addRow(_("Posted at:"), self.posted_field)
        form.addRow(_("Seen at:"), self.seen_field)
        self.sections.addTab(post, _("Post"))

        notes = QtWidgets.QWidget(self.sections)
        self.description_edit = QtWidgets.QLineEdit(notes)
        self.notes_edit = NotesEdit(notes)
        self.notes_edit.setMinimumHeight(48)
        self.tags_edit = QtWidgets.QLineEdit(notes)
        self.tags_edit.setPlaceholderText(_("#tag, #another"))
        form = QtWidgets.QFormLayout(notes)
        form.addRow(_("Description:"), self.description_edit)
        form.addRow(_("Free tags:"), self.tags_edit)
        form.addRow(_("Notes:"), self.notes_edit)
        form.addRow("", self.deleted_check)
        self.sections.addTab(notes, _("Notes"))

        self.reports_list = ReportsListWidget(self.sections)
        self.sections.addTab(self.reports_list, _("Reports"))
        self._per_item_tabs = (2, 3, 4)  # post, notes, reports: hidden for a batch
        self._post_tab = 2

        self.prev_button = QtWidgets.QToolButton(self)
        self.next_button = QtWidgets.QToolButton(self)
        for button, text, arrow in ((self.prev_button, _("Previous"), "SP_ArrowBack"),
                                    (self.next_button, _("Next"), "SP_ArrowForward")):
            button.setText(text)  # (the tooltip and the accessible name; the arrow is shown)
            button.setAccessibleName(text)
            button.setIcon(self.style().standardIcon(  # follows the layout direction
                getattr(QtWidgets.QStyle.StandardPixmap, arrow)))
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.same_button = QtWidgets.QPushButton(_("Same as previous"), self)
        self.same_button.setEnabled(False)
        self.save_button = QtWidgets.QPushButton(_("Save tags"), self)
        self.save_button.setObjectName("primary")
        self.save_next_button = QtWidgets.QPushButton(_("Save, then next"), self)
        self.status_label = QtWidgets.QLabel(self)
        self.status_label.setObjectName("hint")
        self.status_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self._shortcuts()
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.prev_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.same_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_next_button)
        buttons.addWidget(self.save_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.batch_label)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

    def _shortcuts(self) -> None:
        """Keys for a run of screenshots, each shown on its button's tooltip."""
        context = QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.key_actions: dict[str, QtGui.QShortcut] = {}
        for name, keys, button in (
                ("save_next", SAVE_NEXT_KEYS, self.save_next_button),
                ("same", SAME_KEYS, self.same_button),
                ("next", NEXT_KEYS, self.next_button),
                ("previous", PREVIOUS_KEYS, self.prev_button)):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(button.click)
            native = QtGui.QKeySequence(keys).toString(QtGui.QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{button.text()} ({ltr_isolate(native)})")
            self.key_actions[name] = shortcut
        self.save_button.setToolTip(_("Save the tags of this item"))

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
        self.save_next_button.clicked.connect(self._on_save_next_button_clicked)
        self.same_button.clicked.connect(self._on_same_button_clicked)
        self.next_button.clicked.connect(lambda: self.step_requested.emit(1))
        self.prev_button.clicked.connect(lambda: self.step_requested.emit(-1))
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
        self._tags = tags
        if self._batch:
            return  # shown once the selection is one item again
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
        self.posted_field.set_value(cur["posted_at"])
        self.seen_field.set_value(cur["seen_at"])
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
        self.save_next_button.setEnabled(True)

    # --- several items at once -------------------------------------------------------------------
    def _show_batch_count(self) -> None:
        n = len(self._batch)
        self.batch_label.setText(ngettext(
            "{n} item selected. The platform, accounts, case, categories and sensitivity "
            "chosen here are added to it.",
            "{n} items selected. The platform, accounts, case, categories and sensitivity "
            "chosen here are added to all of them; nothing is removed.",
            n).format(n=digits(str(n))))
        self.save_button.setText(ngettext("Apply to {n} item", "Apply to {n} items",
                                          n).format(n=digits(str(n))))

    def refresh_display(self) -> None:
        """Dates, counts and reports again in the display option's digits and calendar (what
        she typed stays; nothing is reloaded)."""
        self.posted_field.refresh_display()
        self.seen_field.refresh_display()
        self.reports_list.refresh_display()
        if self._batch:
            self._show_batch_count()

    def set_batch(self, item_ids: list[int]) -> None:
        """Several items selected: the editor adds its choices to all of them. One item (or
        none): back to that item's own tags."""
        batch = list(item_ids) if len(item_ids) > 1 else []
        if batch == self._batch:
            return
        self._batch = batch
        for tab in self._per_item_tabs:
            self.sections.setTabVisible(tab, not batch)
        self.batch_label.setVisible(bool(batch))
        if batch:
            self._show_batch_count()
            self._current = {}
            self.platform_combo.setCurrentIndex(0)
            self.case_combo.setCurrentText("")
            self.accounts_editor.set_accounts([])
            self.category_picker.set_checked(set())
            for check in self.sensitive_checks.values():
                check.setChecked(False)
            if self.sections.currentIndex() in self._per_item_tabs:
                self.sections.setCurrentIndex(0)
            self.status_label.clear()
        else:
            self.save_button.setText(_("Save tags"))
            if self._tags is not None:
                self.show_tags(self._item_id, self._tags)
        self.save_next_button.setVisible(not batch)
        self.next_button.setEnabled(not batch)
        self.prev_button.setEnabled(not batch)

    def is_batch(self) -> bool:
        return bool(self._batch)

    def batch_changes(self) -> dict[str, Any]:
        """What the batch editor adds to every selected item, as TagChanges fields."""
        out: dict[str, Any] = {}
        platform = str(self.platform_combo.currentData() or "")
        if platform:
            out["platform"] = platform
        accounts = [AccountRef(*a) for a in self.accounts_editor.accounts()]
        if accounts:
            out["add_accounts"] = tuple(accounts)
        case = self.case_combo.currentText().strip()
        if case:
            out["add_cases"] = (case,)
        if self.category_picker.checked():
            out["add_categories"] = tuple(sorted(self.category_picker.checked()))
        sensitive = [k for k, box in self.sensitive_checks.items() if box.isChecked()]
        if sensitive:
            out["add_sensitive"] = tuple(sensitive)
        return out

    # --- same as previous ------------------------------------------------------------------------
    def _remember(self) -> None:
        """The platform, accounts and case of this save, for "Same as previous"."""
        platform = str(self.platform_combo.currentData() or "")
        accounts = list(self.accounts_editor.accounts())
        case = self.case_combo.currentText().strip()
        if platform or accounts or case:
            self._previous = {"platform": platform, "accounts": accounts, "case": case}
            self.same_button.setEnabled(True)
            parts = [dict(self._platforms).get(platform, "")] + [
                ltr_isolate(h) for _p, h in accounts] + [case]
            self.same_button.setToolTip(_("Fill in: {what}").format(
                what=" · ".join(p for p in parts if p)) + f" ({ltr_isolate(SAME_KEYS)})")

    def apply_previous(self) -> bool:
        """Fill the platform, accounts and case of the last save; False when there is none."""
        prev = self._previous
        if not prev:
            return False
        if prev["platform"]:
            self.platform_combo.setCurrentIndex(
                max(0, self.platform_combo.findData(prev["platform"])))
        for platform, handle in prev["accounts"]:
            self.accounts_editor.add_account(platform, handle)
        if prev["case"]:
            self.case_combo.setCurrentText(prev["case"])
        self.status_label.setText(_("Filled in as the previous item: check, then save."))
        return True

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
                  "description": self.description_edit.text().strip(),
                  "notes": self.notes_edit.toPlainText().strip()}
        for key, value in values.items():
            if value != cur.get(key, ""):
                out[key] = value
        for key, field in (("posted_at", self.posted_field), ("seen_at", self.seen_field)):
            value = field.value_or_text()
            if not _same_date(value, cur.get(key, "")):
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
        self.save_next_button.setEnabled(not saving)
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
        changed = {k: values[k] for k in ("status", "reference", "channel")
                   if before is None or values[k] != (getattr(before, k) or "")}
        if before is None or not _same_date(values["answered_at"], before.answered_at or ""):
            changed["answered_at"] = values["answered_at"]
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
    def _on_new_category_button_clicked(self) -> None:
        from ui.dialogs.new_category import NewCategoryDialog

        dialog = NewCategoryDialog(self)
        dialog.category_accepted.connect(self.category_create_requested)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.category_dialog_shown.emit(dialog)

    @QtCore.Slot()
    def _on_save_button_clicked(self) -> None:
        if self._batch:
            changes = self.batch_changes()
            if not changes:
                self.status_label.setText(_("Choose what to add to the selected items first."))
                return
            self._remember()
            self.set_saving(True, _("Saving…"))
            self.batch_tag_requested.emit(list(self._batch), changes)
            return
        changes = self.changes()
        if not changes:
            self.status_label.setText(_("Nothing changed."))
            return
        self._remember()
        self.set_saving(True, _("Saving…"))
        self.tag_requested.emit(self._item_id, changes)

    @QtCore.Slot()
    def _on_save_next_button_clicked(self) -> None:
        """Save this item (if anything changed), then the next one."""
        if self._batch or self._item_id < 0:
            return
        changes = self.changes()
        if not changes:
            self.step_requested.emit(1)
            return
        self._remember()
        self.set_saving(True, _("Saving…"))
        self.tag_next_requested.emit(self._item_id, changes)

    @QtCore.Slot()
    def _on_same_button_clicked(self) -> None:
        self.apply_previous()
