# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The main window: sidebar, evidence grid/table with search, detail panel, import, lock.

It reads the controller's state and emits intent; the controller does the work. Drops of files
and folders and Ctrl+V of a screenshot start imports; Ctrl+L locks; the panic shortcut hides the
window first and locks in the same event.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from app.textsafety import ltr_isolate
from ui import keys, style
from ui.dialogs.about import LOCK_SHORTCUT, PANIC_SHORTCUT
from ui.i18n import _, ngettext
from ui.jobs.evidence import ItemDetail
from ui.models.evidence_filter import EvidenceFilterModel
from ui.models.evidence_table import EvidenceTableModel, ItemIdRole, SensitiveRole
from ui.views.evidence_detail import EvidenceDetailView
from ui.views.evidence_list import GRID, TABLE, EvidenceListView
from ui.views.sidebar import SidebarView
from ui.widgets import file_picker
from ui.widgets.date_field import count_text
from ui.widgets.lens_status import LensStatusWidget
from ui.widgets.progress_row import ProgressRowWidget
from ui.widgets.toolbar_fit import ToolbarFit
from ui.windows.start_window import window_title

if TYPE_CHECKING:
    from app.cases import ItemQuery
    from app.tasks import Progress


class MainWindow(QtWidgets.QMainWindow):
    """Emits:
        import_requested(list, str): paths and method ("file", "folder", "drop").
        paste_requested(QImage): an image from the clipboard.
        lock_requested(): Ctrl+L or the toolbar button.
        panic_requested(): the panic shortcut (the window is already hidden).
        item_chosen(int): show this item's detail.
        search_requested(str): the search text, after typing pauses.
        filter_requested(dict): a sidebar entry's ItemQuery fields ({} for all evidence).
        export_requested(list): the selected item ids (may be empty).
        report_requested(list): the selected item ids (may be empty).
        receive_requested(): open the receive dialog.
        import_cancel_requested(), settings_requested(), about_requested().
        guide_requested(): More › Getting started (the first-run guide again).
        viewing_sensitive(bool): she now sees (True) an item flagged graphic or intimate — not
            blurred, or revealed with a click — or no longer does (the break reminder counts
            that time).
        passphrase_requested(): open the change-passphrase dialog.
        case_edit_requested(int), perpetrator_edit_requested(int): an id, 0 for a new one.
        timeline_requested(int): a case id.
        address_book_requested(): open the recipient address book.
        outbox_requested(), contacts_requested(): the outbox, the destinations (issue 18).
        filter_save_requested(str): save the search and filter now shown under this name.
        saved_filter_delete_requested(int): a saved filter's id.
        thumbnails_wanted(list): item ids whose thumbnails the evidence view is about to paint.
        item_save_requested(int, bool): "Save clean copy…" (False) / "Save original…" (True).
        items_delete_requested(list): "Delete…" on these item ids (the flow confirms).
        tag_requested(int, object), category_create_requested(str, str),
        report_add_requested(int, object), report_update_requested(int, int, object): the
            detail panel's tag editor (see ``ui.views.tag_editor``).
        play_requested(int, float), pause_requested(), seek_requested(int, float),
        mark_requested(int, int, str, str), moment_delete_requested(int, int): the detail panel's
            player and marked moments (see ``ui.views.evidence_detail``).
        chat_open_requested(int): open the chat view of a chat item (double-click, or the
            detail panel's "Open chat").
        ocr_correct_requested(int, str), similar_requested(int), lens_retry_requested(),
        lens_pause_requested(bool), campaign_requested(int): the lens (``ui.flows.lens_flow``):
            "Correct text…", "Find similar…" and "Try again" of the detail panel, Pause/Resume
            in the status bar, the campaign dialog on a tab (0 reposts, 1 accounts, 2
            escalation).

    Everything shown comes in through the methods below (``set_rows``, ``set_sidebar_entries``,
    ``show_detail``, ``set_tag_saving`` …): nothing outside the window reaches into its
    children.
    """

    import_requested = QtCore.Signal(list, str)
    paste_requested = QtCore.Signal(QtGui.QImage)
    lock_requested = QtCore.Signal()
    panic_requested = QtCore.Signal()
    item_chosen = QtCore.Signal(int)
    search_requested = QtCore.Signal(str)
    filter_requested = QtCore.Signal(object)
    import_cancel_requested = QtCore.Signal()
    export_requested = QtCore.Signal(list)
    report_requested = QtCore.Signal(list)
    receive_requested = QtCore.Signal()
    settings_requested = QtCore.Signal()
    about_requested = QtCore.Signal()
    guide_requested = QtCore.Signal()
    viewing_sensitive = QtCore.Signal(bool)
    passphrase_requested = QtCore.Signal()
    case_edit_requested = QtCore.Signal(int)
    perpetrator_edit_requested = QtCore.Signal(int)
    timeline_requested = QtCore.Signal(int)
    address_book_requested = QtCore.Signal()
    outbox_requested = QtCore.Signal()
    contacts_requested = QtCore.Signal()
    filter_save_requested = QtCore.Signal(str)
    saved_filter_delete_requested = QtCore.Signal(int)
    thumbnails_wanted = QtCore.Signal(list)
    item_save_requested = QtCore.Signal(int, bool)
    items_delete_requested = QtCore.Signal(list)
    tag_requested = QtCore.Signal(int, object)
    tag_then_select_requested = QtCore.Signal(int, object, int)
    batch_tag_requested = QtCore.Signal(object, object)
    category_create_requested = QtCore.Signal(str, str)
    report_add_requested = QtCore.Signal(int, object)
    report_update_requested = QtCore.Signal(int, int, object)
    play_requested = QtCore.Signal(int, float)
    pause_requested = QtCore.Signal()
    seek_requested = QtCore.Signal(int, float)
    mark_requested = QtCore.Signal(int, int, str, str)
    moment_delete_requested = QtCore.Signal(int, int)
    chat_open_requested = QtCore.Signal(int)
    ocr_correct_requested = QtCore.Signal(int, str)
    similar_requested = QtCore.Signal(int)
    lens_pause_requested = QtCore.Signal(bool)
    lens_retry_requested = QtCore.Signal()
    campaign_requested = QtCore.Signal(int)

    def __init__(self, *, neutral_title: bool = False, blur_sensitive: bool = True,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title(neutral_title))
        self.setAcceptDrops(True)
        self.model = EvidenceTableModel(self)
        self.model.set_blur_sensitive(blur_sensitive)
        self.proxy = EvidenceFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._build_ui()
        self._connect_signals()
        self.detail.set_blur_sensitive(blur_sensitive)
        self.resize(1200, 760)

    # --- construction --------------------------------------------------------------------------
    # The window's widgets are built in one place, top to bottom, as they appear.
    def _build_ui(self) -> None:  # noqa: PLR0915
        self.toolbar = QtWidgets.QToolBar(_("Main"), self)
        self.toolbar.setMovable(False)
        # icons beside the words, never instead of them
        self.toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QtCore.QSize(18, 18))
        self.addToolBar(self.toolbar)
        self.import_files_action = QtGui.QAction(_("Import files…"), self)
        # Ctrl+O as everywhere, Ctrl+I for "import" (the keys: ui.keys)
        self.import_files_action.setShortcuts(keys.sequences(keys.IMPORT))
        self.import_folder_action = QtGui.QAction(_("Import folder…"), self)
        self.paste_action = QtGui.QAction(_("Paste screenshot"), self)
        self.paste_action.setShortcut(QtGui.QKeySequence.StandardKey.Paste)
        self.export_action = QtGui.QAction(_("Export…"), self)
        self.report_action = QtGui.QAction(_("Report…"), self)
        self.receive_action = QtGui.QAction(_("Receive…"), self)
        self.find_action = QtGui.QAction(_("Search the evidence"), self)
        self.addAction(self.find_action)
        for action, name in ((self.export_action, keys.EXPORT), (self.report_action, keys.REPORT),
                             (self.receive_action, keys.RECEIVE), (self.find_action, keys.FIND)):
            action.setShortcuts(keys.sequences(name))
        for action, name in ((self.import_files_action, keys.IMPORT),
                             (self.export_action, keys.EXPORT), (self.report_action, keys.REPORT),
                             (self.receive_action, keys.RECEIVE)):  # the key where she points
            action.setToolTip(_("{action} ({keys})").format(
                action=action.text().rstrip("…"), keys=ltr_isolate(keys.KEYS[name][0])))
        self.grid_action = QtGui.QAction(_("Grid"), self)
        self.table_action = QtGui.QAction(_("Table"), self)
        for action in (self.grid_action, self.table_action):
            action.setCheckable(True)
        self.view_group = QtGui.QActionGroup(self)
        self.view_group.addAction(self.grid_action)
        self.view_group.addAction(self.table_action)
        self.grid_action.setChecked(True)
        self.lock_action = QtGui.QAction(_("Lock"), self)
        self.lock_action.setShortcut(QtGui.QKeySequence(LOCK_SHORTCUT))
        self.lock_action.setShortcutContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
        self.panic_action = QtGui.QAction(_("Hide and lock"), self)
        self.panic_action.setShortcut(QtGui.QKeySequence(PANIC_SHORTCUT))
        self.panic_action.setShortcutContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
        self.addAction(self.panic_action)
        self.new_case_action = QtGui.QAction(_("New case…"), self)
        self.new_perpetrator_action = QtGui.QAction(_("New perpetrator…"), self)
        self.save_filter_action = QtGui.QAction(_("Save this search…"), self)
        self.address_book_action = QtGui.QAction(_("Address book…"), self)
        self.outbox_action = QtGui.QAction(_("Outbox…"), self)
        self.contacts_action = QtGui.QAction(_("Destinations…"), self)
        self.organise_menu = QtWidgets.QMenu(_("Organise"), self)
        for action in (self.new_case_action, self.new_perpetrator_action,
                       self.save_filter_action, self.address_book_action, self.outbox_action,
                       self.contacts_action):
            self.organise_menu.addAction(action)
        self.organise_menu.addSeparator()  # the campaign lens (ui.dialogs.campaign)
        self.lens_actions = [self.organise_menu.addAction(text) for text in (
            _("Reposts of the same picture…"), _("Accounts…"), _("Escalation…"))]
        self.settings_action = QtGui.QAction(_("Settings"), self)
        self.passphrase_action = QtGui.QAction(_("Passphrase…"), self)
        self.about_action = QtGui.QAction(_("About"), self)
        self.guide_action = QtGui.QAction(_("Getting started"), self)
        self.search_edit = QtWidgets.QLineEdit(self)
        self.search_edit.setPlaceholderText(_("Search the evidence"))
        self.search_edit.setAccessibleName(_("Search the evidence"))
        self.search_edit.setToolTip(_("Search descriptions, notes, accounts, names"))
        self.search_timer = QtCore.QTimer(self)  # debounce: one query when typing pauses
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(250)
        self.search_edit.setClearButtonEnabled(True)
        # Lock and Hide and lock first: where the eye starts, never in the toolbar's overflow
        self.toolbar.addAction(self.panic_action)
        self.toolbar.addAction(self.lock_action)
        self.toolbar.addSeparator()
        for action in (self.import_files_action, self.import_folder_action, self.paste_action,
                       self.export_action, self.report_action, self.receive_action):
            self.toolbar.addAction(action)
        self.organise_button = QtWidgets.QToolButton(self)
        self.organise_button.setText(_("Organise"))
        self.organise_button.setMenu(self.organise_menu)
        self.organise_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(self.organise_button)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.grid_action)
        self.toolbar.addAction(self.table_action)
        spacer = QtWidgets.QWidget(self)
        spacer.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                             QtWidgets.QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        # the rarer actions in one menu: the toolbar fits a 1366-px screen in both languages
        self.more_menu = QtWidgets.QMenu(_("More"), self)
        for action in (self.settings_action, self.passphrase_action, self.guide_action,
                       self.about_action):
            self.more_menu.addAction(action)
        self.more_button = QtWidgets.QToolButton(self)
        self.more_button.setText(_("More"))
        self.more_button.setMenu(self.more_menu)
        self.more_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addWidget(self.more_button)
        self._apply_icons()
        self.organise_button.setToolButtonStyle(
            QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # a narrow screen (1280 px at 125 %): icons only, these first, rather than an overflow
        self.toolbar_fit = ToolbarFit(self.toolbar, (
            (self.grid_action, self.table_action), self.more_button, self.organise_button,
            self.paste_action, self.import_folder_action, self.receive_action,
            self.report_action, self.export_action, self.import_files_action))
        self.panic_action.setToolTip(
            _("Hide every window and lock at once ({keys})").format(
                keys=ltr_isolate(PANIC_SHORTCUT)))
        self.lock_action.setToolTip(
            _("Lock the vault ({keys})").format(keys=ltr_isolate(LOCK_SHORTCUT)))

        self.sidebar = SidebarView(self)
        self.evidence = EvidenceListView(self.proxy, self)
        self.detail = EvidenceDetailView(self)
        self.empty_hint = QtWidgets.QLabel(
            _("No evidence yet. Drop files or folders here, choose Import, or paste a "
              "screenshot with Ctrl+V."), self)
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        middle = QtWidgets.QWidget(self)
        mid_layout = QtWidgets.QVBoxLayout(middle)
        mid_layout.setContentsMargins(0, 0, 0, 0)
        # over the list it searches, always in view: in the toolbar it went into the overflow
        # of a narrow window (1280 px at 125 %), where Ctrl+F could not reach it
        mid_layout.addWidget(self.search_edit)
        mid_layout.addWidget(self.empty_hint)
        mid_layout.addWidget(self.evidence, 1)
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setChildrenCollapsible(False)
        # the list stays usable whatever the detail panel holds, and the three fit a window
        # narrower than the field laptop's (an 800-px-wide screen: 140 + 320 + 320 + handles)
        self.sidebar.setMinimumWidth(140)
        middle.setMinimumWidth(320)
        self.detail.setMinimumWidth(320)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setSizes([200, 580, 500])
        self.setCentralWidget(self.splitter)
        self.progress_row = ProgressRowWidget(self)
        self.statusBar().addPermanentWidget(self.progress_row, 1)
        self.lens_status = LensStatusWidget(self)
        self.statusBar().addPermanentWidget(self.lens_status)
        self.count_label = QtWidgets.QLabel(self)
        self.statusBar().addWidget(self.count_label)

    def _apply_icons(self) -> None:
        """The toolbar's icons, drawn in the palette's text colour (again when the theme
        changes: dark icons on a dark toolbar would vanish)."""
        for action, name in ((self.import_files_action, "import-files"),
                             (self.import_folder_action, "import-folder"),
                             (self.paste_action, "paste"), (self.export_action, "export"),
                             (self.report_action, "report"), (self.receive_action, "receive"),
                             (self.grid_action, "grid"), (self.table_action, "table"),
                             (self.settings_action, "settings"),
                             (self.passphrase_action, "passphrase"),
                             (self.about_action, "about"), (self.lock_action, "lock"),
                             (self.panic_action, "hide-and-lock")):
            action.setIcon(style.icon(name))
        self.organise_button.setIcon(style.icon("organise"))
        self.more_button.setIcon(style.icon("settings"))

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QtCore.QEvent.Type.PaletteChange,
                            QtCore.QEvent.Type.ApplicationPaletteChange):
            self._apply_icons()

    def _connect_signals(self) -> None:
        self.import_files_action.triggered.connect(self._on_import_files_action_triggered)
        self.import_folder_action.triggered.connect(self._on_import_folder_action_triggered)
        self.paste_action.triggered.connect(self._on_paste_action_triggered)
        self.grid_action.triggered.connect(lambda: self.evidence.set_mode(GRID))
        self.table_action.triggered.connect(lambda: self.evidence.set_mode(TABLE))
        self.lock_action.triggered.connect(self.lock_requested.emit)
        self.export_action.triggered.connect(
            lambda: self.export_requested.emit(self.evidence.selected_ids()))
        self.receive_action.triggered.connect(self.receive_requested.emit)
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.report_action.triggered.connect(
            lambda: self.report_requested.emit(self.evidence.selected_ids()))
        self.panic_action.triggered.connect(self._on_panic_action_triggered)
        self.settings_action.triggered.connect(self.settings_requested.emit)
        self.passphrase_action.triggered.connect(self.passphrase_requested.emit)
        self.about_action.triggered.connect(self.about_requested.emit)
        self.guide_action.triggered.connect(self.guide_requested.emit)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_timer_timeout)
        self.search_timer.timeout.connect(self._on_search_timer_timeout)
        self.evidence.item_selected.connect(self._on_evidence_item_selected)
        self.evidence.save_copy_requested.connect(self.item_save_requested.emit)
        self.evidence.delete_requested.connect(self.items_delete_requested.emit)
        self.evidence.similar_requested.connect(self.similar_requested.emit)
        self.sidebar.filter_chosen.connect(self.filter_requested.emit)
        self.sidebar.saved_filter_chosen.connect(self._on_sidebar_saved_filter_chosen)
        self.sidebar.case_edit_requested.connect(self.case_edit_requested.emit)
        self.sidebar.perpetrator_edit_requested.connect(self.perpetrator_edit_requested.emit)
        self.sidebar.timeline_requested.connect(self.timeline_requested.emit)
        self.sidebar.saved_filter_delete_requested.connect(self.saved_filter_delete_requested.emit)
        self.new_case_action.triggered.connect(lambda: self.case_edit_requested.emit(0))
        self.new_perpetrator_action.triggered.connect(
            lambda: self.perpetrator_edit_requested.emit(0))
        self.address_book_action.triggered.connect(self.address_book_requested.emit)
        self.outbox_action.triggered.connect(self.outbox_requested.emit)
        self.contacts_action.triggered.connect(self.contacts_requested.emit)
        self.save_filter_action.triggered.connect(self._on_save_filter_action_triggered)
        self.progress_row.cancel_requested.connect(self.import_cancel_requested.emit)
        self.lens_status.pause_requested.connect(self.lens_pause_requested.emit)
        self.detail.lens_panel.correct_requested.connect(self.ocr_correct_requested.emit)
        self.detail.lens_panel.similar_requested.connect(self.similar_requested.emit)
        self.detail.lens_panel.retry_requested.connect(self.lens_retry_requested.emit)
        for tab, action in enumerate(self.lens_actions):
            action.triggered.connect(lambda _c=False, t=tab: self.campaign_requested.emit(t))
        self.model.thumbnails_wanted.connect(self.thumbnails_wanted.emit)
        editor = self.detail.tag_editor
        editor.tag_requested.connect(self.tag_requested.emit)
        editor.tag_next_requested.connect(self._on_tag_editor_tag_next_requested)
        editor.batch_tag_requested.connect(self.batch_tag_requested.emit)
        editor.step_requested.connect(self.step_selection)
        self.evidence.grid.selectionModel().selectionChanged.connect(
            self._on_evidence_selection_changed)
        editor.category_create_requested.connect(self.category_create_requested.emit)
        editor.report_add_requested.connect(self.report_add_requested.emit)
        editor.report_update_requested.connect(self.report_update_requested.emit)
        self.detail.viewer.revealed.connect(lambda: self.viewing_sensitive.emit(True))
        player = self.detail
        player.play_requested.connect(self.play_requested.emit)
        player.pause_requested.connect(self.pause_requested.emit)
        player.seek_requested.connect(self.seek_requested.emit)
        player.mark_requested.connect(self.mark_requested.emit)
        player.moment_delete_requested.connect(self.moment_delete_requested.emit)
        player.chat_open_requested.connect(self.chat_open_requested.emit)
        self.evidence.grid.doubleClicked.connect(self._on_evidence_double_clicked)
        self.evidence.table.doubleClicked.connect(self._on_evidence_double_clicked)
        self.proxy.rowsInserted.connect(self._update_counts)
        self.proxy.rowsRemoved.connect(self._update_counts)
        self.proxy.modelReset.connect(self._update_counts)
        self.proxy.layoutChanged.connect(self._update_counts)

    # --- state in ------------------------------------------------------------------------------
    def set_rows(self, rows: list, *, unfiltered: bool = False) -> None:
        self.model.set_rows(rows)
        if unfiltered:
            self.sidebar.set_total(len(rows))

    def append_rows(self, rows: list, *, unfiltered: bool = False) -> None:
        self.model.append_rows(rows)
        if unfiltered:
            self.sidebar.set_total(self.model.rowCount())

    def select_item(self, item_id: int) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.row_for(row).item_id == item_id:
                proxy_row = self.proxy.mapFromSource(self.model.index(row, 0)).row()
                self.evidence.select_row(proxy_row)
                return True
        return False

    def step_selection(self, delta: int) -> int:
        """Select the next (+1) or previous (-1) item of the list as shown; its id, or -1."""
        item_id = self._neighbour_id(delta)
        if item_id >= 0:
            self.select_item(item_id)
        return item_id

    def _neighbour_id(self, delta: int) -> int:
        current = self.evidence.grid.selectionModel().currentIndex()
        row = (current.row() + delta) if current.isValid() else 0
        if not 0 <= row < self.proxy.rowCount():
            return -1
        return int(self.proxy.index(row, 0).data(ItemIdRole))

    @QtCore.Slot(int, object)
    def _on_tag_editor_tag_next_requested(self, item_id: int, changes: object) -> None:
        """Save, then select the next item once the list reloads (the last one stays)."""
        after = self._neighbour_id(1)
        self.tag_then_select_requested.emit(item_id, changes, after if after >= 0 else item_id)

    @QtCore.Slot()
    def _on_evidence_selection_changed(self) -> None:
        self.detail.tag_editor.set_batch(self.evidence.selected_ids())

    def add_thumbnails(self, images: dict) -> None:
        self.model.add_thumbnails(images)

    def show_detail(self, detail: ItemDetail) -> None:
        current = self.evidence.grid.selectionModel().currentIndex()
        sensitive = bool(current.data(SensitiveRole)) if current.isValid() else False
        self.detail.show_detail(detail, sensitive=sensitive)
        self.viewing_sensitive.emit(sensitive and not self.detail.viewer.blurred)

    # the player of the item shown (ui.flows.playback_flow)
    def player_item(self) -> int:
        """The item the detail panel shows (0: none)."""
        return self.detail.item_id

    def show_player_picture(self, image: QtGui.QImage) -> None:
        self.detail.show_picture(image)

    def set_player_position(self, seconds: float) -> None:
        self.detail.player.set_position(seconds)

    def set_player_playing(self, playing: bool) -> None:
        self.detail.player.set_playing(playing)

    def set_player_audio(self, status: str) -> None:
        self.detail.player.set_audio_status(status)

    def set_player_filmstrip(self, pictures: list) -> None:
        self.detail.set_filmstrip(pictures)

    def set_player_moments(self, moments: list) -> None:
        self.detail.set_moments(moments)

    # the lens (ui.flows.lens_flow)
    def show_lens(self, view: object, message_for: object = None) -> None:
        self.detail.lens_panel.show_lens(view, message_for)

    def show_lens_progress(self, done: int, total: int) -> None:
        self.lens_status.show_progress(done, total)

    def set_lens_paused(self, paused: bool, waiting: int = 0) -> None:
        self.lens_status.set_paused(paused, waiting)

    def show_moment_message(self, message: str) -> None:
        self.detail.moments.show_message(message)

    def show_detail_message(self, message: str) -> None:
        self.detail.show_message(message)

    def set_sidebar_entries(self, entries: dict) -> None:
        """Sidebar sections (``ui.jobs.evidence.load_sidebar``); the platform names for the list
        and the choices of the tag editor follow from them."""
        self.sidebar.set_entries(entries)
        names = {f["platforms"][0]: label for label, f, _n in entries.get("platforms", [])}
        self.model.set_platform_names(names)
        self.detail.set_platform_names(names)
        cases = [label for label, _f, _n in entries.get("cases", [])]
        categories = [(f["categories"][0], label) for label, f, _n in entries.get("categories", [])]
        self.detail.tag_editor.set_choices(list(names.items()), cases, categories)

    def set_saved_filters(self, filters: list) -> None:
        self.sidebar.set_saved_filters(filters)

    def set_tag_saving(self, saving: bool, message: str = "") -> None:
        self.detail.tag_editor.set_saving(saving, message)

    def tag_category_created(self, key: str) -> None:
        self.detail.tag_editor.category_created(key)

    def set_platform_reports(self, item_id: int, reports: list) -> None:
        self.detail.tag_editor.set_reports(item_id, reports)

    def show_platform_report_message(self, message: str) -> None:
        self.detail.tag_editor.show_report_message(message)

    def refresh_display(self) -> None:
        """The digits or Hijri option changed: cards, sidebar counts and the detail's dates
        follow at once, without reloading anything."""
        self.model.refresh_display()
        self.sidebar.refresh_display()
        self.detail.refresh_display()
        self._update_counts()

    def set_blur_sensitive(self, blur: bool) -> None:
        self.model.set_blur_sensitive(blur)
        self.detail.set_blur_sensitive(blur)

    def show_status(self, message: str, msecs: int = 0) -> None:
        self.statusBar().showMessage(message, msecs)

    def show_import_progress(self, progress: Progress) -> None:
        self.progress_row.update_progress(progress)

    def clear(self) -> None:
        """Drop every row and thumbnail (at lock, before the window closes)."""
        self.model.clear()

    def set_import_running(self, running: bool) -> None:
        for action in (self.import_files_action, self.import_folder_action, self.paste_action):
            action.setEnabled(not running)
        if running:
            self.progress_row.start(_("Importing…"))
        else:
            self.progress_row.finish()

    @QtCore.Slot()
    def _update_counts(self, *_args: object) -> None:
        shown = self.proxy.rowCount()
        self.count_label.setText(ngettext("{count} item", "{count} items", shown).format(
            count=count_text(shown)))
        self.empty_hint.setVisible(shown == 0 and not self.search_edit.text())

    # --- intent out ----------------------------------------------------------------------------
    @QtCore.Slot()
    def _on_import_files_action_triggered(self) -> None:
        paths = file_picker.choose(self, _("Choose files to import"), many=True)
        if paths:
            self.import_requested.emit(paths, "file")

    @QtCore.Slot()
    def _on_import_folder_action_triggered(self) -> None:
        paths = file_picker.choose(self, _("Choose a folder to import"), folder=True)
        if paths:
            self.import_requested.emit(paths, "folder")

    @QtCore.Slot()
    def _on_paste_action_triggered(self) -> None:
        image = QtGui.QGuiApplication.clipboard().image()
        if image.isNull():
            self.statusBar().showMessage(_("There is no picture on the clipboard."), 5000)
            return
        self.paste_requested.emit(image)

    @QtCore.Slot()
    def _on_panic_action_triggered(self) -> None:
        self.hide()  # first: nothing stays on screen while the vault locks
        self.panic_requested.emit()

    @QtCore.Slot()
    def _on_find_action_triggered(self) -> None:
        self.search_edit.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @QtCore.Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self.search_timer.start()

    @QtCore.Slot()
    def _on_search_timer_timeout(self) -> None:
        self.search_timer.stop()
        self.search_requested.emit(self.search_edit.text().strip())

    @QtCore.Slot(object)
    def _on_sidebar_saved_filter_chosen(self, query: ItemQuery) -> None:
        """Show a saved ItemQuery: its text goes into the search box, the rest is the filter."""
        fields = {f.name: getattr(query, f.name) for f in dataclasses.fields(query)
                  if f.name not in ("text", "limit", "offset")
                  and getattr(query, f.name) != f.default}
        self.search_edit.blockSignals(True)
        self.search_edit.setText(query.text)
        self.search_edit.blockSignals(False)
        self.filter_requested.emit(fields)
        self.search_requested.emit(query.text)

    @QtCore.Slot()
    def _on_save_filter_action_triggered(self) -> None:
        name, ok = QtWidgets.QInputDialog.getText(self, _("Save this search"), _("Name:"))
        if ok and name.strip():
            self.filter_save_requested.emit(name.strip())

    @QtCore.Slot(QtCore.QModelIndex)
    def _on_evidence_double_clicked(self, index: QtCore.QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid() and self.model.row_for(source.row()).kind == "chat":
            self.chat_open_requested.emit(self.model.row_for(source.row()).item_id)

    @QtCore.Slot(int)
    def _on_evidence_item_selected(self, item_id: int) -> None:
        if item_id < 0:
            self.detail.show_empty()
            self.viewing_sensitive.emit(False)
        else:
            self.item_chosen.emit(item_id)

    # --- drag and drop -------------------------------------------------------------------------
    @staticmethod
    def _local_paths(mime: QtCore.QMimeData) -> list[Path]:
        if not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def _accept_local_files(self, event: QtGui.QDragMoveEvent) -> None:
        if self._local_paths(event.mimeData()) and self.import_files_action.isEnabled():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        self._accept_local_files(event)

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        self._accept_local_files(event)

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        paths = self._local_paths(event.mimeData())
        if paths and self.import_files_action.isEnabled():
            event.acceptProposedAction()
            self.import_requested.emit(paths, "drop")
        else:
            event.ignore()
