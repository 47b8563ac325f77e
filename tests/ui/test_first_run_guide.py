# SPDX-License-Identifier: GPL-3.0-or-later
"""The first-run guide (three screens after she creates her vault, skippable, again from More ›
Getting started) and the opt-in "take a break" reminder while sensitive items are open."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock


def _create(qtbot, styled, tmp_path: Path):  # type: ignore[no-untyped-def]
    from app.vault import KdfParams
    from ui.controller import AppController
    from ui.settings import UiSettings
    from ui.shell import Shell

    controller = AppController(kdf=KdfParams.testing())
    sh = Shell(styled, controller, UiSettings(language="en"), vault_path=None, save=False)
    qtbot.addWidget(sh.start_window)
    sh.show()
    sh.start_window.show_create()
    view = sh.start_window.create_view
    view.path_edit.setText(str(tmp_path / "first.bayyina"))
    view.passphrase_edit.setText(PASSPHRASE)
    view.confirm_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(sh.main_window_shown, timeout=30000):
        view.create_button.click()
    return sh


def test_guide_after_create_three_screens_then_seen(qtbot, styled, en, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sh = _create(qtbot, styled, tmp_path)
    try:
        guide = sh.guide_dialog
        assert guide is not None and guide.isVisible()
        assert guide.page() == 0 and guide.step_label.text() == "1 of 3"
        assert guide.headings[0].text() == "Your vault"
        assert not guide.back_button.isEnabled() and guide.skip_button.isVisible()
        assert "Ctrl+L" in guide.texts[0].text() and "Ctrl+Shift+L" in guide.texts[0].text()
        qtbot.keyClick(guide, QtCore.Qt.Key.Key_Return)  # Next is the default button
        assert guide.page() == 1 and guide.headings[1].text() == "Bringing evidence in"
        assert "Ctrl+I" in guide.texts[1].text()
        guide.next_button.click()
        assert guide.page() == 2 and guide.next_button.text() == "Done"
        assert not guide.skip_button.isVisible()  # nothing left to skip
        assert "Ctrl+E" in guide.texts[2].text() and "My signing key" in guide.texts[2].text()
        guide.back_button.click()
        assert guide.page() == 1
        guide.next_button.click()
        assert not sh.settings.guide_seen
        guide.next_button.click()  # Done
        qtbot.waitUntil(lambda: not guide.isVisible())
        assert sh.settings.guide_seen

        # repeatable: More › Getting started, skipped at its first screen with Escape
        window = sh.main_window
        assert window.guide_action in window.more_menu.actions()
        window.guide_action.trigger()
        again = sh.guide_dialog
        assert again is not guide and again.isVisible() and again.page() == 0
        qtbot.keyClick(again, QtCore.Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not again.isVisible())
    finally:
        sh.controller.lock("test")
        sh.controller.runner.wait_for_done(30000)


def test_guide_skipped_and_not_shown_on_unlock(qtbot, shell, en, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    assert shell.guide_dialog is None  # unlocking a vault she already has: no guide
    shell.main_window.guide_action.trigger()
    guide: Any = shell.guide_dialog  # (mypy keeps the None asserted above)
    assert guide is not None and guide.isVisible()
    guide.skip_button.click()
    qtbot.waitUntil(lambda: not guide.isVisible())
    assert shell.settings.guide_seen


def test_guide_in_arabic(qtbot, styled, ar) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.first_run_guide import FirstRunGuideDialog

    guide = FirstRunGuideDialog()
    qtbot.addWidget(guide)
    guide.show()
    assert guide.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
    assert guide.step_label.text() == "١ من ٣"
    assert all(ch not in "abcdefghijklmnopqrstuvwxyz" for ch in guide.headings[0].text().lower())
    assert "Ctrl+L" in guide.texts[0].text()  # the keys stay as printed on the keyboard


def _seed(vault_dir: Path) -> list[Any]:
    from app.cases import TagChanges, tag_item
    from app.cases.model import ItemId
    from app.ingest import import_paths
    from app.vault import open_vault

    src = vault_dir.parent / "seed"
    src.mkdir()
    for i in range(2):
        (src / f"shot-{i}.png").write_bytes(png_bytes((40 * i, 90, 90), (80 + i, 60)))
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        ids = [ItemId(o.item_id or 0) for o in import_paths(vault, sorted(src.iterdir()),
                                                             method="file").outcomes]
        tag_item(vault, ids[1], TagChanges(add_sensitive=("graphic",)))
    finally:
        vault.lock()
    return ids


def _select(qtbot, shell, item_id: int) -> None:  # type: ignore[no-untyped-def]
    window = shell.main_window
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        assert window.select_item(item_id)


def test_break_reminder_counts_sensitive_viewing_opt_in(qtbot, shell, en, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.break_reminder import VIEWING_MINUTES, break_reminder_choice

    ordinary, graphic = _seed(vault_dir)
    unlock(qtbot, shell)
    window, reminder = shell.main_window, shell.break_reminder
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=30000)
    reminder.set_limit_ms(400)
    _select(qtbot, shell, graphic)
    assert not reminder.is_counting()  # off by default: nothing counted
    assert reminder.spent_ms() == 0

    shell.apply_settings(dataclasses.replace(shell.settings, break_reminder=True))
    _select(qtbot, shell, ordinary)
    assert not reminder.is_counting()  # an ordinary item: no count
    _select(qtbot, shell, graphic)
    assert window.detail.viewer.blurred and not reminder.is_counting()  # blurred: not seen yet
    qtbot.mouseClick(window.detail.viewer.viewport(), QtCore.Qt.MouseButton.LeftButton)
    assert not window.detail.viewer.blurred and reminder.is_counting()  # revealed: she sees it
    with qtbot.waitSignal(reminder.break_suggested, timeout=5000):
        pass
    qtbot.waitUntil(lambda: any(isinstance(w, QtWidgets.QMessageBox) and w.isVisible()
                                for w in QtWidgets.QApplication.topLevelWidgets()))
    box = next(w for w in QtWidgets.QApplication.topLevelWidgets()
               if isinstance(w, QtWidgets.QMessageBox) and w.isVisible())
    assert box.windowTitle() == "Time for a break?"
    assert "difficult material" in box.text()
    assert not box.isModal()  # she may go on if she must
    box.close()
    # the time on an ordinary item does not count; back on the graphic one it goes on from there
    _select(qtbot, shell, ordinary)
    spent = reminder.spent_ms()
    qtbot.wait(150)
    assert reminder.spent_ms() == spent and not reminder.is_counting()
    shell.lock()
    qtbot.waitUntil(lambda: not shell.controller.is_unlocked, timeout=30000)
    assert reminder.spent_ms() == 0  # locking forgets it
    assert str(VIEWING_MINUTES) in break_reminder_choice()
