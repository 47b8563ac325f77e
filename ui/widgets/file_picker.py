# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""File and folder choosers that leave no trace of what was chosen.

Qt's own file dialog writes ``history`` and ``lastVisited`` to ``QtProject.conf`` (group
``FileDialog``) when it is destroyed (``docs/design.md`` §Desktop leak channels; KeePassXC #1151).
Native dialogs keep OS-side histories. So: Qt's non-native dialog, no sidebar history, no thumbnails
or previews; the dialog is destroyed explicitly and the ``FileDialog`` group is removed right after.
"""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6 import QtCore, QtWidgets

log = logging.getLogger(__name__)


def make_dialog(parent: QtWidgets.QWidget | None, title: str, *, folder: bool = False,
                many: bool = False, save_new_folder: bool = False) -> QtWidgets.QFileDialog:
    dlg = QtWidgets.QFileDialog(parent, title)
    dlg.setOption(QtWidgets.QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setOption(QtWidgets.QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dlg.setOption(QtWidgets.QFileDialog.Option.DontResolveSymlinks, True)
    dlg.setHistory([])
    dlg.setDirectory(str(Path.home()))
    if folder or save_new_folder:
        dlg.setFileMode(QtWidgets.QFileDialog.FileMode.Directory)
        dlg.setOption(QtWidgets.QFileDialog.Option.ShowDirsOnly, True)
    else:
        dlg.setFileMode(QtWidgets.QFileDialog.FileMode.ExistingFiles if many
                        else QtWidgets.QFileDialog.FileMode.ExistingFile)
    # paths read left to right inside the Arabic dialog ("/home/..." not ".../home/")
    for name in ("lookInCombo", "fileNameEdit"):
        child = dlg.findChild(QtWidgets.QWidget, name)
        if child is not None:
            child.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
    combo = dlg.findChild(QtWidgets.QComboBox, "lookInCombo")
    if combo is not None:
        combo.installEventFilter(_LtrComboPainter(combo))
    return dlg


class _LtrComboPainter(QtCore.QObject):
    """Paints the "Look in" box as Qt's own combo does, but with its text laid out left to right:
    the painter otherwise takes the application's direction, and ``/home/me`` shows as ``me/home/``.
    """

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() != QtCore.QEvent.Type.Paint or not isinstance(obj, QtWidgets.QComboBox):
            return False
        style = obj.style()
        painter = QtWidgets.QStylePainter(obj)
        painter.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        opt = QtWidgets.QStyleOptionComboBox()
        obj.initStyleOption(opt)
        edit = style.subControlRect(QtWidgets.QStyle.ComplexControl.CC_ComboBox, opt,
                                    QtWidgets.QStyle.SubControl.SC_ComboBoxEditField, obj)
        room = edit.width() - opt.iconSize.width() - 4
        opt.currentText = opt.fontMetrics.elidedText(
            opt.currentText, QtCore.Qt.TextElideMode.ElideMiddle, room)
        painter.drawComplexControl(QtWidgets.QStyle.ComplexControl.CC_ComboBox, opt)
        painter.drawControl(QtWidgets.QStyle.ControlElement.CE_ComboBoxLabel, opt)
        painter.end()
        return True


def finish(dlg: QtWidgets.QFileDialog) -> list[Path]:
    """Read the selection, destroy the dialog now, and scrub what Qt saved."""
    if not shiboken6.isValid(dlg):  # closed with its window (the vault locked meanwhile)
        scrub_qt_settings()
        return []
    chosen = [Path(p) for p in dlg.selectedFiles()] if dlg.result() else []
    shiboken6.delete(dlg)  # ~QFileDialog writes its settings: let it, then remove them
    scrub_qt_settings()
    return chosen


def scrub_qt_settings() -> None:
    settings = QtCore.QSettings(QtCore.QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.remove("Qt/filedialog")
    settings.sync()


def choose(parent: QtWidgets.QWidget | None, title: str, **kwargs: bool) -> list[Path]:
    dlg = make_dialog(parent, title, **kwargs)
    dlg.exec()
    return finish(dlg)
