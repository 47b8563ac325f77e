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


def _quarantined(n: int) -> SimpleNamespace:
    from app.handover.checks import Quarantined

    q = [Quarantined(10 + i, f"uuid-{i}", "handover.copy_wrong_type",
                     {"found": "text/html", "claimed": "image/jpeg"}) for i in range(n)]
    return SimpleNamespace(added=[10, 11, 12], duplicates=[], originals_completed=[],
                           status="received", signer_fingerprint="ab12" * 16, quarantined=q)


def test_summary_names_quarantined_copies_and_why_in_english(qtbot, en: str) -> None:  # type: ignore[no-untyped-def]
    dialog = ReceiveDialog()
    qtbot.addWidget(dialog)
    dialog.show_result(_quarantined(1))
    text = dialog.result_label.text()
    assert "Warning: 1 item's clean copy failed this vault's checks." in text
    assert "item 10: The bundle says it is image/jpeg, but its content is text/html." \
        in text.replace("\u2068", "").replace("\u2069", "")
    dialog.show_result(_quarantined(0))
    assert "quarantined" not in dialog.result_label.text()


def test_summary_names_quarantined_copies_in_arabic_plural_forms(qtbot, ar: str) -> None:  # type: ignore[no-untyped-def]
    dialog = ReceiveDialog()
    qtbot.addWidget(dialog)
    dialog.show_result(_quarantined(2))
    dual = dialog.result_label.text()
    dialog.show_result(_quarantined(3))
    few = dialog.result_label.text()
    assert "تحذير" in dual and "تحذير" in few
    assert dual.splitlines()[1] != few.splitlines()[1].replace("٣", "٢")  # dual, not plural
    assert "text/html" in few and "الحزمة" in few  # the reason, translated
