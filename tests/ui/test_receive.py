# SPDX-License-Identifier: GPL-3.0-or-later
"""The receive dialog's summary, in Arabic and English, including originals that arrived later."""

from __future__ import annotations

from types import SimpleNamespace

from ui.dialogs.receive import ReceiveDialog


def _result(completed: list[int]) -> SimpleNamespace:
    return SimpleNamespace(added=[1, 2, 3], duplicates=["x"], originals_completed=completed,
                           status="received", signer_fingerprint="ab12" * 16)


def test_summary_names_completed_originals_in_arabic(qtbot, ar: str) -> None:  # type: ignore[no-untyped-def]
    dialog = ReceiveDialog()
    qtbot.addWidget(dialog)
    dialog.show_result(_result([7, 8]))
    text = dialog.result_label.text()
    assert "استُلمت ٣ عناصر." in text
    assert "وصل الآن أصلا عنصرين (٢) كانا قد استُلما من دونهما." in text
    dialog.show_result(_result([]))
    assert "أصل" not in dialog.result_label.text()


def test_summary_names_completed_originals_in_english(qtbot, en: str) -> None:  # type: ignore[no-untyped-def]
    dialog = ReceiveDialog()
    qtbot.addWidget(dialog)
    dialog.show_result(_result([7]))
    assert "1 item received earlier without its original now has it." in (
        dialog.result_label.text())
