# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The sidebar: all evidence, then cases, perpetrators, platforms, categories, reported or not,
and a date range.

Entries are checkable filters that combine: within one section any of the checked entries (these
two platforms), across sections all of them (this platform AND this case AND not reported AND
this month) — one ``ItemQuery`` (``app.cases.query``). "All evidence" clears them.

Entries come from ``app.cases`` through the controller. Case titles and perpetrator labels are
untrusted: they are set as plain item text (views never interpret HTML in item data), cleaned and
bidi-isolated.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.textsafety import bidi_isolate, one_line
from ui.i18n import N_, _
from ui.widgets.date_field import count_text
from ui.widgets.secure_label import ui_direction_mark

SECTIONS = {"cases": N_("Cases"), "perpetrators": N_("Perpetrators"),
            "platforms": N_("Platforms"), "categories": N_("Categories"),
            "reported": N_("Reported"), "dates": N_("Date"),
            "lens": N_("Reposted pictures")}
TRANSLATED_SECTIONS = frozenset({"reported"})  # their labels are msgids, not user text
DATE_PRESETS = ((N_("Last 7 days"), 7), (N_("Last 30 days"), 30), (N_("Last 12 months"), 365))
RANGE_KEYS = frozenset({"dated_from", "dated_to", "day_from", "day_to"})  # one range at a time
FilterRole = QtCore.Qt.ItemDataRole.UserRole + 10
SavedRole = QtCore.Qt.ItemDataRole.UserRole + 11  # a saved filter's id
ELLIPSIS = "\u2026"
NameRole = QtCore.Qt.ItemDataRole.UserRole + 12  # an entry's name, cleaned, not isolated
CountRole = QtCore.Qt.ItemDataRole.UserRole + 13  # its count (None: no count)


def entry_text(name: str, count: int | None, width: int = 0,
               metrics: QtGui.QFontMetrics | None = None) -> str:
    """An entry as shown: the name isolated in its own direction, then the count. Given a width,
    a name too long is shortened at its own logical end — the dots on the left of an Arabic name
    in the English sidebar, on the right of an English one in the Arabic sidebar — and the count
    stays whole."""
    def compose(shown: str) -> str:
        text = bidi_isolate(shown)
        if count is None:
            return text
        return ui_direction_mark() + _("{name} ({count})").format(name=text,
                                                                  count=count_text(count))

    text = compose(name)
    if not width or metrics is None or metrics.horizontalAdvance(text) <= width:
        return text
    room = width - metrics.horizontalAdvance(compose(""))
    # ElideRight cuts the string's logical end whatever its direction; the isolate then lays the
    # dots out on that end's side. Qt may return nothing when nothing fits: the dots alone.
    shown = metrics.elidedText(name, QtCore.Qt.TextElideMode.ElideRight, max(room, 0))
    return compose(shown.replace(ELLIPSIS, "").rstrip() + ELLIPSIS)


class _EntryDelegate(QtWidgets.QStyledItemDelegate):
    """Draws each entry with :func:`entry_text` fitted to the room the row has."""

    def initStyleOption(self, option: QtWidgets.QStyleOptionViewItem,
                        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        name = index.data(NameRole)
        if not isinstance(name, str):
            return
        widget = option.widget
        style = widget.style() if widget is not None else QtWidgets.QApplication.style()
        rect = style.subElementRect(QtWidgets.QStyle.SubElement.SE_ItemViewItemText, option,
                                    widget)
        margin = style.pixelMetric(QtWidgets.QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                   widget) + 1
        option.text = entry_text(name, index.data(CountRole), rect.width() - 2 * margin,
                                 option.fontMetrics)


class SidebarView(QtWidgets.QTreeView):
    """Emits:
        filter_chosen(dict): ItemQuery fields to list ({} for all evidence).
        saved_filter_chosen(object): a saved filter's ``ItemQuery`` (search text included).
        case_edit_requested(int): a case id, or 0 for a new case (double-click, context menu).
        timeline_requested(int): a case id.
        perpetrator_edit_requested(int): a perpetrator id, or 0 for a new one.
        saved_filter_delete_requested(int): a saved filter's id.
    """

    filter_chosen = QtCore.Signal(object)
    saved_filter_chosen = QtCore.Signal(object)
    case_edit_requested = QtCore.Signal(int)
    timeline_requested = QtCore.Signal(int)
    perpetrator_edit_requested = QtCore.Signal(int)
    saved_filter_delete_requested = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: dict[str, list[tuple[str, dict[str, Any], int | None]]] = {}
        self._total: int | None = None
        self.setObjectName("sidebar")
        self.setAccessibleName(_("Cases, platforms and filters"))
        self.setHeaderHidden(True)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.setItemDelegate(_EntryDelegate(self))
        self.model_ = QtGui.QStandardItemModel(self)
        self.setModel(self.model_)
        self._saved: dict[int, object] = {}
        self._build_ui()
        self.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.clicked.connect(self._on_self_clicked)
        if not self.style().styleHint(
                QtWidgets.QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick):
            self.activated.connect(self._on_self_clicked)  # Enter toggles, as a click does
        self.doubleClicked.connect(self._on_self_double_clicked)
        self.customContextMenuRequested.connect(self._on_self_custom_context_menu_requested)

    def _build_ui(self) -> None:
        self._checked: set[str] = set()  # signatures of the checked entries' filters
        self._date_range: tuple[str, str] | None = None  # chosen by hand ("Choose dates…")
        self._span: tuple[str, str] | None = None  # a timeline bar's period
        self._members: tuple[int, ...] = ()  # a cluster of reposts shown in the list
        root = self.model_.invisibleRootItem()
        self.all_item = QtGui.QStandardItem(_("All evidence"))
        self._filters: list[dict[str, Any]] = [{}]  # FilterRole holds an index into this
        self.all_item.setData(0, FilterRole)
        root.appendRow(self.all_item)
        self.sections: dict[str, QtGui.QStandardItem] = {}
        for key, title in SECTIONS.items():
            item = QtGui.QStandardItem(_(title))
            item.setSelectable(False)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            root.appendRow(item)
            self.sections[key] = item
        self.saved_section = QtGui.QStandardItem(_("Saved filters"))
        self.saved_section.setSelectable(False)
        font = self.saved_section.font()
        font.setBold(True)
        self.saved_section.setFont(font)
        root.appendRow(self.saved_section)
        self.set_saved_filters([])
        self.set_entries({})
        self.setCurrentIndex(self.all_item.index())

    def set_entries(self, entries: dict[str, list[tuple[str, dict[str, Any], int | None]]]) -> None:
        self._entries = dict(entries)
        del self._filters[1:]
        for key, section in self.sections.items():
            section.removeRows(0, section.rowCount())
            rows = entries.get(key, [])
            if key == "lens":
                rows = self._member_rows()
                self.setRowHidden(section.row(), QtCore.QModelIndex(), not rows)
            elif not rows:
                empty = QtGui.QStandardItem(_("None yet"))
                empty.setEnabled(False)
                section.appendRow(empty)
            if key == "dates":
                rows = self._date_rows()
            for label, filters, count in rows:
                name = _(label) if key in TRANSLATED_SECTIONS or key in ("dates", "lens") else \
                    one_line(label, 80)
                child = QtGui.QStandardItem(entry_text(name, count))
                child.setData(name, NameRole)
                child.setData(count, CountRole)
                child.setCheckable(True)  # shown checked; toggled by a click on the row only
                child.setFlags(child.flags() & ~QtCore.Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(QtCore.Qt.CheckState.Checked if _signature(filters)
                                    in self._checked else QtCore.Qt.CheckState.Unchecked)
                self._filters.append(dict(filters))
                child.setData(len(self._filters) - 1, FilterRole)
                section.appendRow(child)
        self.expand(self.sections["cases"].index())
        self.expand(self.sections["perpetrators"].index())

    def set_total(self, count: int) -> None:
        self._total = count
        self.all_item.setText(_("All evidence ({count})").format(count=count_text(count)))

    def refresh_display(self) -> None:
        """The counts again in the display option's digits (checked entries stay checked)."""
        self.set_entries(self._entries)
        if self._total is not None:
            self.set_total(self._total)

    def set_saved_filters(self, saved: list) -> None:
        """``app.cases.filters.SavedFilter`` values; names are untrusted (plain, isolated)."""
        self.saved_section.removeRows(0, self.saved_section.rowCount())
        self._saved = {int(f.id): f.query for f in saved}
        if not saved:
            empty = QtGui.QStandardItem(_("None yet"))
            empty.setEnabled(False)
            self.saved_section.appendRow(empty)
        for f in saved:
            name = one_line(f.name, 80)
            child = QtGui.QStandardItem(entry_text(name, None))
            child.setData(name, NameRole)
            child.setData(int(f.id), SavedRole)
            self.saved_section.appendRow(child)
        self.expand(self.saved_section.index())

    def entry_at(self, index: QtCore.QModelIndex) -> tuple[str, int]:
        """(kind, id) of a sidebar row: "case", "perpetrator", "saved", a section key, or ""."""
        saved = index.data(SavedRole)
        if isinstance(saved, int):
            return "saved", saved
        slot = index.data(FilterRole)
        if isinstance(slot, int) and 0 < slot < len(self._filters):
            f = self._filters[slot]
            if f.get("case_ids"):
                return "case", int(f["case_ids"][0])
            if f.get("perpetrator_ids"):
                return "perpetrator", int(f["perpetrator_ids"][0])
        item = self.model_.itemFromIndex(index) if index.isValid() else None
        for key, section in self.sections.items():
            if item is section or (item is not None and item.parent() is section):
                return key, 0
        return "", 0

    @QtCore.Slot(QtCore.QModelIndex)
    def _on_self_clicked(self, index: QtCore.QModelIndex) -> None:
        saved = index.data(SavedRole)
        if isinstance(saved, int) and saved in self._saved:
            self.saved_filter_chosen.emit(self._saved[saved])
            return
        slot = index.data(FilterRole)
        if slot == 0:
            self.clear_filters()
            return
        if isinstance(slot, int) and 0 < slot < len(self._filters):
            kind, _ident = self.entry_at(index)
            sig = _signature(self._filters[slot])
            if kind == "dates" and sig not in self._checked:
                self._checked -= {_signature(f) for f in self._filters
                                  if set(f) & RANGE_KEYS}  # one range at a time
            self._checked ^= {sig}
            self._refresh_checks()
            self.filter_chosen.emit(self.combined_filter())

    def clear_filters(self) -> None:
        """"All evidence": nothing checked, nothing filtered."""
        self._checked.clear()
        self._refresh_checks()
        self.filter_chosen.emit({})

    def combined_filter(self) -> dict[str, Any]:
        """The checked entries as one set of ItemQuery fields: tuples of one field are joined
        (any of them), different fields all apply; a date range is one pair of bounds."""
        out: dict[str, Any] = {}
        for f in self._filters[1:]:
            if _signature(f) not in self._checked:
                continue
            for key, value in f.items():
                if isinstance(value, tuple):
                    merged = tuple(out.get(key, ())) + tuple(v for v in value
                                                             if v not in out.get(key, ()))
                    out[key] = merged
                else:
                    out[key] = value
        return out

    def choose_date_range(self, start: str, end: str) -> None:
        """A range typed in the date dialog (ISO dates, inclusive), checked at once."""
        self._checked -= {_signature(f) for f in self._filters
                          if set(f) & RANGE_KEYS}
        self._date_range = (start, end)
        filters = {"dated_from": start, "dated_to": end}
        self._checked.add(_signature(filters))
        self.set_entries(self._entries)
        self.filter_chosen.emit(self.combined_filter())

    def show_span(self, case_id: int, start: str, end: str) -> None:
        """Show a timeline period as the filter now applied (the browse flow applies it): the
        case and a "Timeline period" row checked, nothing else. Emits nothing."""
        self._span = (start, end)
        self._checked = {_signature({"case_ids": (int(case_id),)}),
                         _signature({"day_from": start, "day_to": end})}
        self.set_entries(self._entries)
        self.clearSelection()

    def show_members(self, members: tuple[int, ...]) -> None:
        """Show a cluster of reposts as the filter now applied (the browse flow applies it): a
        "Reposts of the same picture" row checked, nothing else. Emits nothing."""
        self._members = tuple(members)
        self._checked = {_signature({"item_ids": self._members})}
        self.set_entries(self._entries)
        self.expand(self.sections["lens"].index())
        self.clearSelection()

    def _member_rows(self) -> list[tuple[str, dict[str, Any], int | None]]:
        if not self._members:
            return []
        return [(N_("Reposts of the same picture"), {"item_ids": self._members},
                 len(self._members))]

    def _date_rows(self) -> list[tuple[str, dict[str, Any], int | None]]:
        today = QtCore.QDate.currentDate()
        rows: list[tuple[str, dict[str, Any], int | None]] = [
            (label, {"dated_from": today.addDays(-days + 1).toString(QtCore.Qt.DateFormat.ISODate)},
             None) for label, days in DATE_PRESETS]
        if self._date_range is not None:
            start, end = self._date_range
            rows.append((N_("Chosen dates"), {"dated_from": start, "dated_to": end}, None))
        if self._span is not None:
            start, end = self._span
            rows.append((N_("Timeline period"), {"day_from": start, "day_to": end}, None))
        return rows

    def _refresh_checks(self) -> None:
        for section in self.sections.values():
            for row in range(section.rowCount()):
                child = section.child(row)
                slot = child.data(FilterRole)
                if isinstance(slot, int) and 0 < slot < len(self._filters):
                    on = _signature(self._filters[slot]) in self._checked
                    child.setCheckState(QtCore.Qt.CheckState.Checked if on
                                        else QtCore.Qt.CheckState.Unchecked)

    @QtCore.Slot(QtCore.QModelIndex)
    def _on_self_double_clicked(self, index: QtCore.QModelIndex) -> None:
        kind, ident = self.entry_at(index)
        if kind == "case" or (kind == "cases" and not ident):
            self.case_edit_requested.emit(ident)
        elif kind in {"perpetrator", "perpetrators"}:
            self.perpetrator_edit_requested.emit(ident)

    def context_actions(self, index: QtCore.QModelIndex) -> list[tuple[str, object]]:
        """(translated text, callable) for the context menu at ``index``."""
        kind, ident = self.entry_at(index)
        actions: list[tuple[str, object]] = []
        if kind == "case":
            actions += [(_("Edit case…"), lambda: self.case_edit_requested.emit(ident)),
                        (_("Timeline…"), lambda: self.timeline_requested.emit(ident))]
        if kind == "perpetrator":
            actions.append((_("Edit perpetrator…"),
                            lambda: self.perpetrator_edit_requested.emit(ident)))
        if kind in ("case", "cases"):
            actions.append((_("New case…"), lambda: self.case_edit_requested.emit(0)))
        if kind in ("perpetrator", "perpetrators"):
            actions.append((_("New perpetrator…"),
                            lambda: self.perpetrator_edit_requested.emit(0)))
        if kind in ("dates",):
            actions.append((_("Choose dates…"), self._on_choose_dates))
        if kind == "saved":
            actions.append((_("Delete saved filter"),
                            lambda: self.saved_filter_delete_requested.emit(ident)))
        return actions

    @QtCore.Slot()
    def _on_choose_dates(self) -> None:
        dialog = DateRangeDialog(self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.choose_date_range(*dialog.range())

    @QtCore.Slot(QtCore.QPoint)
    def _on_self_custom_context_menu_requested(self, pos: QtCore.QPoint) -> None:
        actions = self.context_actions(self.indexAt(pos))
        if not actions:
            return
        menu = QtWidgets.QMenu(self)
        menu.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        for text, fn in actions:
            menu.addAction(text).triggered.connect(fn)
        menu.popup(self.viewport().mapToGlobal(pos))


def _signature(filters: dict[str, Any]) -> str:
    return repr(sorted(filters.items()))


class DateRangeDialog(QtWidgets.QDialog):
    """From and to (inclusive), on the date a card shows: posted when known, else imported."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Choose dates"))
        today = QtCore.QDate.currentDate()
        self.start_edit = QtWidgets.QDateEdit(today.addMonths(-1), self)
        self.end_edit = QtWidgets.QDateEdit(today, self)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
        hint = QtWidgets.QLabel(_("The date posted, or the date imported when it is not known."),
                                self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
                                             self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QtWidgets.QFormLayout(self)
        form.addRow(_("From:"), self.start_edit)
        form.addRow(_("To:"), self.end_edit)
        form.addRow(hint)
        form.addRow(buttons)

    def range(self) -> tuple[str, str]:
        a, b = self.start_edit.date(), self.end_edit.date()
        if b < a:
            a, b = b, a
        iso = QtCore.Qt.DateFormat.ISODate
        return a.toString(iso), b.toString(iso)
