# SPDX-License-Identifier: GPL-3.0-or-later
"""Address book: add/list/delete through the dialog; the export wizard picks a saved key, the bundle
opens with the matching identity; a pasted key can be saved; every new dialog speaks Arabic."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import png_bytes, unlock
from tests.ui.test_arabic import _assert_arabic


def test_address_book_add_list_delete(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    from app.bundle import keygen_recipient
    from app.handover.recipients import list_recipients, recipient_fingerprint

    unlock(qtbot, shell)
    c = shell.controller
    _identity, key = keygen_recipient()
    with qtbot.waitSignal(shell.flows.records.dialog_shown, timeout=10000) as shown:
        shell.main_window.address_book_action.trigger()
    dialog = shown.args[0]
    assert not dialog.add_button.isEnabled()
    dialog.label_edit.setText("منظمة الدعم")
    dialog.key_edit.setText(key)
    assert recipient_fingerprint(key) in dialog.fingerprint_label.text()
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert dialog.table.item(0, 1).text() == "\u2066" + recipient_fingerprint(key) + "\u2069"
    assert [r.recipient for r in list_recipients(c.vault)] == [key]
    dialog.key_edit.setText("age1broken")
    dialog.label_edit.setText("x")
    with qtbot.waitSignal(shell.flows.records.record_failed, timeout=10000):
        dialog.add_button.click()
    assert dialog.error_label.text() and "{" not in dialog.error_label.text()
    dialog.table.selectRow(0)
    with qtbot.waitSignal(shell.flows.records.record_saved, timeout=10000):
        dialog.delete_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10000)
    assert list_recipients(c.vault) == []
    actions = [r[0] for r in c.vault.read("SELECT action FROM custody ORDER BY seq")]
    assert actions[-2:] == ["recipient.add", "recipient.delete"]


def test_export_picks_saved_recipient_and_saves_pasted(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.bundle import keygen_recipient, verify_bundle
    from app.handover.recipients import add_recipient, list_recipients
    from app.ingest import import_bytes

    unlock(qtbot, shell)
    c = shell.controller
    identity, key = keygen_recipient()
    add_recipient(c.vault, "المنظمة", key)
    import_bytes(c.vault, png_bytes((3, 4, 5)), name="a.png")
    shell.main_window.export_action.trigger()
    dialog = shell.flows.export.dialog
    qtbot.waitUntil(lambda: dialog.saved_combo.count() == 2, timeout=10000)
    dialog.saved_combo.setCurrentIndex(1)
    dialog.saved_combo.activated.emit(1)
    assert dialog.key_radio.isChecked() and dialog.key_edit.text() == key
    assert dialog.save_key_check.isHidden()  # already in the book
    dialog.folder_edit.setText(str(tmp_path))
    with qtbot.waitSignal(shell.flows.export.finished, timeout=120000) as blocker:
        dialog.export_button.click()
    result = blocker.args[0]
    assert verify_bundle(result.path, identity=identity).item_count == 1
    # a new pasted key: offered for saving, saved on export
    _id2, other = keygen_recipient()
    dialog.key_edit.setText(other)
    assert not dialog.save_key_check.isHidden()
    dialog.save_key_check.setChecked(True)
    dialog.save_label_edit.setText("ثانية")
    with qtbot.waitSignal(shell.flows.export.recipient_saved, timeout=120000):
        dialog.export_button.click()
    qtbot.waitUntil(lambda: len(list_recipients(c.vault)) == 2, timeout=10000)
    assert {r.label for r in list_recipients(c.vault)} == {"المنظمة", "ثانية"}
    qtbot.waitUntil(lambda: not c.runner.running, timeout=120000)


def test_new_dialogs_arabic(qtbot, ar) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.address_book import AddressBookDialog
    from ui.dialogs.case_editor import CaseEditorDialog
    from ui.dialogs.perpetrator_editor import PerpetratorEditorDialog

    for dialog in (CaseEditorDialog(), PerpetratorEditorDialog(None, [("x", "X", "إكس")]),
                   AddressBookDialog()):
        qtbot.addWidget(dialog)
        dialog.show()
        _assert_arabic(dialog)
