# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The detail panel of one item: the sanitised image, what was removed, the original's metadata.

Every value here comes from the file (untrusted): names and metadata go through SecureLabel or
plain-text table cells, cleaned and bidi-isolated; hashes and dates are left-to-right isolated.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.errors import AppError
from app.messages import describe
from ui.i18n import _, current
from ui.jobs.evidence import ItemDetail, flatten_metadata
from ui.views.tag_editor import TagEditorView
from ui.widgets.image_viewer import ImageViewerWidget
from ui.widgets.secure_label import SecureLabel, safe_text


class EvidenceDetailView(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._blur_sensitive = True
        self._build_ui()
        self._connect_signals()
        self.show_empty()

    def _build_ui(self) -> None:
        self.viewer = ImageViewerWidget(self)
        self.zoom_in_button = QtWidgets.QToolButton(self)
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip(_("Zoom in"))
        self.zoom_out_button = QtWidgets.QToolButton(self)
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip(_("Zoom out"))
        self.fit_button = QtWidgets.QToolButton(self)
        self.fit_button.setText(_("Fit"))
        self.image_note = QtWidgets.QLabel(self)
        self.image_note.setObjectName("hint")
        self.image_note.setWordWrap(True)
        self.name_label = SecureLabel("", self, max_chars=60)
        self.name_label.setObjectName("sectionHeading")
        self.sha_label = SecureLabel("", self, ltr=True, max_chars=70)
        self.date_label = SecureLabel("", self, ltr=True)
        self.type_label = SecureLabel("", self, ltr=True)
        self.removed_heading = QtWidgets.QLabel(_("What was removed from the working copy"), self)
        self.removed_heading.setObjectName("sectionHeading")
        self.removed_label = SecureLabel("", self, multiline=True)
        self.meta_heading = QtWidgets.QLabel(_("Metadata read from the original"), self)
        self.meta_heading.setObjectName("sectionHeading")
        self.meta_table = QtWidgets.QTableWidget(0, 2, self)
        self.meta_table.setHorizontalHeaderLabels([_("Field"), _("Value")])
        self.meta_table.verticalHeader().hide()
        self.meta_table.horizontalHeader().setStretchLastSection(True)
        self.meta_table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meta_table.setWordWrap(False)
        self.empty_label = QtWidgets.QLabel(_("Select an item to see it here."), self)
        self.empty_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setObjectName("hint")

        zoom_row = QtWidgets.QHBoxLayout()
        zoom_row.addWidget(self.zoom_out_button)
        zoom_row.addWidget(self.zoom_in_button)
        zoom_row.addWidget(self.fit_button)
        zoom_row.addWidget(self.image_note, 1)
        form = QtWidgets.QFormLayout()
        form.addRow(_("SHA-256:"), self.sha_label)
        form.addRow(_("Imported:"), self.date_label)
        form.addRow(_("Type:"), self.type_label)
        self.tag_editor = TagEditorView(self)
        file_tab = QtWidgets.QWidget(self)
        file_layout = QtWidgets.QVBoxLayout(file_tab)
        file_layout.setContentsMargins(0, 4, 0, 0)
        file_layout.addLayout(form)
        file_layout.addWidget(self.removed_heading)
        file_layout.addWidget(self.removed_label)
        file_layout.addWidget(self.meta_heading)
        file_layout.addWidget(self.meta_table, 1)
        self.tabs = QtWidgets.QTabWidget(self)
        self.tabs.addTab(self.tag_editor, _("Tags"))
        self.tabs.addTab(file_tab, _("File and metadata"))
        self.content = QtWidgets.QWidget(self)
        inner = QtWidgets.QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.viewer, 2)
        inner.addLayout(zoom_row)
        inner.addWidget(self.name_label)
        inner.addWidget(self.tabs, 3)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.content)

    def _connect_signals(self) -> None:
        self.zoom_in_button.clicked.connect(lambda: self.viewer.zoom(1.25))
        self.zoom_out_button.clicked.connect(lambda: self.viewer.zoom(0.8))
        self.fit_button.clicked.connect(self.viewer.fit)
        self.viewer.revealed.connect(self._on_viewer_revealed)

    def set_blur_sensitive(self, blur: bool) -> None:
        self._blur_sensitive = blur

    def show_empty(self) -> None:
        self.viewer.clear()
        self.content.hide()
        self.empty_label.show()

    def show_message(self, message: str) -> None:
        self.show_empty()
        self.empty_label.setText(message)

    def show_detail(self, detail: ItemDetail, *, sensitive: bool = False) -> None:
        rec: dict[str, Any] = detail.record
        self.empty_label.hide()
        self.content.show()
        self.name_label.set_untrusted_text(str(rec.get("original_name") or _("(no name)")))
        self.sha_label.set_untrusted_text(str(rec.get("sha256", "")))
        self.date_label.set_untrusted_text(str(rec.get("imported_at", ""))[:19].replace("T", " "))
        self.type_label.set_untrusted_text(str(rec.get("media_type", "")))
        blurred = sensitive and self._blur_sensitive
        self.viewer.set_image(detail.image, blurred=blurred)
        quarantined = _quarantine(rec)
        if quarantined:
            self.image_note.setText(quarantined)
        elif detail.image is None:
            self.image_note.setText(_("No picture to show: this item is kept as an attachment."))
        elif blurred:
            self.image_note.setText(_("This item is marked sensitive."))
        else:
            self.image_note.setText(_("Working copy, metadata removed."))
        self.removed_label.set_untrusted_text(
            "\n".join(detail.removed) if detail.removed else _("Nothing needed removing."))
        pairs = flatten_metadata(detail.metadata)
        self.meta_table.setRowCount(len(pairs))
        for row, (key, value) in enumerate(pairs):
            for col, text in enumerate((safe_text(key, ltr=True), safe_text(value))):
                cell = QtWidgets.QTableWidgetItem(text)
                cell.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled
                              | QtCore.Qt.ItemFlag.ItemIsSelectable)
                self.meta_table.setItem(row, col, cell)
        if detail.tags is not None:
            self.tag_editor.show_tags(detail.item_id, detail.tags)

    @QtCore.Slot()
    def _on_viewer_revealed(self) -> None:
        self.image_note.setText(_("Working copy, metadata removed."))


def _quarantine(rec: dict[str, Any]) -> str:
    """The note for a received item whose clean copy failed this vault's checks (issue 12,
    point 3), with the reason in the user's language; "" for any other item."""
    prov = rec.get("provenance")
    q = prov.get("quarantined") if isinstance(prov, dict) else None
    if not isinstance(q, dict):
        return ""
    raw = q.get("params")
    params: dict[str, Any] = raw if isinstance(raw, dict) else {}
    reason = describe(AppError(str(q.get("code") or "generic.unknown"), **params), current())
    return _("Quarantined: the clean copy in the bundle failed this vault's checks, so it is "
             "kept sealed and never shown. {reason}").format(reason=reason)
