# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The lens's small dialogs (issue 15): correcting the text read in a picture, the items that
show the same picture ("Find similar"), and the tags to apply to every member of a cluster.

Names, handles and recognised text come from files and other people (untrusted): shown through
``safe_text``/plain-text widgets only.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from ui.i18n import _, ngettext
from ui.widgets.secure_label import SecureLabel, safe_text, ui_direction_mark
from ui.widgets.text_direction import NotesEdit

ItemRole = QtCore.Qt.ItemDataRole.UserRole + 1


def day_words(instant: str | None) -> str:
    """The day of an ISO instant in words ("4 July 2026"), or "—"."""
    if not instant:
        return "—"
    day = QtCore.QDate.fromString(str(instant)[:10], "yyyy-MM-dd")
    return QtCore.QLocale().toString(day, "d MMMM yyyy") if day.isValid() else "—"


def cluster_sentence(cluster: Any) -> str:
    """"This picture was posted by 14 accounts on 3 platforms between 4 July 2026 and 18 July
    2026 (in 16 items)." for an ``app.cases.similar.Cluster``. The counted phrases carry their
    preposition: Arabic declines the noun after it (في عنصرين، من حسابين)."""
    loc = QtCore.QLocale()
    items = ngettext("in {count} item", "in {count} items", cluster.size).format(
        count=loc.toString(cluster.size))
    if not cluster.accounts:
        return _("This picture appears {items}; no account is tagged on them yet.").format(
            items=items)
    n_accounts, n_platforms = len(cluster.accounts), len(cluster.platforms)
    accounts = ngettext("by {count} account", "by {count} accounts", n_accounts).format(
        count=loc.toString(n_accounts))
    platforms = ngettext("on {count} platform", "on {count} platforms", n_platforms).format(
        count=loc.toString(n_platforms))
    if cluster.first and cluster.last and cluster.first[:10] != cluster.last[:10]:
        return _("This picture was posted {accounts} {platforms} between {first} and {last} "
                 "({items}).").format(accounts=accounts, platforms=platforms,
                                      first=day_words(cluster.first),
                                      last=day_words(cluster.last), items=items)
    if cluster.first:
        return _("This picture was posted {accounts} {platforms} on {day} ({items}).").format(
            accounts=accounts, platforms=platforms, day=day_words(cluster.first), items=items)
    return _("This picture was posted {accounts} {platforms} ({items}).").format(
        accounts=accounts, platforms=platforms, items=items)


def match_words(kind: str, query_kind: str) -> str:
    """How two items met: the whole pictures, or one inside the other's screenshot."""
    if "inner" in (kind, query_kind):
        return _("inside a screenshot")
    if kind.startswith("page:") or query_kind.startswith("page:"):
        return _("a page of a document")
    if kind.startswith("frame:") or query_kind.startswith("frame:"):
        return _("a frame of a video")
    return _("the whole picture")


class CorrectTextDialog(QtWidgets.QDialog):
    """The recognised text, editable. Emits:
        text_accepted(int, str): the item and its corrected text.
    """

    text_accepted = QtCore.Signal(int, str)

    def __init__(self, item_id: int, text: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.setWindowTitle(_("Correct the text in the picture"))
        note = QtWidgets.QLabel(_("Type the words as the picture shows them. Your correction is "
                                  "recorded in the custody log with the text before it, is "
                                  "searchable, and is never overwritten by the computer's "
                                  "reading."), self)
        note.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        self.edit = NotesEdit(self)  # plain text, each line aligned to its own direction
        self.edit.setPlainText(text)
        self.edit.setAccessibleName(_("Text in the picture"))
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resize(520, 360)

    @QtCore.Slot()
    def _on_buttons_accepted(self) -> None:
        self.text_accepted.emit(self.item_id, self.edit.toPlainText().strip())
        self.accept()


class ClusterTagsDialog(QtWidgets.QDialog):
    """Tags (and a case) for every member of a cluster. Emits:
        changes_accepted(object, object): the member ids and ``TagChanges`` fields (a dict).
    """

    changes_accepted = QtCore.Signal(object, object)

    def __init__(self, members: tuple[int, ...], cases: list[str],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.members = tuple(members)
        self.setWindowTitle(_("Apply tags to all members"))
        count = len(self.members)
        intro = QtWidgets.QLabel(ngettext(
            "These tags are added to the {count} item that shows this picture (one custody "
            "entry per item).",
            "These tags are added to all {count} items that show this picture (one custody "
            "entry per item).", count).format(count=QtCore.QLocale().toString(count)), self)
        intro.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.tags_edit = QtWidgets.QLineEdit(self)
        self.tags_edit.setPlaceholderText(_("campaign, July"))
        self.case_box = QtWidgets.QComboBox(self)
        self.case_box.addItem(_("(no case)"), "")
        for title in cases:
            self.case_box.addItem(safe_text(title, max_len=80), title)
        form = QtWidgets.QFormLayout()
        form.addRow(_("Tags (separated by commas):"), self.tags_edit)
        form.addRow(_("Add to case:"), self.case_box)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(
            _("Apply to all"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.tags_edit.textChanged.connect(self._on_fields_edited)
        self.case_box.currentIndexChanged.connect(self._on_fields_edited)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._on_fields_edited()
        self.resize(480, self.sizeHint().height())

    def changes(self) -> dict[str, Any]:
        tags = tuple(t.strip() for t in self.tags_edit.text().replace("،", ",").split(",")
                     if t.strip())
        case = str(self.case_box.currentData() or "")
        out: dict[str, Any] = {}
        if tags:
            out["add_tags"] = tags
        if case:
            out["add_cases"] = (case,)
        return out

    @QtCore.Slot()
    def _on_fields_edited(self, *_args: object) -> None:
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.changes()))

    @QtCore.Slot()
    def _on_buttons_accepted(self) -> None:
        changes = self.changes()
        if changes:
            self.changes_accepted.emit(self.members, changes)
            self.accept()


def top_items(tree: QtWidgets.QTreeWidget) -> list[QtWidgets.QTreeWidgetItem]:
    """The tree's top-level rows, in order."""
    return [item for i in range(tree.topLevelItemCount())
            if (item := tree.topLevelItem(i)) is not None]


def children(item: QtWidgets.QTreeWidgetItem) -> list[QtWidgets.QTreeWidgetItem]:
    return [c for j in range(item.childCount()) if (c := item.child(j)) is not None]


def threshold_box(parent: QtWidgets.QWidget) -> QtWidgets.QSpinBox:
    """The largest Hamming distance between two PDQ hashes that counts as the same picture."""
    from app.cases.similar import MAX_THRESHOLD
    from app.media.pdq import DEFAULT_THRESHOLD

    box = QtWidgets.QSpinBox(parent)
    box.setRange(0, MAX_THRESHOLD)
    box.setValue(DEFAULT_THRESHOLD)
    box.setAccessibleName(_("Largest distance"))
    box.setToolTip(_("How many of the 256 bits of two pictures' PDQ hashes may differ for them "
                     "to count as the same picture: 31 is the usual value; lower finds fewer, "
                     "closer copies."))
    return box


def picture_icon(image: QtGui.QImage | None, size: int = 64) -> QtGui.QIcon:
    if image is None or image.isNull():
        return QtGui.QIcon()
    return QtGui.QIcon(QtGui.QPixmap.fromImage(image.scaled(
        size, size, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
        QtCore.Qt.TransformationMode.SmoothTransformation)))


class SimilarDialog(QtWidgets.QDialog):
    """Near-duplicates of one item (a ``ui.jobs.lens.SimilarView``), nearest first, with their
    distance and picture. Emits:
        item_chosen(int): "Show in the list" (or a double click) on a row.
        tag_cluster_requested(object): "Apply tags to all members…" on the item's cluster.
        threshold_changed(int, int): the item and the largest distance she now wants.
    """

    item_chosen = QtCore.Signal(int)
    tag_cluster_requested = QtCore.Signal(object)
    threshold_changed = QtCore.Signal(int, int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Items showing the same picture"))
        self._view: Any = None
        self.picture = QtWidgets.QLabel(self)
        self.picture.setFixedSize(96, 96)
        self.picture.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.name_label = SecureLabel("", self, max_chars=60)
        self.name_label.setObjectName("sectionHeading")
        self.summary_label = QtWidgets.QLabel(_("Looking for the same picture…"), self)
        self.summary_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.table = QtWidgets.QTreeWidget(self)
        self.table.setAccessibleName(_("Other items showing the same picture (reposts, "
                                       "re-encoded, resized or cropped copies)"))
        self.table.setColumnCount(3)
        self.table.setHeaderLabels([_("Item"), _("Distance"), _("Matched")])
        self.table.setRootIsDecorated(False)
        self.table.setIconSize(QtCore.QSize(64, 64))
        self.table.setUniformRowHeights(True)
        self.table.header().setStretchLastSection(False)
        self.table.header().setSectionResizeMode(
            0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(_("Distance: how many of the 256 bits of the pictures' PDQ hashes "
                                "differ (0 is the same picture; up to 31 counts as the same)."))
        self.threshold_box = threshold_box(self)
        self.show_button = QtWidgets.QPushButton(_("Show in the list"), self)
        self.tag_button = QtWidgets.QPushButton(_("Apply tags to all members…"), self)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        head = QtWidgets.QHBoxLayout()
        head.addWidget(self.picture)
        text = QtWidgets.QVBoxLayout()
        text.addWidget(self.name_label)
        text.addWidget(self.summary_label, 1)
        head.addLayout(text, 1)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.tag_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        limit = QtWidgets.QHBoxLayout()
        limit.addWidget(QtWidgets.QLabel(_("Largest distance:"), self))
        limit.addWidget(self.threshold_box)
        limit.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(limit)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.show_button.setEnabled(False)
        self.tag_button.setEnabled(False)
        self.table.currentItemChanged.connect(self._on_table_current_item_changed)
        self.table.itemDoubleClicked.connect(self._on_show_button_clicked)
        self.show_button.clicked.connect(self._on_show_button_clicked)
        self.tag_button.clicked.connect(self._on_tag_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.threshold_box.editingFinished.connect(self._on_threshold_box_editing_finished)
        self.resize(620, 480)

    @QtCore.Slot()
    def _on_threshold_box_editing_finished(self) -> None:
        if self._view is not None and self.threshold_box.value() != self._view.threshold:
            self.threshold_changed.emit(self._view.item_id, self.threshold_box.value())

    def show_similar(self, view: Any) -> None:
        self._view = view
        self.threshold_box.blockSignals(True)
        self.threshold_box.setValue(view.threshold)
        self.threshold_box.blockSignals(False)
        self.picture.setPixmap(picture_icon(view.thumbnail, 96).pixmap(96, 96))
        self.name_label.set_untrusted_text(view.untrusted_name or _("(no name)"))
        loc = QtCore.QLocale()
        if not view.rows:
            self.summary_label.setText(_("No other item shows this picture."))
        elif view.cluster is not None:
            self.summary_label.setText(cluster_sentence(view.cluster))
        self.table.clear()
        mark = ui_direction_mark()
        for row in view.rows:
            name = row.untrusted_name or _("Item {item}").format(item=loc.toString(row.item_id))
            cell = QtWidgets.QTreeWidgetItem([mark + safe_text(name, max_len=120),
                                              loc.toString(row.distance),
                                              match_words(row.kind, row.query_kind)])
            cell.setIcon(0, picture_icon(row.thumbnail))
            cell.setData(0, ItemRole, row.item_id)
            cell.setTextAlignment(1, QtCore.Qt.AlignmentFlag.AlignCenter)
            self.table.addTopLevelItem(cell)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(2)
        if rows := top_items(self.table):
            self.table.setCurrentItem(rows[0])
        self.tag_button.setEnabled(view.cluster is not None)

    def listed(self) -> list[tuple[int, int]]:
        """(item id, distance) of each row, in order (tests)."""
        return [(int(cell.data(0, ItemRole)), QtCore.QLocale().toInt(cell.text(1))[0])
                for cell in top_items(self.table)]

    @QtCore.Slot()
    def _on_table_current_item_changed(self, *_args: object) -> None:
        self.show_button.setEnabled(self.table.currentItem() is not None)

    @QtCore.Slot()
    def _on_show_button_clicked(self, *_args: object) -> None:
        cell = self.table.currentItem()
        if cell is not None:
            self.item_chosen.emit(int(cell.data(0, ItemRole)))

    @QtCore.Slot()
    def _on_tag_button_clicked(self) -> None:
        if self._view is not None and self._view.cluster is not None:
            self.tag_cluster_requested.emit(tuple(self._view.cluster.members))
