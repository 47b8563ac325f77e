# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 16 in the GUI, on real vaults: the settings' Safety tab (wipe after N with the attempts
left, the decoy, backup now and the last backup date, the reminder, key rotation and revocation,
quick delete of a case and of the whole vault), the unlock screen (the access log after an
unlock, the attempts left, "this vault was erased") and restore from the start window."""

from __future__ import annotations

import json

import pytest

from app.errors import AppError, WrongPassphrase
from app.vault import open_vault
from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock

DECOY = "a decoy passphrase ٣"
BACKUP_PW = "backup passphrase ب"


def plain(text: str) -> str:
    """Without the bidi isolates around parameters."""
    return text.replace("\u2068", "").replace("\u2069", "")


def _open_safety_tab(qtbot, shell):  # type: ignore[no-untyped-def]
    shell.show_settings()
    qtbot.waitUntil(lambda: shell.safety_section is not None
                    and shell.settings_dialog.isVisible(), timeout=10000)
    dialog = shell.settings_dialog
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["General", "Safety", "My signing key"]
    return dialog, shell.safety_section


def _idle(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not shell.controller.runner.running, timeout=30000)


def _fail_unlock(qtbot, shell, times: int) -> str:  # type: ignore[no-untyped-def]
    view, start = shell.start_window.unlock_view, shell.start_window
    for _ in range(times):
        view.passphrase_edit.setText("not the passphrase")
        with qtbot.waitSignal(shell.controller.vault_open_failed, timeout=30000):
            view.unlock_button.click()
    return plain(start.error_label.text())


def test_wipe_after_n_from_settings_shows_attempts_and_erases(qtbot, shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    dialog, section = _open_safety_tab(qtbot, shell)
    assert section.wipe_combo.currentData() is None and not section.remaining_check.isEnabled()
    section.wipe_combo.setCurrentIndex(section.wipe_combo.findData(5))
    section.remaining_check.setChecked(True)
    section.reminder_combo.setCurrentIndex(section.reminder_combo.findData(30))
    dialog.accept()
    _idle(qtbot, shell)
    attempts = json.loads((vault_dir / "vault.key").read_text())["attempts"]
    assert attempts["wipe_after"] == 5 and attempts["show_remaining"] is True
    shell.lock()
    assert _fail_unlock(qtbot, shell, 1) == \
        "Wrong passphrase. Attempts left before the vault is erased: 4."
    assert "Attempts left before the vault is erased: 1." in _fail_unlock(qtbot, shell, 3)
    erased = _fail_unlock(qtbot, shell, 1)
    assert erased.startswith("This vault was erased on ")
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.key"]
    view = shell.start_window.unlock_view
    view.passphrase_edit.setText(PASSPHRASE)  # the right one no longer opens it
    with qtbot.waitSignal(shell.controller.vault_open_failed, timeout=30000):
        view.unlock_button.click()
    assert plain(shell.start_window.error_label.text()) == erased


def test_access_log_told_after_unlock(qtbot, shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            open_vault(vault_dir, "guess")
    unlock(qtbot, shell)
    qtbot.waitUntil(lambda: shell.unlock_notice is not None
                    and shell.unlock_notice.isVisible(), timeout=10000)
    text = plain(shell.unlock_notice.text())
    assert text.startswith("3 failed attempts since you last opened the vault, the last one "
                           "today at ")
    shell.unlock_notice.accept()
    shell.lock()
    shell.unlock_notice = None
    unlock(qtbot, shell)  # nothing new: nothing told
    _idle(qtbot, shell)
    assert shell.unlock_notice is None


def test_backup_now_then_restore_from_the_start_window(qtbot, shell, vault_dir,
                                                       tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.ingest import import_bytes

    with open_vault(vault_dir, PASSPHRASE) as v:
        import_bytes(v, png_bytes(), name="kept.png")
    unlock(qtbot, shell)
    _dialog, section = _open_safety_tab(qtbot, shell)
    assert section.last_backup_label.text() == "No backup yet."
    flow = shell.flows.safety
    section.backup_button.click()
    qtbot.waitUntil(lambda: flow.backup_dialog is not None and flow.backup_dialog.isVisible(),
                    timeout=10000)
    backup = flow.backup_dialog
    assert not backup.recipient_radio.isEnabled()  # no organisation key in the address book
    backup.folder_edit.setText(str(tmp_path))
    backup.name_edit.setText("my.backup")
    backup.passphrase_edit.setText(BACKUP_PW)
    assert not backup.backup_button.isEnabled()  # typed twice
    backup.confirm_edit.setText(BACKUP_PW)
    with qtbot.waitSignal(flow.done, timeout=60000) as done:
        backup.backup_button.click()
    assert plain(done.args[0]).startswith("Backup written: ")
    assert (tmp_path / "my.backup").is_file()
    qtbot.waitUntil(lambda: plain(section.last_backup_label.text()).startswith(
        "Last backup: today"), timeout=10000)
    shell.lock()

    shell.show_restore()
    restore = shell.restore_dialog
    new = tmp_path / "restored.bayyina"
    restore.file_edit.setText(str(tmp_path / "my.backup"))
    restore.folder_edit.setText(str(new))
    restore.backup_edit.setText("wrong backup passphrase")
    restore.vault_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(shell.controller.vault_restore_failed, timeout=60000):
        restore.restore_button.click()
    assert restore.error_label.isVisibleTo(restore) and not new.exists()
    restore.backup_edit.setText(BACKUP_PW)
    restore.vault_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(shell.controller.vault_restored, timeout=60000):
        restore.restore_button.click()
    assert shell.start_window.unlock_view.path_edit.text() == str(new)
    assert shell.start_window.busy_label.text().startswith("Vault restored from the backup of")
    with open_vault(new, PASSPHRASE) as v:
        assert v.info().items == 1 and int(v.meta("bundle_epoch")) == 1


def test_decoy_from_settings(qtbot, shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    _dialog, section = _open_safety_tab(qtbot, shell)
    flow = shell.flows.safety
    section.decoy_button.click()
    decoy = flow.decoy_dialog
    assert decoy is not None and not decoy.erase_check.isChecked()  # off by default
    decoy.current_edit.setText(PASSPHRASE)
    decoy.decoy_edit.setText(DECOY)
    decoy.confirm_edit.setText("another")
    with qtbot.waitSignal(flow.failed, timeout=10000) as failed:
        decoy.make_button.click()
    assert failed.args[0] == "The two passphrases do not match."
    decoy.current_edit.setText(PASSPHRASE)
    decoy.decoy_edit.setText(DECOY)
    decoy.confirm_edit.setText(DECOY)
    qtbot.waitUntil(decoy.make_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(flow.done, timeout=30000):
        decoy.make_button.click()
    shell.lock()
    with open_vault(vault_dir, DECOY) as d:
        assert d.info().items == 0
    unlock(qtbot, shell)  # the real vault still opens with hers


def test_key_rotation_and_revocation_write_their_statements(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.handover.continuity import parse_statement

    unlock(qtbot, shell)
    flow = shell.flows.safety
    old = shell.controller.vault.fingerprint()
    with qtbot.waitSignal(flow.done, timeout=30000) as done:
        flow.replace_key_now("rotation", tmp_path / "rotation.json")
    assert "rotation.json" in plain(done.args[0])
    rotation = parse_statement((tmp_path / "rotation.json").read_bytes())
    assert rotation["kind"] == "rotation" and rotation["old"]["fingerprint"] == old
    with qtbot.waitSignal(flow.done, timeout=30000):
        flow.replace_key_now("revocation", tmp_path / "revocation.json")
    revocation = parse_statement((tmp_path / "revocation.json").read_bytes())
    assert revocation["kind"] == "revocation"
    assert revocation["old"]["fingerprint"] == rotation["new"]["fingerprint"]
    with qtbot.waitSignal(flow.failed, timeout=30000):  # never over an existing file
        flow.replace_key_now("rotation", tmp_path / "rotation.json")


def test_quick_delete_case_then_whole_vault(qtbot, shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    from app.cases import add_case
    from app.cases.model import TagChanges
    from app.cases.tagging import tag_item
    from app.ingest import import_bytes

    with open_vault(vault_dir, PASSPHRASE) as v:
        add_case(v, "قضية")
        item = import_bytes(v, png_bytes(), name="a.png").item_id
        assert item is not None
        tag_item(v, item, TagChanges(add_cases=("قضية",)))
    unlock(qtbot, shell)
    _dialog, section = _open_safety_tab(qtbot, shell)
    assert section.case_combo.currentData() == "قضية"
    flow = shell.flows.safety
    with qtbot.waitSignal(flow.done, timeout=30000) as done:
        flow.erase_case_now("قضية")
    assert plain(done.args[0]) == "The case was deleted with 1 item."
    qtbot.waitUntil(lambda: not section.case_erase_button.isEnabled(), timeout=10000)
    assert shell.controller.vault.info().items == 0
    with qtbot.waitSignal(shell.controller.vault_locked, timeout=30000) as locked:
        shell.controller.erase_vault()
    assert locked.args == ["erased"]
    assert shell.start_window.busy_label.text().startswith("The vault was erased")
    with pytest.raises(AppError) as info:
        open_vault(vault_dir, PASSPHRASE)
    assert info.value.code == "vault.erased"


def test_receipts_shown_on_the_item(qtbot, shell, vault_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.handover import export_from_vault, receive_into_vault
    from app.handover.receipts import make_receipt
    from app.ingest import import_bytes
    from app.vault import KdfParams, create_vault

    with open_vault(vault_dir, PASSPHRASE) as v:
        item = import_bytes(v, png_bytes(), name="sent.png").item_id
        assert item is not None
        bundle = export_from_vault(v, tmp_path / "b.zip", item_ids=[item], encrypt=False).path
        mine = v.fingerprint()
    with create_vault(tmp_path / "org.bayyina", PASSPHRASE, KdfParams.testing()) as org:
        receive_into_vault(org, bundle, trust_signer=mine)
        (tmp_path / "receipt.json").write_bytes(make_receipt(org, bundle, name="منظمة الحقوق"))
    unlock(qtbot, shell)
    flow = shell.flows.safety
    asked: list[str] = []
    flow.ask_trust = lambda fp: asked.append(fp) or True  # type: ignore[method-assign]
    with qtbot.waitSignal(flow.done, timeout=30000) as done:
        flow.import_receipt(tmp_path / "receipt.json")
    assert len(asked) == 1  # a new organisation key: asked once, then trusted
    assert plain(done.args[0]).startswith("1 item is recorded as received by")
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=30000):
        shell.flows.browse.load_detail(item)
    text = plain(shell.main_window.detail.provenance_label.text())
    assert "Received by" in text and "منظمة الحقوق" in text and "(signed receipt)" in text


def test_access_log_in_arabic_uses_her_digits(qtbot, ar, shell, vault_dir) -> None:  # type: ignore[no-untyped-def]
    """The count and the time both in the digits of the display option (Arabic-Indic in
    Arabic unless she chose Western), and the singular says "the last one" too."""
    with pytest.raises(WrongPassphrase):
        open_vault(vault_dir, "guess")
    unlock(qtbot, shell)
    qtbot.waitUntil(lambda: shell.unlock_notice is not None
                    and shell.unlock_notice.isVisible(), timeout=10000)
    text = plain(shell.unlock_notice.text())
    assert "(١)" in text and "اليوم الساعة" in text
    assert not any(c in "0123456789" for c in text), text
    assert "وكانت اليوم" in text
