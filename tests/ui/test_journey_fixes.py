# SPDX-License-Identifier: GPL-3.0-or-later
"""What walking the whole journey at 1366×768 showed (issue 13, tools/make_journey_screenshots.py):
the signer's fingerprint after receiving and the bundle's SHA-256 after exporting are shown in
groups of four (a 64-digit run was cut off at the dialog's edge), and a received item's title
names its platform in the interface language ("إكس · handle", not "x · handle")."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

FP = "cba1c2c2474da091e1d2f7c5697086c197955ec41fce73f49431b2c8a7f164e3"
GROUPED = "cba1 c2c2 474d a091 e1d2 f7c5 6970 86c1 9795 5ec4 1fce 73f4 9431 b2c8 a7f1 64e3"


def _fits(label, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Every line of ``text`` as the label wraps it is within the label's width."""
    from PySide6 import QtGui

    layout = QtGui.QTextLayout(text, label.font())
    option = QtGui.QTextOption()
    option.setWrapMode(QtGui.QTextOption.WrapMode.WordWrap)  # as a QLabel wraps
    layout.setTextOption(option)
    layout.beginLayout()
    widest = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(label.width())
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return widest <= label.width()


def test_received_signer_fingerprint_is_grouped_and_fits(qtbot, ar) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.receive import ReceiveDialog

    dialog = ReceiveDialog()
    qtbot.addWidget(dialog)
    dialog.resize(420, 600)
    dialog.show()
    dialog.show_result(SimpleNamespace(added=[1] * 23, duplicates=[], status="received",
                                       signer_fingerprint=FP))
    text = dialog.result_label.text()
    assert GROUPED in text and FP not in text
    assert _fits(dialog.result_label, text)
    # not a fingerprint (never from the core): shown as it came, cleaned
    dialog.show_result(SimpleNamespace(added=[], duplicates=[], status="received",
                                       signer_fingerprint="not-hex"))
    assert "not-hex" in dialog.result_label.text()


def test_exported_sha256_is_grouped(qtbot, en, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.export_bundle import ExportBundleDialog

    dialog = ExportBundleDialog([1], ["Case"])
    qtbot.addWidget(dialog)
    dialog.show()
    result: Any = SimpleNamespace(verified=None, manifest={"items": [{}]},
                                  path=tmp_path / "b.zip.age", sha256=FP)
    dialog.show_result(result)
    text = dialog.result_label.text()
    assert f"SHA-256: \u2066{GROUPED}\u2069" in text
    assert _fits(dialog.result_label, text.split("\n")[2])


def test_a_received_items_title_names_its_platform(ar) -> None:  # type: ignore[no-untyped-def]
    from ui.views.evidence_detail import item_title

    tags = SimpleNamespace(platform="x", accounts=(SimpleNamespace(handle="sawt_alhaqiqa"),),
                           posted_at="2024-02-11T21:10:00+03:00")
    title = item_title({"original_name": ""}, tags, {"x": "إكس"})
    assert title == "إكس · sawt_alhaqiqa · 2024-02-11"
    assert item_title({"original_name": ""}, tags).startswith("x · ")  # no names known yet
    assert item_title({"original_name": "shot.png"}, tags, {"x": "إكس"}) == "shot.png"


def test_report_target_wraps_without_being_cut(qtbot, en, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"The report will be saved as …" with a long folder: every wrapped line has its height
    (in a form row it kept one line's height and the words were cut through)."""
    from ui.dialogs.report import ReportDialog

    folder = tmp_path / "a-long-folder-name-for-the-reports-of-the-campaign" / "reports-en"
    folder.mkdir(parents=True)
    dialog = ReportDialog([1, 2], ["Case"])
    qtbot.addWidget(dialog)
    dialog.resize(520, 380)
    dialog.show()
    dialog.folder_edit.setText(str(folder))
    label = dialog.target_label
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=3000)
    lines = label.heightForWidth(label.width()) // label.fontMetrics().lineSpacing()
    assert lines >= 2  # it did wrap
    assert str(folder) in label.text().replace("\n", "")


def test_provenance_in_her_digits_and_date_form(ar) -> None:  # type: ignore[no-untyped-def]
    """The organisation's provenance line: the bundle number and the date received in the
    display digits and the local form (it showed ``2026-12-03 12:49`` in the Arabic window)."""
    from ui.views.evidence_detail import provenance_text
    from ui.widgets.date_field import set_display

    prov = {"source": "bundle", "signer": FP, "bundle_id": "0f381825-6723-aaaa", "bundle_seq": 1,
            "received_at": "2026-12-03T12:49:08+00:00"}
    try:
        line = provenance_text({"provenance": prov}, [])
        assert "١٢:٤٩" in line and "٢٠٢٦" in line and "(رقم \u2066١\u2069)" in line
        assert GROUPED in line  # the fingerprint stays as hex groups
        set_display("western", False)
        line = provenance_text({"provenance": prov}, [])
        assert "12:49" in line and "2026" in line and "١" not in line
    finally:
        set_display("auto", False)


def test_export_says_a_whole_chat_was_left_out(qtbot, en, vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The CLI said it; the wizard did not: a whole chat export leaves only as an excerpt, or
    with the originals."""
    from app.handover import export_from_vault
    from app.ingest import import_paths
    from tests.core.chats import fixture
    from tests.core.chats.conftest import family_lines, png
    from ui.dialogs.export_bundle import ExportBundleDialog

    chat = tmp_path / "WhatsApp Chat with Family.zip"
    chat.write_bytes(fixture.whatsapp_zip("Family", fixture.whatsapp_txt(family_lines()),
                                          {"IMG-20240302-WA0001.jpg": png((200, 10, 10))}))
    import_paths(vault, [chat], chat_offset="+03:00")
    result = export_from_vault(vault, tmp_path / "b.zip", encrypt=False)
    assert [reason for _item, reason in result.skipped] == ["chat_export_not_asked"]
    dialog = ExportBundleDialog([], ["Case"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_result(result)
    text = dialog.result_label.text()
    assert "1 whole chat export was left out" in text and "excerpt" in text
    assert "no clean copy" not in text
