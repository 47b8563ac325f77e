# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The player's controls and the marked moments of a recording, in the detail panel.

:class:`PlayerBar` (play/pause, a seek slider, the time, the sound's state, a waveform for sound
or a filmstrip of keyframes for video: click either to go there) and :class:`MomentsPanel` (the
marked moments, earliest first: click one to go there; "Mark this moment" with a few words). Both
read state and emit intent; the pictures are painted by the detail panel's viewer and decoding
runs in ``ui.jobs.playback``. Time runs in the reading direction (the slider, the waveform and the
filmstrip mirror together in Arabic); time codes stay Latin digits, isolated left to right.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.cases.moments import timecode
from app.textsafety import ltr_isolate
from ui.i18n import _
from ui.widgets.secure_label import safe_text


def audio_note(status: str) -> str:
    """What she is told about the sound of a recording that plays."""
    if status == "unavailable":
        return _("No sound device could be opened on this computer: the picture plays without "
                 "sound.")
    if status == "none":
        return _("This recording has no sound.")
    return ""


class WaveformWidget(QtWidgets.QWidget):
    """The peaks of a recording's sound (stored at import) with the position; a click seeks.

    Emits:
        seek_requested(float): a fraction 0..1 of the length.
    """

    seek_requested = QtCore.Signal(float)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._peaks: list[float] = []
        self._fraction = 0.0
        self.setMinimumHeight(44)
        self.setMaximumHeight(56)
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(_("Waveform: click to go to that moment"))

    def set_peaks(self, peaks: list[float]) -> None:
        self._peaks = [min(1.0, max(0.0, p)) for p in peaks]
        self.update()

    def set_fraction(self, fraction: float) -> None:
        self._fraction = min(1.0, max(0.0, fraction))
        self.update()

    def _x(self, fraction: float) -> float:
        x = fraction * self.width()
        return self.width() - x if self.isRightToLeft() else x

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        pal = self.palette()
        mid = self.height() / 2
        n = len(self._peaks)
        if n:
            step = self.width() / n
            pen = QtGui.QPen(pal.color(QtGui.QPalette.ColorRole.Highlight))
            pen.setWidthF(max(1.0, step * 0.6))
            painter.setPen(pen)
            for i, peak in enumerate(self._peaks):
                x = self._x((i + 0.5) / n)
                half = max(1.0, peak * (mid - 2))
                painter.drawLine(QtCore.QPointF(x, mid - half), QtCore.QPointF(x, mid + half))
        painter.setPen(QtGui.QPen(pal.color(QtGui.QPalette.ColorRole.Text), 2))
        x = self._x(self._fraction)
        painter.drawLine(QtCore.QPointF(x, 0), QtCore.QPointF(x, self.height()))

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        fraction = event.position().x() / max(1, self.width())
        self.seek_requested.emit(1.0 - fraction if self.isRightToLeft() else fraction)
        event.accept()


class PlayerBar(QtWidgets.QWidget):
    """Emits:
        play_requested(float): play from this many seconds.
        pause_requested(): stop where it is.
        seek_requested(float): go to this many seconds (playing on if it was playing).
    """

    play_requested = QtCore.Signal(float)
    pause_requested = QtCore.Signal()
    seek_requested = QtCore.Signal(float)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._duration = 0.0
        self._position = 0.0
        self._playing = False
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.play_button = QtWidgets.QToolButton(self)
        self.play_button.setMinimumWidth(72)
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal, self)
        self.slider.setAccessibleName(_("Position in the recording"))
        self.slider.setRange(0, 0)
        self.time_label = QtWidgets.QLabel(self)
        self.time_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.time_label.setAccessibleName(_("Time"))
        self.audio_label = QtWidgets.QLabel(self)
        self.audio_label.setObjectName("hint")
        self.audio_label.setWordWrap(True)
        self.audio_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.waveform = WaveformWidget(self)
        self.filmstrip = QtWidgets.QListWidget(self)
        self.filmstrip.setAccessibleName(_("Keyframes: click one to go there"))
        self.filmstrip.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.filmstrip.setFlow(QtWidgets.QListView.Flow.LeftToRight)
        self.filmstrip.setWrapping(False)
        self.filmstrip.setIconSize(QtCore.QSize(96, 54))
        self.filmstrip.setMaximumHeight(66)
        self.filmstrip.setMinimumHeight(30)  # gives way on a small screen
        self.filmstrip.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.filmstrip.setMovement(QtWidgets.QListView.Movement.Static)
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.waveform)
        layout.addWidget(self.filmstrip)
        layout.addWidget(self.audio_label)
        self._show_state()

    def _connect_signals(self) -> None:
        self.play_button.clicked.connect(self._on_play_button_clicked)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.slider.actionTriggered.connect(self._on_slider_action_triggered)
        self.waveform.seek_requested.connect(
            lambda f: self.seek_requested.emit(f * self._duration))
        self.filmstrip.itemClicked.connect(self._on_filmstrip_item_clicked)

    # --- state in ------------------------------------------------------------------------------
    def set_recording(self, duration_s: float | None, *, video: bool,
                      waveform: list[float]) -> None:
        self._duration = max(0.0, duration_s or 0.0)
        self._playing = False
        self.slider.setRange(0, int(self._duration * 1000))
        self.waveform.set_peaks(waveform)
        self.waveform.setVisible(not video and bool(waveform))
        self.filmstrip.clear()
        self.filmstrip.setVisible(False)
        self.audio_label.setText("")
        self.audio_label.hide()
        self.set_position(0.0)
        self._show_state()

    def set_filmstrip(self, pictures: list[Any]) -> None:
        self.filmstrip.clear()
        for picture in pictures:
            item = QtWidgets.QListWidgetItem(
                QtGui.QIcon(QtGui.QPixmap.fromImage(picture.image)), "")
            item.setData(QtCore.Qt.ItemDataRole.UserRole, float(picture.at_s))
            item.setToolTip(timecode(int(picture.at_s * 1000)))
            self.filmstrip.addItem(item)
        self.filmstrip.setVisible(len(pictures) > 1)

    def set_position(self, seconds: float) -> None:
        self._position = max(0.0, seconds)
        if not self.slider.isSliderDown():
            self.slider.setValue(int(self._position * 1000))
        if self._duration:
            self.waveform.set_fraction(self._position / self._duration)
        at, length = timecode(int(self._position * 1000)), timecode(int(self._duration * 1000))
        self.time_label.setText(ltr_isolate(f"{at} / {length}"))

    def position_ms(self) -> int:
        return int(self._position * 1000)

    def set_playing(self, playing: bool) -> None:
        self._playing = playing
        self._show_state()

    def set_audio_status(self, status: str) -> None:
        note = audio_note(status)
        self.audio_label.setText(note)
        self.audio_label.setVisible(bool(note))

    def _show_state(self) -> None:
        self.play_button.setText(_("Pause") if self._playing else _("Play"))
        self.play_button.setAccessibleName(self.play_button.text())

    # --- intents -------------------------------------------------------------------------------
    @QtCore.Slot()
    def _on_play_button_clicked(self) -> None:
        if self._playing:
            self.pause_requested.emit()
        else:
            at_end = self._duration and self._position >= self._duration - 0.05
            self.play_requested.emit(0.0 if at_end else self._position)

    @QtCore.Slot()
    def _on_slider_released(self) -> None:
        self.seek_requested.emit(self.slider.value() / 1000)

    @QtCore.Slot(int)
    def _on_slider_action_triggered(self, action: int) -> None:
        if action != QtWidgets.QAbstractSlider.SliderAction.SliderMove.value:  # keys, page clicks
            QtCore.QTimer.singleShot(0, lambda: self.seek_requested.emit(
                self.slider.value() / 1000))

    @QtCore.Slot(QtWidgets.QListWidgetItem)
    def _on_filmstrip_item_clicked(self, item: QtWidgets.QListWidgetItem) -> None:
        self.seek_requested.emit(float(item.data(QtCore.Qt.ItemDataRole.UserRole)))


class MomentsPanel(QtWidgets.QWidget):
    """Emits:
        mark_requested(str, str): mark the moment now shown with these words, and where the
            marked part ends ("02:40"; empty for a single moment).
        moment_chosen(float): go to this many seconds.
        delete_requested(int): remove the marked moment with this id.
    """

    mark_requested = QtCore.Signal(str, str)
    moment_chosen = QtCore.Signal(float)
    delete_requested = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        #: Where the player is, in milliseconds (set by the detail panel): "Ends here".
        self.position_ms: Any = lambda: 0
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.hint = QtWidgets.QLabel(_("Pause where something is said or shown, write a few "
                                       "words and mark it: the time code is kept with the note, "
                                       "in the custody log and in reports. For a passage, give "
                                       "where it ends too."), self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.label_edit = QtWidgets.QLineEdit(self)
        self.label_edit.setPlaceholderText(_("What happens at this moment"))
        self.label_edit.setAccessibleName(_("Note for the moment"))
        self.label_edit.setMaxLength(500)
        self.mark_button = QtWidgets.QPushButton(_("Mark this moment"), self)
        self.end_label = QtWidgets.QLabel(_("Ends at (optional):"), self)
        self.end_edit = QtWidgets.QLineEdit(self)
        self.end_edit.setPlaceholderText("02:40")
        self.end_edit.setAccessibleName(_("Where the marked passage ends (optional)"))
        self.end_edit.setMaxLength(16)
        self.end_edit.setMaximumWidth(96)
        self.end_edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)  # a time code
        self.end_label.setBuddy(self.end_edit)
        self.end_here_button = QtWidgets.QPushButton(_("Ends here"), self)
        self.end_here_button.setToolTip(_("Use where the recording is now as the end"))
        self.moments_list = QtWidgets.QListWidget(self)
        self.moments_list.setMinimumHeight(48)
        self.moments_list.setAccessibleName(_("Marked moments"))
        self.delete_button = QtWidgets.QPushButton(_("Remove the marked moment"), self)
        self.delete_button.setEnabled(False)
        self.message = QtWidgets.QLabel(self)
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        self.message.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.label_edit, 1)
        row.addWidget(self.mark_button)
        end_row = QtWidgets.QHBoxLayout()
        end_row.addWidget(self.end_label)
        end_row.addWidget(self.end_edit)
        end_row.addWidget(self.end_here_button)
        end_row.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addLayout(end_row)
        layout.addWidget(self.message)
        layout.addWidget(self.moments_list, 1)
        layout.addWidget(self.delete_button)

    def _connect_signals(self) -> None:
        self.mark_button.clicked.connect(self._on_mark_button_clicked)
        self.label_edit.returnPressed.connect(self._on_mark_button_clicked)
        self.end_edit.returnPressed.connect(self._on_mark_button_clicked)
        self.end_here_button.clicked.connect(self._on_end_here_button_clicked)
        self.moments_list.itemClicked.connect(self._on_moments_list_item_clicked)
        self.moments_list.currentRowChanged.connect(
            lambda row: self.delete_button.setEnabled(row >= 0))
        self.delete_button.clicked.connect(self._on_delete_button_clicked)

    def set_moments(self, moments: list[Any]) -> None:
        self.moments_list.clear()
        for m in moments:
            text = f"{ltr_isolate(m.span)} — {safe_text(m.label, max_len=200)}"
            item = QtWidgets.QListWidgetItem(text)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, (int(m.id), m.at_ms / 1000))
            self.moments_list.addItem(item)
        self.delete_button.setEnabled(False)

    def marked(self) -> None:
        """The moment was stored: clear the words and the end."""
        self.label_edit.clear()
        self.end_edit.clear()
        self.message.setText("")

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    @QtCore.Slot()
    def _on_mark_button_clicked(self) -> None:
        self.mark_requested.emit(self.label_edit.text(), self.end_edit.text().strip())

    @QtCore.Slot()
    def _on_end_here_button_clicked(self) -> None:
        self.end_edit.setText(timecode(int(self.position_ms())))

    @QtCore.Slot(QtWidgets.QListWidgetItem)
    def _on_moments_list_item_clicked(self, item: QtWidgets.QListWidgetItem) -> None:
        self.moment_chosen.emit(float(item.data(QtCore.Qt.ItemDataRole.UserRole)[1]))

    @QtCore.Slot()
    def _on_delete_button_clicked(self) -> None:
        item = self.moments_list.currentItem()
        if item is not None:
            self.delete_requested.emit(int(item.data(QtCore.Qt.ItemDataRole.UserRole)[0]))
