# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The first window: open a vault, or create one. Shows the controller's answers; emits intent."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from ui.fit import fit_to_screen, scroll_body
from ui.i18n import _
from ui.views.create_vault_view import CreateVaultView
from ui.views.unlock_view import UnlockView


def window_title(neutral: bool) -> str:
    return _("Documents") if neutral else _("Bayyina — evidence locker")


class StartWindow(QtWidgets.QWidget):
    """Emits:
        unlock_requested(str, str): folder, passphrase.
        create_requested(str, str, str): folder, passphrase, confirmation.
        settings_requested(), about_requested(), restore_requested().
    """

    unlock_requested = QtCore.Signal(str, str)
    create_requested = QtCore.Signal(str, str, str)
    settings_requested = QtCore.Signal()
    about_requested = QtCore.Signal()
    restore_requested = QtCore.Signal()

    def __init__(self, vault_path: Path | None, *, neutral_title: bool = False,
                 suggested_new: Path | None = None, recent: list[Path] | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui(vault_path, suggested_new)
        self._connect_signals()
        self.set_neutral(neutral_title)
        self.unlock_view.set_recent(recent or [])
        if vault_path is None and suggested_new is not None:
            self.show_create()

    def _build_ui(self, vault_path: Path | None, suggested_new: Path | None) -> None:
        self.title = QtWidgets.QLabel(_("Bayyina"), self)
        self.title.setObjectName("title")
        self.subtitle = QtWidgets.QLabel(
            _("Your evidence, encrypted on this computer. Nothing leaves it unless you export it."),
            self)
        self.subtitle.setObjectName("subtitle")
        self.subtitle.setWordWrap(True)
        self.unlock_view = UnlockView(vault_path, self)
        self.create_view = CreateVaultView(suggested_new, self)
        self.stack = QtWidgets.QStackedWidget(self)
        self.stack.addWidget(self.unlock_view)
        self.stack.addWidget(self.create_view)
        # the stack is as tall as the page shown (not its tallest): no scroll bar for unlocking
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self._on_stack_current_changed(self.stack.currentIndex())
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.busy_label = QtWidgets.QLabel(self)
        self.busy_label.setObjectName("hint")
        self.busy_label.hide()
        self.settings_button = QtWidgets.QPushButton(_("Settings"), self)
        self.settings_button.setFlat(True)
        self.about_button = QtWidgets.QPushButton(_("About"), self)
        self.about_button.setFlat(True)
        self.restore_button = QtWidgets.QPushButton(_("Restore from a backup…"), self)
        self.restore_button.setFlat(True)

        footer = QtWidgets.QHBoxLayout()
        footer.addWidget(self.settings_button)
        footer.addWidget(self.about_button)
        footer.addStretch(1)
        footer.addWidget(self.restore_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        # the create form scrolls on a small screen instead of pushing the window past it
        self.stack_scroll = scroll_body(self, self.stack)
        layout.addWidget(self.stack_scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_label)
        layout.addLayout(footer)
        self.resize(640, 520)

    def _connect_signals(self) -> None:
        self.unlock_view.unlock_requested.connect(self._on_unlock_view_unlock_requested)
        self.unlock_view.create_chosen.connect(self.show_create)
        self.create_view.create_requested.connect(self._on_create_view_create_requested)
        self.create_view.back_chosen.connect(self.show_unlock)
        self.settings_button.clicked.connect(self.settings_requested.emit)
        self.about_button.clicked.connect(self.about_requested.emit)
        self.restore_button.clicked.connect(self.restore_requested.emit)

    @QtCore.Slot()
    @QtCore.Slot(int)
    def _on_stack_current_changed(self, index: int) -> None:
        ignored = QtWidgets.QSizePolicy.Policy.Ignored
        preferred = QtWidgets.QSizePolicy.Policy.Preferred
        for i in range(self.stack.count()):
            policy = preferred if i == index else ignored
            if (widget := self.stack.widget(i)) is not None:
                widget.setSizePolicy(policy, policy)
        self.stack.adjustSize()
        # room for the page shown, as far as the screen allows (the scroll area takes the rest)
        page = self.stack.widget(index)
        if page is not None and self.isVisible():
            extra = page.sizeHint().height() - self.stack_scroll.viewport().height()
            if extra > 0:
                self.resize(self.width(), self.height() + extra)
                fit_to_screen(self)

    def show_create(self) -> None:
        self.clear_error()
        self.stack.setCurrentWidget(self.create_view)

    @QtCore.Slot()
    def show_unlock(self) -> None:
        self.clear_error()
        self.stack.setCurrentWidget(self.unlock_view)

    @QtCore.Slot(str, str)
    def _on_unlock_view_unlock_requested(self, path: str, passphrase: str) -> None:
        self.clear_error()
        self.set_busy(True, _("Unlocking… this takes a few seconds on purpose."))
        self.unlock_requested.emit(path, passphrase)

    @QtCore.Slot(str, str, str)
    def _on_create_view_create_requested(self, path: str, passphrase: str, confirm: str) -> None:
        self.clear_error()
        self.set_busy(True, _("Creating the vault…"))
        self.create_requested.emit(path, passphrase, confirm)

    def set_neutral(self, neutral: bool) -> None:
        """Neutral mode: «Documents» for title and heading, and no sentence about evidence."""
        self.setWindowTitle(window_title(neutral))
        self.title.setText(_("Documents") if neutral else _("Bayyina"))
        self.subtitle.setVisible(not neutral)

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.unlock_view.set_busy(busy)
        self.create_view.set_busy(busy)
        self.busy_label.setText(message)
        self.busy_label.setVisible(busy and bool(message))
        if busy:
            QtWidgets.QApplication.setOverrideCursor(QtGui.QCursor(QtCore.Qt.CursorShape.WaitCursor))
        elif QtWidgets.QApplication.overrideCursor() is not None:
            QtWidgets.QApplication.restoreOverrideCursor()

    def show_notice(self, message: str) -> None:
        """A sentence under the form (why the vault locked itself)."""
        self.busy_label.setText(message)
        self.busy_label.show()

    def show_error(self, message: str) -> None:
        """``message`` is a translated sentence whose parameters were cleaned and isolated."""
        self.set_busy(False)
        self.error_label.setText(message)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def set_recent(self, paths: list[Path]) -> None:
        """The vaults opened on this computer, offered on the unlock form (empty: none shown)."""
        self.unlock_view.set_recent(paths)

    def set_vault_path(self, path: Path) -> None:
        self.unlock_view.path_edit.setText(str(path))
        self.show_unlock()
