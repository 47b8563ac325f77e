# SPDX-License-Identifier: GPL-3.0-or-later
"""The change-passphrase dialog: both kinds of change, run off the GUI thread, the difference
explained in one translated sentence (issue 12, point 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.errors import AppError, WrongPassphrase
from app.vault import open_vault
from app.vault.core import KEY_FILE
from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock

NEW = "a new passphrase for the GUI ٤"


def _open_dialog(qtbot, shell):  # type: ignore[no-untyped-def]
    shell.main_window.passphrase_action.trigger()
    dialog = shell.flows.passphrase.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _fill(dialog, old: str, new: str, rekey: bool) -> None:  # type: ignore[no-untyped-def]
    dialog.current_edit.setText(old)
    dialog.new_edit.setText(new)
    dialog.confirm_edit.setText(new)
    (dialog.rekey_radio if rekey else dialog.routine_radio).setChecked(True)
    assert dialog.change_button.isEnabled()


def _import_one(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    from app.ingest import import_bytes

    assert import_bytes(shell.controller.vault, png_bytes(), name="a.png", method="file").item_id
    qtbot.waitUntil(lambda: not shell.controller.runner.running, timeout=30000)


def test_gui_rekey_runs_off_thread_and_old_key_file_is_useless(  # type: ignore[no-untyped-def]
        qtbot, shell, vault_dir: Path, tmp_path: Path) -> None:
    unlock(qtbot, shell)
    _import_one(qtbot, shell)
    old_key = tmp_path / "old.key"
    shutil.copy(vault_dir / KEY_FILE, old_key)
    dialog = _open_dialog(qtbot, shell)
    assert "old copy of the key file" in dialog.explanation.text()
    _fill(dialog, PASSPHRASE, NEW, rekey=True)
    c, flow = shell.controller, shell.flows.passphrase
    seen: list = []
    flow.progressed.connect(seen.append)
    with qtbot.waitSignal(flow.changed, timeout=60000) as blocker:
        dialog.change_button.click()
        assert dialog.running and not dialog.close_button.isEnabled()
        dialog.reject()  # Escape while it runs: the dialog stays
        assert dialog.isVisible()
    assert blocker.args == [True]
    assert seen and seen[-1].done == seen[-1].total and seen[-1].stage == "vault.rekey"
    assert dialog.progress.isHidden()
    assert "re-encrypted" in dialog.status_label.text() and not dialog.running
    assert c.is_unlocked  # the session goes on under the new key
    assert c.vault is not None and c.vault.read("SELECT count(*) FROM items")[0][0] == 1
    c.lock("user")
    qtbot.waitUntil(lambda: not c.runner.running, timeout=30000)
    with open_vault(vault_dir, NEW) as v:
        assert v.check_integrity() == [] and v.read("SELECT count(*) FROM items")[0][0] == 1
    shutil.copy(old_key, vault_dir / KEY_FILE)
    with pytest.raises(AppError) as info:
        open_vault(vault_dir, PASSPHRASE)
    assert info.value.code == "vault.key_file_superseded"


def test_gui_routine_change_and_wrong_current_passphrase(  # type: ignore[no-untyped-def]
        qtbot, shell, vault_dir: Path) -> None:
    unlock(qtbot, shell)
    dialog = _open_dialog(qtbot, shell)
    c, flow = shell.controller, shell.flows.passphrase
    _fill(dialog, "not the passphrase", NEW, rekey=False)
    with qtbot.waitSignal(flow.failed, timeout=30000):
        dialog.change_button.click()
    assert "Wrong passphrase" in dialog.error_label.text() and not dialog.running
    _fill(dialog, PASSPHRASE, NEW, rekey=False)
    with qtbot.waitSignal(flow.changed, timeout=30000) as blocker:
        dialog.change_button.click()
    assert blocker.args == [False]
    assert "not rewritten" in dialog.status_label.text()
    c.lock("user")
    qtbot.waitUntil(lambda: not c.runner.running, timeout=30000)
    with pytest.raises(WrongPassphrase):
        open_vault(vault_dir, PASSPHRASE)
    open_vault(vault_dir, NEW).lock()


def test_gui_passphrase_dialog_in_arabic(qtbot, shell, ar) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.change_passphrase import ChangePassphraseDialog

    dialog = ChangePassphraseDialog()
    qtbot.addWidget(dialog)
    for text in (dialog.explanation.text(), dialog.rekey_radio.text(),
                 dialog.routine_radio.text(), dialog.windowTitle()):
        assert any("\u0600" <= ch <= "\u06ff" for ch in text), text
