# SPDX-License-Identifier: GPL-3.0-or-later
"""The report dialog (issue 13): a folder or the PDF's own name, never a folder named like the PDF;
refusals and OS errors in the interface language; "Show in folder" opens a local file URL."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui

from app.errors import AppError
from tests.helpers import PASSPHRASE
from tests.ui.conftest import png_bytes, unlock


def test_field_takes_a_folder_or_a_pdf_name(qtbot, en, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.report import ReportDialog

    dialog = ReportDialog([1], [])
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path))
    out = dialog.request().out
    assert out.parent == tmp_path and out.name.startswith("bayyina-report-")
    dialog.folder_edit.setText(str(tmp_path / "for the police.pdf"))
    assert dialog.request().out == tmp_path / "for the police.pdf"
    assert "for the police.pdf" in dialog.target_label.text()
    dialog.folder_edit.setText(str(tmp_path / "campaign"))
    assert dialog.request().out == tmp_path / "campaign.pdf"
    dialog.folder_edit.setText(str(tmp_path / "missing" / "r.pdf"))
    with pytest.raises(AppError) as err:
        dialog.request()
    assert err.value.code == "report.folder_missing"
    assert list(tmp_path.iterdir()) == []  # nothing created, no folder named like the PDF


def test_refusals_and_os_errors_are_in_arabic(qtbot, ar, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.report import ReportDialog, translated_error

    dialog = ReportDialog([1], [])
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "missing" / "r.pdf"))
    dialog.make_button.click()
    shown = dialog.error_label.text()
    assert shown and "folder" not in shown and any("\u0600" <= c <= "\u06ff" for c in shown)
    denied = translated_error(AppError("report.cannot_write", path="/media/usb/r.pdf",
                                       reason=os.strerror(errno.EACCES)))
    assert os.strerror(errno.EACCES) not in denied and "الإذن" in denied or "صلاحية" in denied


def test_report_written_at_the_typed_name_and_show_in_folder(qtbot, shell, vault_dir: Path,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path, monkeypatch) -> None:
    from app.ingest import import_bytes
    from app.vault import open_vault

    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        import_bytes(vault, png_bytes((1, 2, 3)), name="a.png")
    finally:
        vault.lock()
    unlock(qtbot, shell)
    shell.flows.report.show([])
    dialog = shell.flows.report.dialog
    target = tmp_path / "report.pdf"
    dialog.all_radio.setChecked(True)
    dialog.folder_edit.setText(str(target))
    with qtbot.waitSignal(shell.flows.report.finished, timeout=120000) as done:
        dialog.make_button.click()
    assert Path(done.args[0]) == target and target.is_file()
    assert target.read_bytes().startswith(b"%PDF")
    assert dialog.show_folder_button.isVisible()
    opened: list[QtCore.QUrl] = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.show_folder_button.click()
    assert len(opened) == 1 and opened[0].isLocalFile()
    assert Path(opened[0].toLocalFile()) == tmp_path.resolve()
