# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The detail panel of one item: the sanitised image, what was removed (in her words, with the
values: ``app.media.metadata.describe_removed``), the original and the clean copy side by side, the
original's metadata, and for a received item where it came from.

Every value here comes from the file (untrusted): names and metadata go through SecureLabel or
plain-text table cells, cleaned and bidi-isolated; hashes and dates are left-to-right isolated.
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.errors import AppError
from app.media.metadata import describe_removed, render_removed
from app.messages import describe
from ui.i18n import _, current
from ui.jobs.evidence import ItemDetail, flatten_metadata
from ui.views.chat_facts import ChatFactsPanel
from ui.views.tag_editor import TagEditorView
from ui.widgets.date_field import card_date, digits
from ui.widgets.image_viewer import ImageViewerWidget
from ui.widgets.lens_text import LensTextPanel
from ui.widgets.media_player import MomentsPanel, PlayerBar
from ui.widgets.secure_label import SecureLabel, safe_text


class EvidenceDetailView(QtWidgets.QWidget):
    """Emits (the player of a recording, see ``ui.widgets.media_player``):
        play_requested(int, float): play item from this many seconds.
        pause_requested(): stop playing.
        seek_requested(int, float): go to this many seconds of the item.
        mark_requested(int, int, str, str): mark item at this many milliseconds with these words
            (and where the marked passage ends, or "").
        moment_delete_requested(int, int): remove the item's marked moment with this id.
        chat_open_requested(int): "Open chat" on a chat export's item.
    """

    play_requested = QtCore.Signal(int, float)
    pause_requested = QtCore.Signal()
    seek_requested = QtCore.Signal(int, float)
    mark_requested = QtCore.Signal(int, int, str, str)
    moment_delete_requested = QtCore.Signal(int, int)
    chat_open_requested = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._blur_sensitive = True
        self._item_id = 0
        self._platform_names: dict[str, str] = {}
        self._provenance_of: tuple[dict[str, Any], list[str], Any] | None = None
        self._pages: list[QtGui.QImage] = []
        self._strip: list[Any] = []
        self._veiled = False
        self._build_ui()
        self._connect_signals()
        self.show_empty()

    def _build_ui(self) -> None:  # noqa: PLR0915
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
        # in groups of four, wrapped between groups: a 64-digit run was cut off at 1366 px
        self.sha_label = SecureLabel("", self, ltr=True, multiline=True)
        self.date_label = SecureLabel("", self)  # the local form, in the display digits
        self.type_label = SecureLabel("", self, ltr=True)
        self.provenance_label = QtWidgets.QLabel(self)  # composed: values isolated one by one
        self.provenance_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.provenance_label.setWordWrap(True)
        self.provenance_label.setObjectName("hint")
        self.removed_heading = QtWidgets.QLabel(_("What was removed from the clean copy"), self)
        self.removed_heading.setObjectName("sectionHeading")
        self.removed_label = QtWidgets.QLabel(self)  # composed: values isolated one by one
        self.removed_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.removed_label.setWordWrap(True)
        self.removed_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.original_viewer = ImageViewerWidget(self)
        self.clean_viewer = ImageViewerWidget(self)
        self.original_caption = QtWidgets.QLabel(_("Original (as imported, kept in the vault)"),
                                                 self)
        self.clean_caption = QtWidgets.QLabel(_("Clean copy (what is shared)"), self)
        self.compare_note = QtWidgets.QLabel(self)
        self.compare_note.setObjectName("hint")
        self.compare_note.setWordWrap(True)
        self.meta_heading = QtWidgets.QLabel(_("Metadata read from the original"), self)
        self.meta_heading.setObjectName("sectionHeading")
        self.meta_table = QtWidgets.QTableWidget(0, 2, self)
        self.meta_table.setHorizontalHeaderLabels([_("Field"), _("Value")])
        self.meta_table.setAccessibleName(self.meta_heading.text())
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
        self.open_chat_button = QtWidgets.QPushButton(_("Open chat"), self)
        self.open_chat_button.hide()
        zoom_row.addWidget(self.open_chat_button)
        self.chat_facts = ChatFactsPanel(self)  # a chat item's facts where a picture would be
        form = QtWidgets.QFormLayout()
        form.addRow(_("SHA-256:"), self.sha_label)
        form.addRow(_("Imported:"), self.date_label)
        form.addRow(_("Type:"), self.type_label)
        self.tag_editor = TagEditorView(self)
        self.player = PlayerBar(self)
        self.moments = MomentsPanel(self)
        self.moments.position_ms = self.player.position_ms
        self.pages_strip = QtWidgets.QListWidget(self)
        self.pages_strip.setAccessibleName(_("Pages: click one to see it"))
        self.pages_strip.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.pages_strip.setFlow(QtWidgets.QListView.Flow.LeftToRight)
        self.pages_strip.setWrapping(False)
        self.pages_strip.setIconSize(QtCore.QSize(48, 64))
        self.pages_strip.setMaximumHeight(84)
        self.pages_strip.setMinimumHeight(30)
        self.pages_strip.setMovement(QtWidgets.QListView.Movement.Static)
        file_tab = QtWidgets.QWidget(self)
        file_layout = QtWidgets.QVBoxLayout(file_tab)
        file_layout.setContentsMargins(0, 4, 0, 0)
        file_layout.addLayout(form)
        file_layout.addWidget(self.provenance_label)
        file_layout.addWidget(self.removed_heading)
        file_layout.addWidget(self.removed_label)
        file_layout.addWidget(self.meta_heading)
        file_layout.addWidget(self.meta_table, 1)
        self.tabs = QtWidgets.QTabWidget(self)
        compare_tab = QtWidgets.QWidget(self)
        pair = QtWidgets.QGridLayout(compare_tab)
        pair.setContentsMargins(0, 4, 0, 0)
        pair.addWidget(self.original_caption, 0, 0)
        pair.addWidget(self.clean_caption, 0, 1)
        pair.addWidget(self.original_viewer, 1, 0)
        pair.addWidget(self.clean_viewer, 1, 1)
        pair.addWidget(self.compare_note, 2, 0, 1, 2)
        pair.setRowStretch(1, 1)
        self.original_caption.setWordWrap(True)
        self.clean_caption.setWordWrap(True)
        self.tabs.addTab(self.tag_editor, _("Tags"))
        self.lens_panel = LensTextPanel(self)  # the text read in the picture (ui.flows.lens_flow)
        self.lens_tab = self.tabs.addTab(self.lens_panel, _("Text in picture"))
        moments_scroll = QtWidgets.QScrollArea(self)  # its minimum never grows the window
        moments_scroll.setWidgetResizable(True)
        moments_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        moments_scroll.setWidget(self.moments)
        self.moments_tab = self.tabs.addTab(moments_scroll, _("Marked moments"))
        self.tabs.addTab(file_tab, _("File and metadata"))
        self.compare_tab = self.tabs.addTab(compare_tab, _("Original and clean copy"))
        self.content = QtWidgets.QWidget(self)
        inner = QtWidgets.QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.viewer, 2)
        # where the picture would be; scrolled, so its wrapped lines never grow the window
        self.chat_facts_scroll = QtWidgets.QScrollArea(self)
        self.chat_facts_scroll.setWidgetResizable(True)
        self.chat_facts_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.chat_facts_scroll.setWidget(self.chat_facts)
        self.chat_facts_scroll.setMinimumHeight(160)
        self.chat_facts_scroll.hide()
        inner.addWidget(self.chat_facts_scroll, 8)
        inner.addWidget(self.player)
        inner.addWidget(self.pages_strip)
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
        self.original_viewer.revealed.connect(self.clean_viewer.reveal)
        self.clean_viewer.revealed.connect(self.original_viewer.reveal)
        self.player.play_requested.connect(lambda at: self.play_requested.emit(self._item_id, at))
        self.player.pause_requested.connect(self.pause_requested.emit)
        self.player.seek_requested.connect(lambda at: self.seek_requested.emit(self._item_id, at))
        self.moments.moment_chosen.connect(
            lambda at: self.seek_requested.emit(self._item_id, at))
        self.moments.mark_requested.connect(self._on_moments_mark_requested)
        self.moments.delete_requested.connect(
            lambda mid: self.moment_delete_requested.emit(self._item_id, mid))
        self.pages_strip.currentRowChanged.connect(self._on_pages_strip_current_row_changed)
        self.open_chat_button.clicked.connect(lambda: self.chat_open_requested.emit(self._item_id))

    def set_blur_sensitive(self, blur: bool) -> None:
        self._blur_sensitive = blur

    def show_empty(self) -> None:
        self._item_id = 0
        self.viewer.clear()
        self.original_viewer.clear()
        self.clean_viewer.clear()
        self.content.hide()
        self.empty_label.show()

    def set_platform_names(self, names: dict[str, str]) -> None:
        """Platform keys' names in the interface language (for a received item's title)."""
        self._platform_names = dict(names)

    def refresh_display(self) -> None:
        """After the digits or Hijri option changed: the dates shown again, edits kept."""
        self.tag_editor.refresh_display()
        if self._provenance_of is not None:
            self.provenance_label.setText(provenance_text(*self._provenance_of))
            self.date_label.set_untrusted_text(
                _imported_when(self._provenance_of[0].get("imported_at")))

    def show_message(self, message: str) -> None:
        self.show_empty()
        self.empty_label.setText(message)

    def show_detail(self, detail: ItemDetail, *, sensitive: bool = False) -> None:
        rec: dict[str, Any] = detail.record
        self._item_id = detail.item_id
        self.empty_label.hide()
        self.content.show()
        self.name_label.set_untrusted_text(item_title(rec, detail.tags, self._platform_names))
        self.sha_label.set_untrusted_text(" ".join(textwrap.wrap(str(rec.get("sha256", "")), 4)))
        self.date_label.set_untrusted_text(_imported_when(rec.get("imported_at")))
        self.type_label.set_untrusted_text(str(rec.get("media_type", "")))
        blurred = sensitive and self._blur_sensitive
        self.viewer.set_image(detail.image, blurred=blurred)
        quarantined = _quarantine(rec)
        if quarantined:
            self.image_note.setText(quarantined)
        elif detail.playable and blurred:
            self.image_note.setText(_("This item is marked sensitive: it plays blurred until you "
                                      "click the picture."))
        elif detail.playable:
            self.image_note.setText(_("The clean copy plays here, from memory."))
        elif detail.image is None and detail.image_error == "recording":
            self.image_note.setText(_("No picture to show for this recording."))
        elif rec.get("kind") in ("video", "audio") and "sanitized" not in rec.get("copies", {}):
            self.image_note.setText(_("This recording has no clean copy, so it does not play "
                                      "here; its sealed original can be saved (with a warning)."))
        elif detail.image is None:
            self.image_note.setText(_("No picture to show: this item is kept as an attachment."))
        elif blurred:
            self.image_note.setText(_("This item is marked sensitive."))
        else:
            self.image_note.setText(_("Working copy, metadata removed."))
        self.removed_label.setText(removed_text(detail.removed, detail.metadata))
        self._show_recording(detail, blurred)
        self._show_chat(detail)
        self._show_compare(detail, blurred)
        self._provenance_of = (rec, list(detail.perpetrators), detail.held_by)
        prov = provenance_text(rec, detail.perpetrators, detail.held_by)
        self.provenance_label.setText(prov)
        self.provenance_label.setVisible(bool(prov))
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
        self.lens_panel.reset(detail.item_id, str(rec.get("kind") or ""))
        self.tabs.setTabVisible(self.lens_tab, rec.get("kind") in ("image", "document", "video"))

    def _show_chat(self, detail: ItemDetail) -> None:
        """A chat item: its facts and "Open chat" instead of the picture area and its zoom."""
        chat = detail.chat is not None
        if chat:
            self.chat_facts.show_chat(detail.chat, detail.metadata)
        self.chat_facts_scroll.setVisible(chat)
        self.open_chat_button.setVisible(chat)
        self.viewer.setVisible(not chat)
        if chat:
            self.image_note.setText("")  # nothing to say about a picture; it keeps its room
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setVisible(not chat and not detail.playable)
        self.tabs.setTabVisible(self.compare_tab, not chat)

    def _show_compare(self, detail: ItemDetail, blurred: bool) -> None:
        """Both copies, decoded in memory from the vault (never written to disk); a sensitive
        item stays blurred in both until clicked."""
        self.clean_viewer.set_image(detail.image, blurred=blurred)
        self.original_viewer.set_image(detail.original_image, blurred=blurred)
        if detail.image is None:
            self.compare_note.setText(_("There is no clean copy to compare."))
        elif detail.original_image is None:
            self.compare_note.setText(_("The original cannot be shown here (its format is not "
                                        "one this window draws); the clean copy is on the right."))
        else:
            self.compare_note.setText(_("The pixels are the same; only what is listed under "
                                        "\u201cWhat was removed\u201d differs.")
                                      if detail.record.get("pixels_equal") else "")

    def _show_recording(self, detail: ItemDetail, blurred: bool) -> None:
        """The player and the marked moments of a recording; a PDF's page pictures."""
        video = detail.record.get("kind") == "video"
        self.player.setVisible(detail.playable)
        # a recording's controls take the room of the zoom row and some of the picture's, so the
        # window still fits 1366x768 (tests/ui/test_player.py checks it)
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setVisible(not detail.playable)
        self.viewer.setMinimumHeight(100 if detail.playable else 160)
        self.tabs.setTabVisible(self.moments_tab, detail.playable)
        if detail.playable:
            self.player.set_recording(detail.duration_s, video=video, waveform=detail.waveform)
            self.moments.set_moments(detail.moments)
            self.moments.show_message("")
        self._veiled = blurred
        self._strip = []
        self._pages = list(detail.pages)
        self.pages_strip.clear()
        for page in self._pages:
            self.pages_strip.addItem(QtWidgets.QListWidgetItem(self._icon(page), ""))
        self.pages_strip.setVisible(bool(self._pages))
        if detail.image is None and self._pages:
            self.viewer.set_image(self._pages[0], blurred=blurred)

    def _icon(self, image: QtGui.QImage) -> QtGui.QIcon:
        """A small picture; pixelated beyond recognition while the item is veiled (sensitive)."""
        return QtGui.QIcon(QtGui.QPixmap.fromImage(self._veil(image) if self._veiled else image))

    # --- the player, from the playback flow ----------------------------------------------------
    @property
    def item_id(self) -> int:
        return self._item_id

    def show_picture(self, image: QtGui.QImage) -> None:
        self.viewer.replace_image(image)

    def set_filmstrip(self, pictures: list[Any]) -> None:
        self._strip = list(pictures)
        self.player.set_filmstrip([type(p)(p.at_s, self._veil(p.image)) if self._veiled else p
                                   for p in self._strip])

    def _veil(self, image: QtGui.QImage) -> QtGui.QImage:
        """``image`` pixelated beyond recognition (a sensitive item not yet revealed)."""
        tiny = image.scaled(6, 6, QtCore.Qt.AspectRatioMode.KeepAspectRatio)
        return tiny.scaled(image.width(), image.height())

    def set_moments(self, moments: list[Any]) -> None:
        self.moments.set_moments(moments)
        self.moments.marked()

    @QtCore.Slot(str)
    def _on_moments_mark_requested(self, label: str, end: str) -> None:
        self.mark_requested.emit(self._item_id, self.player.position_ms(), label, end)

    @QtCore.Slot(int)
    def _on_pages_strip_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._pages):
            self.viewer.set_image(self._pages[row], blurred=self._veiled)

    @QtCore.Slot()
    def _on_viewer_revealed(self) -> None:
        self.image_note.setText(_("Working copy, metadata removed."))
        if self._veiled:
            self._veiled = False
            for row, page in enumerate(self._pages):
                item = self.pages_strip.item(row)
                if item is not None:
                    item.setIcon(self._icon(page))
            self.set_filmstrip(self._strip)


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


def removed_text(removed: list[str], metadata: dict[str, Any]) -> str:
    """What was removed, grouped, in the interface language, each value isolated (it comes from
    the file); "Nothing needed removing." when the list is empty."""
    groups = render_removed(describe_removed(removed, metadata), _,
                            clean=lambda v: safe_text(v, max_len=120))
    if not groups:
        return _("Nothing needed removing.")
    lines = ["{group}: {things}".format(group=head, things=_("; ").join(phrases))
             for head, phrases in groups]
    return "\n".join(lines) + "\n" + _("— removed from the clean copy.")


def item_title(rec: dict[str, Any], tags: Any, platform_names: dict[str, str] | None = None) -> str:
    """The name of the original, else (a received item has none) platform · account · date
    posted, else "(no name)" — the platform by its name in the interface language ("إكس", not
    "x"). Plain text: the caller cleans it."""
    name = str(rec.get("original_name") or "")
    if name:
        return name
    parts = []
    if tags is not None:
        if getattr(tags, "platform", None):
            parts.append((platform_names or {}).get(str(tags.platform), str(tags.platform)))
        accounts = getattr(tags, "accounts", ()) or ()
        if accounts:
            parts.append(str(accounts[0].handle))
        if getattr(tags, "posted_at", None):
            parts.append(str(tags.posted_at)[:10])
    return " · ".join(parts) if parts else _("(no name)")


def _imported_when(value: object) -> str:
    """When the item was imported, in the local form and the display digits (``3 Dec 2026,
    12:49``); as stored when it is not an ISO date."""
    text = str(value or "")
    try:
        return card_date(text)
    except ValueError:
        return text[:19].replace("T", " ")


def _when(value: object) -> str:
    """A received-at instant in the local form and the display option's digits (``3 Dec 2026,
    12:49``); as stored, isolated, when it is not an ISO date."""
    text = str(value or "")
    try:
        return card_date(text)
    except ValueError:
        return safe_text(text[:16].replace("T", " "), ltr=True)


def provenance_text(rec: dict[str, Any], perpetrators: list[str],
                    held_by: list[dict[str, str]] | None = None) -> str:
    """For a received item: who sent it (the signing key's fingerprint in groups of four), which
    bundle (id and sequence) and when it was received; for any item, its perpetrators and the
    organisations that hold it by their signed receipts."""
    lines = []
    prov = rec.get("provenance")
    if isinstance(prov, dict) and prov.get("source") == "bundle":
        fp = "".join(ch for ch in str(prov.get("signer") or "") if ch.isalnum())
        grouped = " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))
        lines.append(_("Received from the sender with key {fingerprint}, bundle {bundle} (number "
                       "{seq}), on {date}.").format(
                           fingerprint=safe_text(grouped, ltr=True, max_len=120),
                           bundle=safe_text(str(prov.get("bundle_id") or "")[:13], ltr=True),
                           seq=safe_text(digits(str(prov.get("bundle_seq") or "?")), ltr=True),
                           date=_when(prov.get("received_at"))))
    for held in (held_by or [])[:6]:
        lines.append(_("Received by {organisation} on {date} (signed receipt).").format(
            organisation=safe_text(held.get("organisation", ""), max_len=80),
            date=_when(held.get("received_at"))))
    if perpetrators:
        lines.append(_("Perpetrators: {names}").format(
            names=_(", ").join(safe_text(p, max_len=80) for p in perpetrators[:6])))
    return "\n".join(lines)

