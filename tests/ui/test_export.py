# SPDX-License-Identifier: GPL-3.0-or-later
"""Export dialog: a passphrase bundle of the selected items, read back and verified; a bundle for
an organisation's key (read back and verified with the bundle's own file key; only the
organisation can open it, and the dialog says so)."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import png_bytes, unlock


def _import_two(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.png").write_bytes(png_bytes((1, 100, 1)))
    (src / "b.png").write_bytes(png_bytes((100, 1, 1)))
    with qtbot.waitSignal(shell.flows.imports.summary_shown, timeout=60000) as blocker:
        shell.flows.imports.import_paths([src], "folder")
    blocker.args[0].close()
    qtbot.waitUntil(lambda: shell.main_window.model.rowCount() == 2, timeout=30000)


def test_export_passphrase_bundle_verified(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.bundle import verify_bundle

    unlock(qtbot, shell)
    _import_two(qtbot, shell, tmp_path)
    window = shell.main_window
    window.evidence.select_row(0)
    window.export_action.trigger()
    dialog = shell.flows.export.dialog
    assert dialog is not None and dialog.selected_radio.isChecked()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert not dialog.export_button.isEnabled()
    dialog.folder_edit.setText(str(usb))
    dialog.passphrase_edit.setText("مشاركة منفصلة 2026")
    dialog.confirm_edit.setText("مشاركة منفصلة 2026")
    assert dialog.export_button.isEnabled()
    dialog.originals_check.setChecked(True)
    assert dialog.originals_warning.isVisibleTo(dialog)  # a clear warning
    dialog.originals_check.setChecked(False)
    dialog.report_check.setChecked(False)
    with qtbot.waitSignal(shell.flows.export.finished, timeout=120000) as blocker:
        dialog.export_button.click()
    result = blocker.args[0]
    verified = result.verified  # the writer's own read-back, carried by the result
    assert verified is not None and verified.signer_trusted and verified.item_count == 1
    assert result.path.parent == usb and result.path.exists()
    text = dialog.result_label.text()
    assert "1 item exported." in text and "verified" in text
    assert result.sha256 in text.replace(" ", "")  # shown in groups of four
    again = verify_bundle(result.path, passphrase="مشاركة منفصلة 2026")
    assert again.item_count == 1


def test_export_for_organisation_key(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.bundle import keygen_recipient, verify_bundle

    unlock(qtbot, shell)
    _import_two(qtbot, shell, tmp_path)
    identity, recipient = keygen_recipient()
    shell.main_window.export_action.trigger()
    dialog = shell.flows.export.dialog
    assert dialog.all_radio.isChecked()  # nothing selected: everything
    dialog.key_radio.setChecked(True)
    dialog.key_edit.setText(recipient)
    dialog.folder_edit.setText(str(tmp_path))
    with qtbot.waitSignal(shell.flows.export.finished, timeout=120000) as blocker:
        dialog.export_button.click()
    result = blocker.args[0]
    verified = result.verified  # the writer's own read-back, carried by the result
    assert verified is not None and verified.item_count == 2 and verified.encrypted
    assert verified.container_sha256 == result.sha256
    text = dialog.result_label.text()
    assert "only the organisation" in text and "verified" in text
    assert verify_bundle(result.path, identity=identity).item_count == 2


def test_export_error_is_translated(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)  # an empty vault: nothing to export
    shell.main_window.export_action.trigger()
    dialog = shell.flows.export.dialog
    dialog.folder_edit.setText(str(tmp_path))
    dialog.passphrase_edit.setText("x y z")
    dialog.confirm_edit.setText("x y z")
    with qtbot.waitSignal(shell.flows.export.failed, timeout=60000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0] == dialog.error_label.text() and "{" not in blocker.args[0]
    assert dialog.export_button.isEnabled() is False  # fields cleared: type the passphrase again


def test_report_dialog_writes_a_private_pdf(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    _import_two(qtbot, shell, tmp_path)
    shell.main_window.report_action.trigger()
    dialog = shell.flows.report.dialog
    assert dialog.all_radio.isChecked() and dialog.redact_check.isChecked()
    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("ar"))
    out = tmp_path / "reports"
    out.mkdir()
    dialog.folder_edit.setText(str(out))
    with qtbot.waitSignal(shell.flows.report.finished, timeout=120000) as blocker:
        dialog.make_button.click()
    pdf = blocker.args[0]
    assert pdf.parent == out and pdf.read_bytes().startswith(b"%PDF")
    assert oct(pdf.stat().st_mode & 0o777) == "0o600"
    assert str(pdf) in dialog.result_label.text()


def test_receive_asks_to_trust_then_imports(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A defender's bundle (another vault) received by the organisation's vault."""
    from app.bundle import keygen_recipient
    from app.bundle.signing import display_fingerprint
    from app.handover import export_from_vault
    from app.ingest import import_bytes
    from app.vault import KdfParams, create_vault

    identity, recipient = keygen_recipient()
    sender = create_vault(tmp_path / "sender.bayyina", "sender pass", KdfParams.testing())
    try:
        import_bytes(sender, png_bytes((9, 9, 9)), name="from-field.png")
        bundle = export_from_vault(sender, tmp_path / "in.zip.age", recipients=[recipient]).path
        fingerprint = display_fingerprint(sender.fingerprint())
    finally:
        sender.lock()
    unlock(qtbot, shell)
    shell.main_window.receive_action.trigger()
    dialog = shell.flows.receive.dialog
    dialog.bundle_edit.setText(str(bundle))
    dialog.set_identity_text(identity, "org.key")
    with qtbot.waitSignal(shell.flows.receive.needs_trust, timeout=60000):
        dialog.receive_button.click()
    assert dialog.trust_box.isVisibleTo(dialog)
    assert fingerprint in dialog.fingerprint_label.text()
    assert shell.main_window.model.rowCount() == 0  # nothing imported before the user confirmed
    with qtbot.waitSignal(shell.flows.receive.finished, timeout=60000):
        dialog.trust_button.click()
    assert "1 item received." in dialog.result_label.text()
    qtbot.waitUntil(lambda: shell.main_window.model.rowCount() == 1, timeout=30000)
