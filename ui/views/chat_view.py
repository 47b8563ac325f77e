# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The chat view: one chat export's messages as bubbles, with search, jump to date, and the
selected messages tagged as evidence or saved as an excerpt (issue 14).

One QListView over :class:`ui.models.chat_messages.ChatMessagesModel` and one delegate that paints
every bubble (no widget per message: 100,000 messages scroll as smoothly as 100). A bubble's
height depends only on its own text (the text wraps at a fixed width), so it is measured once and
cached; the list lays the rows out in batches while she already reads the first page.

Each message keeps its own direction: an Arabic message is laid out right to left, an English one
left to right, whatever the interface language; bubbles sit on the interface's starting side.
Authors' names have a colour of their own (:func:`ui.models.chat_messages.author_colour`, the same
for a name in every session). Times are shown as the export wrote them, in the display option's
digits (:func:`ui.widgets.date_field.digits`). Every text from the export is untrusted: it was
cleaned when the row was made and is painted as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.errors import AppError
from app.textsafety import ltr_isolate
from ui.i18n import _, ngettext
from ui.models.chat_messages import (
    ChatMessagesModel,
    ChatRow,
    DirectionRole,
    IndexRole,
    MessageRole,
    author_colour,
)
from ui.widgets.date_field import DateFieldWidget, digits
from ui.widgets.secure_label import SecureLabel, safe_text, ui_direction_mark

if TYPE_CHECKING:
    from app.chats.query import Chat

TEXT_WIDTH = 440   # a bubble's text wraps here: its height then depends on its text only
PAD = 8            # inside a bubble
GAP = 3            # between bubbles
GROUP_GAP = 14     # above each search hit's group
EDGE = 10          # from the view's edge

_WRAP = int(QtCore.Qt.TextFlag.TextWordWrap)


def _kind_word(kind: str) -> str:
    return {"photo": _("Picture"), "video": _("Video"), "voice": _("Voice message"),
            "audio": _("Audio"), "sticker": _("Sticker"),
            "document": _("Document")}.get(kind, _("Media"))


def attachment_line(name: str, kind: str, item_id: int | None) -> str:
    """How a message's medium is said under its text."""
    what = _kind_word(kind)
    if item_id is not None:
        return _("{what}: {name} — item {item}").format(
            what=what, name=safe_text(name or "-"), item=digits(str(item_id)))
    if name:
        return _("{what}: {name} (not in the export)").format(what=what, name=safe_text(name))
    return _("{what} left out of the export").format(what=what)


def time_text(sent_at: str) -> str:
    """``2024-03-02T09:01:00`` → ``2/3/2024 09:01`` (day first), in the display digits."""
    if len(sent_at) < 16:
        return digits(sent_at)
    y, m, d = sent_at[:4], sent_at[5:7], sent_at[8:10]
    return digits(f"{int(d)}/{int(m)}/{y} {sent_at[11:16]}")


def meta_text(row: ChatRow) -> str:
    """The small line beside the author: the message number and its time."""
    parts = [ltr_isolate(digits(f"#{row.index}")), ltr_isolate(time_text(row.sent_at))]
    if row.edited:
        parts.append(_("edited"))
    return " · ".join(p for p in parts if p)


def flag_lines(row: ChatRow) -> list[str]:
    lines = []
    if row.forwarded_from:
        lines.append(_("Forwarded from {name}").format(name=safe_text(row.forwarded_from)))
    if row.deleted:
        lines.append(_("This message was deleted"))
    return lines


def _fonts_for(font: QtGui.QFont) -> tuple[QtGui.QFont, QtGui.QFont, QtGui.QFont]:
    """The text, author (bold) and small fonts of a bubble."""
    bold = QtGui.QFont(font)
    bold.setBold(True)
    small = QtGui.QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
    return QtGui.QFont(font), bold, small


def text_rect(metrics: QtGui.QFontMetrics, text: str) -> QtCore.QRect:
    """The box ``text`` takes wrapped at :data:`TEXT_WIDTH`."""
    if not text:
        return QtCore.QRect(0, 0, 0, 0)
    if "\n" not in text:  # most messages are one short line: no wrapping layout needed
        width = metrics.horizontalAdvance(text)
        if width < TEXT_WIDTH - 4:
            return QtCore.QRect(0, 0, width + 3, metrics.height())
    return metrics.boundingRect(QtCore.QRect(0, 0, TEXT_WIDTH, 1 << 24), _WRAP, text)


def bubble_height(row: ChatRow, metrics: tuple[QtGui.QFontMetrics, ...]) -> int:
    """The height of a row's bubble (its text only decides: the width is fixed)."""
    fm_base, fm_bold, fm_small = metrics
    top = GAP + (GROUP_GAP if row.first_of_hit else 0)
    if row.system:
        return top + text_rect(fm_small, row.text).height() + 2 * 4 + GAP
    text_h = text_rect(fm_base, row.text).height()
    lines = len(row.attachments) + bool(row.forwarded_from) + row.deleted
    extra = lines * fm_small.height()
    head_h = max(fm_bold.height(), fm_small.height())
    return top + PAD + head_h + (4 + text_h if text_h else 0) + \
        (4 + extra if extra else 0) + PAD + GAP


class BubbleMeasure:
    """Measures rows' heights in a worker, while the list shows the rows it has: the font is
    copied (a value), its metrics are made in the thread that measures (Qt's font caches are per
    thread), so the GUI thread only looks the heights up."""

    def __init__(self, font: QtGui.QFont) -> None:
        self.font = QtGui.QFont(font)
        self._metrics: tuple[QtGui.QFontMetrics, ...] | None = None

    def __call__(self, rows: list[ChatRow]) -> list[int]:
        if self._metrics is None:
            self._metrics = tuple(QtGui.QFontMetrics(f) for f in _fonts_for(self.font))
        return [bubble_height(r, self._metrics) for r in rows]


class ChatBubbleDelegate(QtWidgets.QStyledItemDelegate):
    """Paints one message as a bubble (a system line as a centred note)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}  # model row → height (rows are only appended)
        self.measured_here = 0  # rows measured on the GUI thread (the rest came measured)
        self._font = QtGui.QFont()
        self._set_fonts(self._font)

    def clear_cache(self) -> None:
        """The model was reset: its rows are other messages."""
        self._heights.clear()

    def use_font(self, font: QtGui.QFont) -> None:
        if font != self._font:
            self._set_fonts(font)

    def measurer(self) -> BubbleMeasure:
        return BubbleMeasure(self._font)

    def add_heights(self, first_row: int, heights: list[int], font: QtGui.QFont) -> None:
        """Heights measured elsewhere for rows ``first_row``…, in ``font`` (dropped when the
        delegate paints in another font by now)."""
        if font == self._font:
            self._heights.update(zip(range(first_row, first_row + len(heights)), heights,
                                     strict=True))

    # --- fonts and measures ------------------------------------------------------------------
    def _set_fonts(self, font: QtGui.QFont) -> None:
        self._font = QtGui.QFont(font)
        self._fonts_ = _fonts_for(font)
        self._fm = tuple(QtGui.QFontMetrics(f) for f in self._fonts_)
        self._heights.clear()

    def _fonts(self, option: QtWidgets.QStyleOptionViewItem
               ) -> tuple[QtGui.QFont, QtGui.QFont, QtGui.QFont]:
        if option.font != self._font:  # another font: every height again
            self._set_fonts(option.font)
        return self._fonts_

    def _text_rect(self, metrics: QtGui.QFontMetrics, text: str) -> QtCore.QRect:
        return text_rect(metrics, text)

    def _extra_lines(self, row: ChatRow) -> list[str]:
        return [*flag_lines(row), *(attachment_line(n, k, i) for n, k, i in row.attachments)]

    def sizeHint(self, option: QtWidgets.QStyleOptionViewItem,
                 index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> QtCore.QSize:
        if option.font != self._font:
            self._set_fonts(option.font)
        height = self._heights.get(index.row())
        if height is None:
            row = index.data(MessageRole)
            if not isinstance(row, ChatRow):
                return QtCore.QSize(0, 0)
            height = bubble_height(row, self._fm)
            self.measured_here += 1
            self._heights[index.row()] = height
        return QtCore.QSize(TEXT_WIDTH + 2 * PAD + 2 * EDGE, height)

    # --- painting ------------------------------------------------------------------------------
    def paint(self, painter: QtGui.QPainter, option: QtWidgets.QStyleOptionViewItem,
              index: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> None:
        row = index.data(MessageRole)
        if not isinstance(row, ChatRow):
            return
        base, bold, small = self._fonts(option)
        palette = option.palette
        selected = bool(option.state & QtWidgets.QStyle.StateFlag.State_Selected)
        view_rtl = option.direction == QtCore.Qt.LayoutDirection.RightToLeft
        text_dir = index.data(DirectionRole)
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        area = QtCore.QRect(option.rect)
        area.setTop(area.top() + GAP + (GROUP_GAP if row.first_of_hit else 0))
        area.setBottom(area.bottom() - GAP)
        if selected:
            band = QtGui.QColor(palette.color(QtGui.QPalette.ColorRole.Highlight))
            band.setAlpha(60)
            painter.fillRect(option.rect, band)
        if row.context:
            painter.setOpacity(0.62)
        if row.system:
            self._paint_system(painter, area, row, small, palette)
        else:
            self._paint_bubble(painter, area, row, (base, bold, small), palette,
                               view_rtl=view_rtl, text_dir=text_dir, selected=selected)
        painter.restore()

    def _paint_system(self, painter: QtGui.QPainter, area: QtCore.QRect, row: ChatRow,
                      small: QtGui.QFont, palette: QtGui.QPalette) -> None:
        metrics = QtGui.QFontMetrics(small)
        text_rect = self._text_rect(metrics, row.text)
        width = min(text_rect.width(), TEXT_WIDTH) + 2 * 10
        pill = QtCore.QRect(area.center().x() - width // 2, area.top(), width, area.height())
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QtGui.QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(pill, 8, 8)
        painter.setFont(small)
        painter.setPen(palette.color(QtGui.QPalette.ColorGroup.Disabled,
                                     QtGui.QPalette.ColorRole.Text))
        option = QtGui.QTextOption(QtCore.Qt.AlignmentFlag.AlignHCenter)
        option.setWrapMode(QtGui.QTextOption.WrapMode.WordWrap)
        option.setTextDirection(QtCore.Qt.LayoutDirection.RightToLeft if row.rtl
                                else QtCore.Qt.LayoutDirection.LeftToRight)
        painter.drawText(QtCore.QRectF(pill.adjusted(10, 4, -10, -4)), row.text, option)

    def _paint_bubble(self, painter: QtGui.QPainter, area: QtCore.QRect, row: ChatRow,
                      fonts: tuple[QtGui.QFont, QtGui.QFont, QtGui.QFont],
                      palette: QtGui.QPalette, *, view_rtl: bool, text_dir: Any,
                      selected: bool) -> None:
        base, bold, small = fonts
        fm_base, fm_bold, fm_small = self._fm
        text_rect = self._text_rect(fm_base, row.text)
        meta = meta_text(row)
        extra = self._extra_lines(row)
        head_w = fm_bold.boundingRect(row.author).width() + 18 + fm_small.horizontalAdvance(meta)
        inner = min(TEXT_WIDTH, max(text_rect.width(), head_w,
                                    *(fm_small.horizontalAdvance(x) + 8 for x in extra)))
        width = inner + 2 * PAD
        left = area.right() - EDGE - width if view_rtl else area.left() + EDGE
        bubble = QtCore.QRect(left, area.top(), width, area.height())
        fill = QtGui.QColor(palette.color(QtGui.QPalette.ColorRole.Base))
        edge = QtGui.QColor(palette.color(QtGui.QPalette.ColorRole.Mid))
        if row.hit:  # a search hit (its neighbours are context)
            edge = QtGui.QColor(palette.color(QtGui.QPalette.ColorRole.Highlight))
        if selected:
            edge = QtGui.QColor(palette.color(QtGui.QPalette.ColorRole.Highlight))
        painter.setBrush(fill)
        painter.setPen(QtGui.QPen(edge, 2.0 if selected or edge != palette.color(
            QtGui.QPalette.ColorRole.Mid) else 1.0))
        painter.drawRoundedRect(bubble, 9, 9)
        content = bubble.adjusted(PAD, PAD, -PAD, -PAD)
        rtl = text_dir == QtCore.Qt.LayoutDirection.RightToLeft
        # header: the author at the text's starting side, number and time at the other
        head_h = max(fm_bold.height(), fm_small.height())
        head = QtCore.QRect(content.left(), content.top(), content.width(), head_h)
        author_rtl = bool(row.author) and _strong_rtl(row.author)
        painter.setFont(small)
        painter.setPen(palette.color(QtGui.QPalette.ColorGroup.Disabled,
                                     QtGui.QPalette.ColorRole.Text))
        meta_w = fm_small.horizontalAdvance(meta)
        # sides are physical here (AlignAbsolute): the message's direction decides, not Qt's
        # mirroring of Left/Right in a right-to-left interface
        meta_align = _side(not rtl)
        painter.drawText(head, int(meta_align | QtCore.Qt.AlignmentFlag.AlignVCenter), meta)
        painter.setFont(bold)
        painter.setPen(author_colour(row.author, background=fill))
        author_room = max(20, head.width() - meta_w - 12)
        author = fm_bold.elidedText(row.author, QtCore.Qt.TextElideMode.ElideRight, author_room)
        a_opt = QtGui.QTextOption(_side(rtl))
        a_opt.setTextDirection(QtCore.Qt.LayoutDirection.RightToLeft if author_rtl
                               else QtCore.Qt.LayoutDirection.LeftToRight)
        a_opt.setWrapMode(QtGui.QTextOption.WrapMode.NoWrap)
        a_rect = QtCore.QRectF(head.right() - author_room + 1 if rtl else head.left(),
                               head.top(), author_room, head_h)
        painter.drawText(a_rect, author, a_opt)
        y = head.bottom() + 1 + 4
        if row.text:
            painter.setFont(base)
            painter.setPen(palette.color(QtGui.QPalette.ColorRole.Text))
            t_opt = QtGui.QTextOption(_side(rtl))
            t_opt.setWrapMode(QtGui.QTextOption.WrapMode.WordWrap)
            t_opt.setTextDirection(QtCore.Qt.LayoutDirection.RightToLeft if rtl
                                   else QtCore.Qt.LayoutDirection.LeftToRight)
            painter.drawText(QtCore.QRectF(content.left(), y, content.width(),
                                           text_rect.height()), row.text, t_opt)
            y += text_rect.height() + 4
        if extra:
            painter.setFont(small)
            painter.setPen(palette.color(QtGui.QPalette.ColorRole.Link))
            ui_align = _side(view_rtl)
            for line in extra:
                line_rect = QtCore.QRect(content.left(), y, content.width(), fm_small.height())
                painter.drawText(line_rect, int(ui_align | QtCore.Qt.AlignmentFlag.AlignVCenter),
                                 fm_small.elidedText(line, QtCore.Qt.TextElideMode.ElideMiddle,
                                                     content.width()))
                y += fm_small.height()


def _side(right: bool) -> QtCore.Qt.AlignmentFlag:
    """The right (True) or left edge, as on screen whatever the layout direction."""
    edge = QtCore.Qt.AlignmentFlag.AlignRight if right else QtCore.Qt.AlignmentFlag.AlignLeft
    return edge | QtCore.Qt.AlignmentFlag.AlignAbsolute


def _base_of(view: QtWidgets.QAbstractItemView) -> Callable[[], QtGui.QColor]:
    """The colour of ``view``'s bubbles (its palette's Base) when asked: it follows a theme."""
    return lambda: view.palette().color(QtGui.QPalette.ColorRole.Base)


def _strong_rtl(text: str) -> bool:
    from ui.models.chat_messages import text_is_rtl

    return text_is_rtl(text)


class ChatWindow(QtWidgets.QDialog):
    """One chat. Emits (the flow does the work):
        search_requested(str, str, str, str, object): text, author ("" any), from and until
            (ISO dates, "" open), has media (None any, True, False).
        jump_requested(str): an ISO date.
        tag_requested(list): the selected messages' positions.
        excerpt_requested(list): the selected messages' positions ("Export excerpt…").
        item_open_requested(int): a medium's item (double-click on its message).
    """

    search_requested = QtCore.Signal(str, str, str, str, object)
    jump_requested = QtCore.Signal(str)
    tag_requested = QtCore.Signal(list)
    excerpt_requested = QtCore.Signal(list)
    item_open_requested = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Chat"))
        self.setWindowFlag(QtCore.Qt.WindowType.WindowMaximizeButtonHint, True)
        self.item_id = 0
        self.total = 0
        self._pending_jump = -1
        self._build_ui()
        self._connect_signals()
        self._update_selection()
        self.resize(1180, 700)

    def _build_ui(self) -> None:  # noqa: PLR0915
        self.title_label = SecureLabel("", self, max_chars=120)
        self.title_label.setObjectName("sectionHeading")
        # at the interface's starting side, whatever the title's own direction
        self.title_label.setAlignment(_side(self.isRightToLeft())
                                      | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.info_label = QtWidgets.QLabel(self)
        self.info_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.info_label.setWordWrap(True)
        self.info_label.setObjectName("hint")
        self.jump_field = DateFieldWidget(self, with_time=False)
        self.jump_field.setMaximumWidth(380)
        self.jump_button = QtWidgets.QPushButton(_("Go"), self)
        self.context_spin = QtWidgets.QSpinBox(self)
        self.context_spin.setRange(0, 50)
        self.context_spin.setValue(3)
        self.context_spin.setToolTip(_("Messages kept before and after each selected one in an "
                                       "excerpt"))
        self.tag_button = QtWidgets.QPushButton(_("Tag selected…"), self)
        self.excerpt_button = QtWidgets.QPushButton(_("Export excerpt…"), self)
        self.model = ChatMessagesModel(self)
        self.list = QtWidgets.QListView(self)
        self.list.setObjectName("chatMessages")
        self.list.setAccessibleName(_("Messages"))
        self.list.setModel(self.model)
        self.delegate = ChatBubbleDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.model.modelReset.connect(self.delegate.clear_cache)
        self.delegate.use_font(self.list.font())  # what the list hands the delegate
        self.list.setUniformItemSizes(False)
        self.list.setLayoutMode(QtWidgets.QListView.LayoutMode.Batched)
        self.list.setBatchSize(500)
        self.list.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.verticalScrollBar().setSingleStep(24)
        self.list.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumWidth(TEXT_WIDTH + 2 * PAD + 2 * EDGE + 20)
        # search
        self.search_edit = QtWidgets.QLineEdit(self)
        self.search_edit.setPlaceholderText(_("Search this chat"))
        self.search_edit.setClearButtonEnabled(True)
        self.author_combo = QtWidgets.QComboBox(self)
        self.since_field = DateFieldWidget(self, with_time=False)
        self.until_field = DateFieldWidget(self, with_time=False)
        self.media_combo = QtWidgets.QComboBox(self)
        self.media_combo.addItem(_("With or without media"), None)
        self.media_combo.addItem(_("Only with media"), True)
        self.media_combo.addItem(_("Only without media"), False)
        self.search_button = QtWidgets.QPushButton(_("Search"), self)
        self.search_button.setDefault(False)
        self.search_button.setAutoDefault(False)
        self.results_label = QtWidgets.QLabel(self)
        self.results_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.results_label.setWordWrap(True)
        self.results_label.setObjectName("hint")
        self.results_model = ChatMessagesModel(self)
        self.results = QtWidgets.QListView(self)
        self.results.setObjectName("chatResults")
        self.results.setAccessibleName(_("Search results: click one to see it in the chat"))
        self.results.setModel(self.results_model)
        for model, view in ((self.model, self.list), (self.results_model, self.results)):
            model.set_background(_base_of(view))
        self.results_delegate = ChatBubbleDelegate(self.results)
        self.results.setItemDelegate(self.results_delegate)
        self.results_model.modelReset.connect(self.results_delegate.clear_cache)
        self.results.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.status_label = QtWidgets.QLabel(self)
        self.status_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.status_label.setObjectName("hint")
        self.selection_label = QtWidgets.QLabel(self)
        self.selection_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)

        top = QtWidgets.QHBoxLayout()
        top.addWidget(QtWidgets.QLabel(_("Go to date:"), self))
        top.addWidget(self.jump_field, 2)
        top.addWidget(self.jump_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        top.addStretch(1)
        top.addWidget(QtWidgets.QLabel(_("Context:"), self), 0, QtCore.Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.context_spin, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.tag_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.excerpt_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        search_panel = QtWidgets.QWidget(self)
        form = QtWidgets.QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.search_edit)
        form.addRow(_("Author:"), self.author_combo)
        form.addRow(_("From:"), self.since_field)
        form.addRow(_("Until:"), self.until_field)
        form.addRow(_("Media:"), self.media_combo)
        side = QtWidgets.QVBoxLayout(search_panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.addLayout(form)
        side.addWidget(self.search_button)
        side.addWidget(self.results_label)
        side.addWidget(self.results, 1)
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(search_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 480])
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.selection_label)
        bottom.addStretch(1)
        bottom.addWidget(self.status_label)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.info_label)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.list.selectionModel().selectionChanged.connect(self._update_selection)
        self.list.doubleClicked.connect(self._on_list_double_clicked)
        self.results.clicked.connect(self._on_results_clicked)
        self.search_button.clicked.connect(self._on_search)
        self.search_edit.returnPressed.connect(self._on_search)
        self.jump_button.clicked.connect(self._on_jump)
        self.tag_button.clicked.connect(lambda: self.tag_requested.emit(self.selected_indices()))
        self.excerpt_button.clicked.connect(
            lambda: self.excerpt_requested.emit(self.selected_indices()))

    # --- state in ------------------------------------------------------------------------------
    def set_chat(self, chat: Chat, first_rows: list[ChatRow]) -> None:
        self.item_id = chat.item_id
        self.total = chat.message_count
        title = chat.title or _("Chat")
        self.title_label.set_untrusted_text(title)
        self.setWindowTitle(_("Chat: {title}").format(title=safe_text(title, max_len=80)))
        platform = {"whatsapp": "WhatsApp", "telegram": "Telegram"}.get(chat.platform,
                                                                        chat.platform)
        info = [ngettext("{platform}, {count} message", "{platform}, {count} messages",
                         chat.message_count).format(
            platform=platform, count=digits(QtCore.QLocale().toString(chat.message_count)))]
        if chat.period:
            first, last = (ltr_isolate(day_text(p)) for p in chat.period)
            info.append(_("from {first} to {last}").format(first=first, last=last)
                        if first != last else first)
        if chat.offset_source == "assumed-local" and chat.utc_offset:
            info.append(_("times read at {offset}, this computer's offset at import: the export "
                          "does not say").format(offset=offset_label(chat.utc_offset)))
        elif chat.utc_offset:
            info.append(_("times read at {offset}").format(offset=offset_label(chat.utc_offset)))
        info.append(_("export SHA-256 {sha}").format(sha=short_hash(chat.sha256)))
        # the frame's direction, not the first value's ("WhatsApp" would turn an Arabic line LTR)
        self.info_label.setText(ui_direction_mark() + " · ".join(info))
        self.info_label.setToolTip(ltr_isolate(chat.sha256))
        self.author_combo.clear()
        self.author_combo.addItem(_("Anyone"), "")
        for name in chat.participants:
            self.author_combo.addItem(safe_text(name, max_len=80), name)
        self.model.set_rows(first_rows)
        self._update_status()

    def append_rows(self, rows: list[ChatRow], heights: list[int] | None = None,
                    font: QtGui.QFont | None = None) -> None:
        """More of the chat's rows; ``heights`` as a :meth:`measurer` measured them in ``font``."""
        if heights and font is not None:
            self.delegate.add_heights(self.model.rowCount(), heights, font)
        self.model.append_rows(rows)
        self._update_status()
        if self._pending_jump >= 0 and self.model.row_of_index(self._pending_jump) >= 0:
            target, self._pending_jump = self._pending_jump, -1
            self.show_message(target)

    def measurer(self) -> BubbleMeasure:
        """Measures rows off the GUI thread in the list's font (:meth:`append_rows`)."""
        return self.delegate.measurer()

    def loaded(self) -> int:
        return self.model.rowCount()

    def _update_status(self) -> None:
        loc = QtCore.QLocale()
        if self.loaded() < self.total:
            self.status_label.setText(_("Reading messages… {done} of {total}").format(
                done=digits(loc.toString(self.loaded())), total=digits(loc.toString(self.total))))
        else:
            self.status_label.setText("")

    def set_results(self, rows: list[ChatRow], total: int, shown: int, searched: bool) -> None:
        self.results_model.set_rows(rows)
        loc = QtCore.QLocale()
        if searched:
            text = ngettext("{count} message found", "{count} messages found", total).format(
                count=digits(loc.toString(total)))
        else:
            text = ngettext("{count} message kept by the filters",
                            "{count} messages kept by the filters", total).format(
                count=digits(loc.toString(total)))
        if shown < total:
            text += " " + _("(the first {shown} are shown)").format(
                shown=digits(loc.toString(shown)))
        self.results_label.setText(text)

    def show_search_message(self, message: str) -> None:
        self.results_model.clear()
        self.results_label.setText(message)

    def show_message(self, message_index: int) -> bool:
        """Scroll to the message at this position and select it (later, once it is read)."""
        row = self.model.row_of_index(message_index)
        if row < 0:
            self._pending_jump = message_index
            return False
        idx = self.model.index(row, 0)
        self.list.selectionModel().setCurrentIndex(
            idx, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(idx, QtWidgets.QAbstractItemView.ScrollHint.PositionAtTop)
        return True

    def select_range(self, first: int, last: int) -> None:
        """Select the messages at positions ``first``..``last`` (as a shift-click does)."""
        a, b = self.model.row_of_index(first), self.model.row_of_index(last)
        if a < 0 or b < 0:
            return
        sel = QtCore.QItemSelection(self.model.index(min(a, b), 0), self.model.index(max(a, b), 0))
        self.list.selectionModel().select(sel,
                                          QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def selected_indices(self) -> list[int]:
        return sorted(int(i.data(IndexRole)) for i in self.list.selectionModel().selectedIndexes())

    def show_status(self, message: str) -> None:
        self.status_label.setText(message)

    # --- intent out ----------------------------------------------------------------------------
    @QtCore.Slot()
    def _update_selection(self, *_args: object) -> None:
        count = len(self.list.selectionModel().selectedIndexes())
        self.tag_button.setEnabled(count > 0)
        self.excerpt_button.setEnabled(count > 0)
        self.selection_label.setText(
            ngettext("{count} message selected", "{count} messages selected", count).format(
                count=digits(QtCore.QLocale().toString(count))) if count else
            _("Select messages: click one, Shift+click the last of a range, Ctrl+click to add."))

    @QtCore.Slot()
    def _on_search(self) -> None:
        try:
            since, until = self.since_field.value(), self.until_field.value()
        except AppError:  # the field already says it in words
            self.show_search_message(_("Write the dates as day/month/year."))
            return
        self.search_requested.emit(self.search_edit.text().strip(),
                                   str(self.author_combo.currentData() or ""), since[:10],
                                   until[:10], self.media_combo.currentData())

    @QtCore.Slot()
    def _on_jump(self) -> None:
        try:
            day = self.jump_field.value()
        except AppError:  # the field already says it in words
            return
        if day:
            self.jump_requested.emit(day[:10])

    @QtCore.Slot(QtCore.QModelIndex)
    def _on_results_clicked(self, index: QtCore.QModelIndex) -> None:
        if index.isValid():
            self.show_message(int(index.data(IndexRole)))

    @QtCore.Slot(QtCore.QModelIndex)
    def _on_list_double_clicked(self, index: QtCore.QModelIndex) -> None:
        row = index.data(MessageRole)
        if isinstance(row, ChatRow) and row.media_items:
            self.item_open_requested.emit(row.media_items[0])


def short_hash(sha256: str, length: int = 16) -> str:
    """The first ``length`` hex digits of a hash and "…", isolated left to right as one token:
    the ellipsis is part of the hash (in a right-to-left line it would otherwise be laid out on
    the hash's left, where an Arabic line ends)."""
    hexa = "".join(ch for ch in sha256.lower() if ch in "0123456789abcdef")
    return ltr_isolate(hexa[:length] + ("…" if len(hexa) > length else ""))


def day_text(iso: str) -> str:
    """``2024-03-02`` → ``2/3/2024`` (day first), in the display digits."""
    if len(iso) < 10:
        return digits(iso)
    return digits(f"{int(iso[8:10])}/{int(iso[5:7])}/{iso[:4]}")


def offset_label(offset: str) -> str:
    """``+03:00`` → ``UTC+03:00`` left to right, in the display digits."""
    return ltr_isolate(digits(f"UTC{offset}"))
