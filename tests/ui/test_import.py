# SPDX-License-Identifier: GPL-3.0-or-later
"""Import by drop (files and a folder) and by paste, each with a refused file in the batch."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui

from tests.ui.conftest import png_bytes, unlock


def _drop(window, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QtCore.QPointF(window.rect().center())
    enter = QtGui.QDragEnterEvent(pos, QtCore.Qt.DropAction.CopyAction, mime,
                                  QtCore.Qt.MouseButton.LeftButton,
                                  QtCore.Qt.KeyboardModifier.NoModifier)
    QtCore.QCoreApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(pos, QtCore.Qt.DropAction.CopyAction, mime,
                            QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    QtCore.QCoreApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def test_import_drop_files_and_folder_with_refused(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    # a drop first shows the preview (test_import_preview.py); Import there at once
    shell.flows.imports.preview_shown.connect(lambda d: d.import_button.click())
    window = shell.main_window
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "one.png").write_bytes(png_bytes((10, 200, 10)))
    (folder / "two.png").write_bytes(png_bytes((10, 10, 200)))
    loose = tmp_path / "three.png"
    loose.write_bytes(png_bytes((250, 250, 0)))
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with qtbot.waitSignal(shell.flows.imports.summary_shown, timeout=60000) as blocker:
        _drop(window, [folder, loose, empty])
        assert window.progress_row.isVisible()  # progress with cancel while it runs
        assert not window.import_files_action.isEnabled()
    dialog = blocker.args[0]
    summary = dialog.summary
    assert (summary.imported, summary.duplicates, summary.rejected) == (3, 0, 1)
    assert dialog.imported_label.text() == "3 items imported"
    assert dialog.rejected_label.text() == "1 file refused"
    reasons = [dialog.reasons.item(i).text() for i in range(dialog.reasons.count())]
    assert len(reasons) == 1 and "empty" in reasons[0] and "empty.png" in reasons[0]
    assert not dialog.clear_button.isVisible()
    assert not window.progress_row.isVisible()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=30000)

    # the same files again: all duplicates, nothing new
    dialog.close()
    with qtbot.waitSignal(shell.flows.imports.summary_shown, timeout=60000) as blocker:
        _drop(window, [loose])
    assert blocker.args[0].summary.duplicates == 1
    assert blocker.args[0].duplicates_label.text() == "1 duplicate already in the vault"


def test_import_paste_screenshot_and_clear_clipboard(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    window = shell.main_window
    clipboard = QtGui.QGuiApplication.clipboard()
    image = QtGui.QImage.fromData(png_bytes((0, 120, 240), (120, 90)))
    clipboard.setImage(image)
    with qtbot.waitSignal(shell.flows.imports.summary_shown, timeout=60000) as blocker:
        window.paste_action.trigger()
    dialog = blocker.args[0]
    assert dialog.summary.imported == 1
    assert dialog.clear_button.isVisibleTo(dialog)  # offered after a paste
    dialog.clear_button.click()
    assert clipboard.image().isNull()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=30000)
    row = window.model.row_for(0)
    assert row.kind == "image"

    # nothing on the clipboard: a message, no import
    window.paste_action.trigger()
    assert not shell.flows.imports.is_running
    assert window.statusBar().currentMessage()


def test_import_paste_refused_when_garbage(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    """A clipboard "image" the core refuses ends in a summary with the reason, not a crash."""
    unlock(qtbot, shell)
    controller = shell.controller
    from ui.jobs.imports import paste_import

    summary = paste_import(controller.vault, b"")
    assert summary.rejected == 1
    text = controller.outcome_message(summary.outcomes[0].error_code,
                                      summary.outcomes[0].error_params)
    assert text and "{" not in text
