# SPDX-License-Identifier: GPL-3.0-or-later
"""Both front ends build the same typed request (app/handover/requests.py,
app/report/requests.py) and refuse the same input with the same sentence; and a flow's result
that arrives after a lock is dropped (AppController.run, the generation guard)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from app.errors import AppError
from tests.helpers import Cli, msg
from tests.ui.conftest import unlock


class _Captured(Exception):
    pass


def _capture(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> list[Any]:
    """Replace the core function the CLI calls with one that records its request and stops."""
    seen: list[Any] = []

    def fake(_vault: Any, request: Any, **_kw: Any) -> Any:
        seen.append(request)
        raise AppError("generic.unexpected")

    monkeypatch.setattr(f"{module}.{name}", fake)
    return seen


def _refusal(dialog_request: Any) -> str:
    with pytest.raises(AppError) as err:
        dialog_request()
    return msg(err.value.code, **err.value.params)


def test_export_dialog_and_cli_build_the_same_request(qtbot, en, cli: Cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.dialogs.export_bundle import ExportBundleDialog

    dialog = ExportBundleDialog([4, 2], [])
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path))
    dialog.passphrase_edit.setText("two words")
    dialog.confirm_edit.setText("two words")
    dialog.originals_check.setChecked(True)
    dialog.report_check.setChecked(True)
    dialog.report_lang.setCurrentIndex(dialog.report_lang.findData("ar"))
    gui = dialog.request()
    assert gui.item_ids == (4, 2) and gui.passphrase == "two words" and gui.out.parent == tmp_path
    pw = tmp_path / "bundle-pw.txt"
    pw.write_text("two words\n", encoding="utf-8")
    assert cli.init().code == 0
    seen = _capture(monkeypatch, "app.cli.cmd_bundle", "export_bundle")
    r = cli("export", "--out", str(gui.out), "--items", "4,2", "--passphrase-protect",
            "--bundle-passphrase-file", str(pw), "--include-originals", "--report", "ar")
    assert r.code == 1 and seen == [gui]


@pytest.mark.parametrize("key", ["", "age1notvalid"])
def test_export_dialog_and_cli_refuse_a_key_alike(qtbot, en, cli: Cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  key: str) -> None:
    """No key at all (bundle.no_recipient) or a malformed one (bundle.bad_recipient)."""
    from ui.dialogs.export_bundle import ExportBundleDialog

    dialog = ExportBundleDialog([], [])
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path))
    dialog.key_radio.setChecked(True)
    dialog.key_edit.setText(key)
    sentence = _refusal(dialog.request)
    assert cli.init().code == 0
    r = cli("export", "--out", str(tmp_path / "x.zip.age"), *(("--recipient", key) if key else ()))
    assert r.code == 2 and r.err.strip().splitlines()[-1] == sentence
    # the dialog shows the refusal itself and asks nothing of the core
    with qtbot.assertNotEmitted(dialog.export_requested):
        dialog.export_button.setEnabled(True)
        dialog.export_button.click()
    assert dialog.error_label.text() and "{" not in dialog.error_label.text()


def test_receive_dialog_and_cli_build_the_same_request(qtbot, en, cli: Cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from app.bundle import keygen_recipient
    from ui.dialogs.receive import ReceiveDialog

    identity, _key = keygen_recipient()
    key_file = tmp_path / "org.key"
    key_file.write_text(identity, encoding="utf-8")
    dialog = ReceiveDialog()
    qtbot.addWidget(dialog)
    dialog.bundle_edit.setText(str(tmp_path / "in.zip.age"))
    dialog.set_identity_text(identity, "org.key")
    fingerprint = "AB12 " * 16
    gui = dialog.request(fingerprint)
    assert gui.identity == identity and gui.passphrase is None and gui.trust_signer == \
        "ab12" * 16
    assert cli.init().code == 0
    seen = _capture(monkeypatch, "app.cli.cmd_bundle", "receive_bundle")
    r = cli("receive", str(tmp_path / "in.zip.age"), "--identity", str(key_file),
            "--trust-signer", fingerprint)
    assert r.code == 1 and seen == [gui]


def test_receive_dialog_and_cli_refuse_a_bad_fingerprint_alike(qtbot, en, cli: Cli,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    from ui.dialogs.receive import ReceiveDialog

    dialog = ReceiveDialog()
    qtbot.addWidget(dialog)
    dialog.bundle_edit.setText(str(tmp_path / "in.zip.age"))
    dialog.passphrase_edit.setText("p")
    sentence = _refusal(lambda: dialog.request("not a fingerprint"))
    assert cli.init().code == 0
    r = cli("receive", str(tmp_path / "in.zip.age"), "--trust-signer", "not a fingerprint")
    assert r.code == 2 and r.err.strip().splitlines()[-1] == sentence


def test_report_dialog_and_cli_build_the_same_request(qtbot, en, cli: Cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.dialogs.report import ReportDialog

    dialog = ReportDialog([7, 3], ["a case"])
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path))
    dialog.selected_radio.setChecked(True)
    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("ar"))
    dialog.redact_check.setChecked(True)
    gui = dialog.request()
    assert gui.item_ids == (7, 3) and gui.case_title is None and gui.lang == "ar"
    assert cli.init().code == 0
    seen = _capture(monkeypatch, "app.cli.cmd_report", "write_report")
    r = cli("report", "--out", str(gui.out), "--items", "7,3", "--redact-sensitive", lang="ar")
    assert r.code == 1 and seen == [gui]
    dialog.case_radio.setChecked(True)
    assert dialog.request().case_title == "a case" and dialog.request().item_ids is None


def test_a_flow_result_after_a_lock_is_dropped(qtbot, shell, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The report job finishes after the vault locked: its result reaches neither the flow's
    signals nor a dialog; the same job finishing before a lock does (so the check can fail)."""
    from app.report.requests import ReportRequest
    from ui.jobs import report as report_job

    gate, started = threading.Event(), threading.Event()

    def slow(_vault: Any, request: ReportRequest, cancel: Any = None) -> Path:
        started.set()
        assert gate.wait(30)
        return request.out

    monkeypatch.setattr(report_job, "report", slow)
    flow = shell.flows.report
    got: list[object] = []
    flow.finished.connect(got.append)
    flow.failed.connect(got.append)
    unlock(qtbot, shell)
    with qtbot.waitSignal(flow.finished, timeout=30000):
        flow.start(ReportRequest(tmp_path / "before.pdf"))
        assert started.wait(30)
        gate.set()
    assert got == [tmp_path / "before.pdf"]
    got.clear()
    gate.clear()
    started.clear()
    flow.start(ReportRequest(tmp_path / "after.pdf"))
    assert started.wait(30)
    shell.controller.lock("user")
    gate.set()
    assert shell.controller.runner.wait_for_done(30000)
    for _ in range(3):
        shell.app.processEvents()  # the finished task's queued signals are delivered here
    assert got == []
    assert flow.controller.run(slow, ReportRequest(tmp_path / "x.pdf"), ok=got.append) is None
