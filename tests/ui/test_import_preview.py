# SPDX-License-Identifier: GPL-3.0-or-later
"""The preview before an import: chosen files and folders are listed with what each carries, in
her words and with the values, before anything is imported; Import imports them, Cancel imports
nothing, even in the middle of reading hundreds of files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.core.media.gen import jpeg_full_of_metadata
from tests.ui.conftest import png_bytes, unlock


def _chosen(tmp_path: Path) -> Path:
    root = tmp_path / "chosen"
    root.mkdir()
    (root / "gps.jpg").write_bytes(jpeg_full_of_metadata())
    (root / "plain.png").write_bytes(png_bytes((1, 2, 3)))
    (root / "empty.png").write_bytes(b"")
    (root / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a jpeg")
    return root


def _flat(lines: list[str]) -> str:
    return "\n".join(lines).translate({0x2068: None, 0x2069: None, 0x200E: None, 0x200F: None})


def test_preview_lists_what_each_file_carries_then_imports(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    flow, window = shell.flows.imports, shell.main_window
    root = _chosen(tmp_path)
    with qtbot.waitSignal(flow.preview_ready, timeout=60000):
        window.import_requested.emit([root], "folder")
    dialog = flow.preview_dialog
    text = _flat(dialog.lines())
    assert "gps.jpg" in text
    assert "Where: the place where the photo was taken (33.30 N, 44.38 E)" in text
    assert "the phone or camera model (Model-X BAYYINA-SECRET-MARKER)" in text
    assert "will be removed from the clean copy" in text
    assert "Nothing that needs removing was found." in text  # plain.png
    assert text.count("Cannot be imported:") == 2  # empty.png, broken.jpg
    assert dialog.status_label.text() == "2 files can be imported. 2 files cannot be imported."
    assert window.model.rowCount() == 0  # nothing imported while she reads
    with qtbot.waitSignal(flow.summary_shown, timeout=60000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].summary.imported == 2
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=30000)


def test_preview_in_arabic_says_it_in_arabic(qtbot, shell, ar: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    flow = shell.flows.imports
    path = tmp_path / "gps.jpg"
    path.write_bytes(jpeg_full_of_metadata())
    with qtbot.waitSignal(flow.preview_ready, timeout=60000):
        shell.main_window.import_requested.emit([path], "file")
    text = _flat(flow.preview_dialog.lines())
    assert "المكان الذي التُقطت فيه الصورة (33.30 N, 44.38 E)" in text
    flow.preview_dialog.cancel_button.click()


def test_cancel_while_reading_hundreds_imports_nothing(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, shell)
    flow, window = shell.flows.imports, shell.main_window
    root = tmp_path / "many"
    root.mkdir()
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (5, 5, 5)).save(buf, "PNG")
    for i in range(400):
        (root / f"{i:03}.png").write_bytes(buf.getvalue())
    with qtbot.waitSignal(flow.preview_shown, timeout=30000):
        window.import_requested.emit([root], "folder")
    dialog = flow.preview_dialog
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 400, timeout=30000)
    with qtbot.waitSignal(flow.preview_closed, timeout=30000) as blocker:
        dialog.cancel_button.click()
    assert blocker.args == [False]
    qtbot.waitUntil(lambda: not shell.controller.runner.running, timeout=30000)
    assert window.model.rowCount() == 0 and not flow.is_running
    assert dialog.preview is None  # the reading stopped before it was shown


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_preview_says_a_chat_export_with_its_counts(qtbot, shell, lang: str,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    """A WhatsApp zip and a Telegram result.json are said as chat exports with their messages,
    media files and participants (the display digits in Arabic), before anything is imported."""
    from tests.core.chats import gen

    unlock(qtbot, shell)
    flow = shell.flows.imports
    root = tmp_path / "chosen"
    root.mkdir()
    messages = gen.sample_messages(1234, locale="ar", platform="android", media=True)
    members = sorted({a.member for m in messages for a in m.attachments if a.member})
    (root / "WhatsApp Chat with العائلة.zip").write_bytes(gen.whatsapp_zip(
        messages, {n: png_bytes((i % 250, 2, 3)) for i, n in enumerate(members)},
        platform="android", locale="ar", title="العائلة"))
    (root / "result.json").write_bytes(gen.telegram_json(gen.telegram_messages(12)))
    with qtbot.waitSignal(flow.preview_ready, timeout=60000):
        shell.main_window.import_requested.emit([root], "folder")
    dialog = flow.preview_dialog
    files = {f.shown.rsplit("/", 1)[-1]: f for f in dialog.preview.files}
    wa, tg = files["WhatsApp Chat with العائلة.zip"].chat, files["result.json"].chat
    assert wa is not None and tg is not None
    participants = len({m.author for m in messages if m.author})
    assert (wa.messages, wa.media, wa.participants) == (1234, len(members), participants)
    text = _flat(dialog.lines())
    if lang == "en":
        assert (f"WhatsApp chat export · 1,234 messages · {len(members)} media files · "
                f"{participants} participants") in text
        assert f"Telegram chat export · {tg.messages} messages" in text
    else:
        from app.textsafety import localize_digits

        assert "تصدير محادثة واتساب، ١٬٢٣٤ رسالة، " in text  # the Arabic comma, not ·
        assert localize_digits(f"{participants}", "arabic-indic") in text
        assert "تصدير محادثة تيليجرام" in text
    assert dialog.preview.importable == 2
    assert dialog.status_label.text() in ("2 files can be imported.", "يمكن استيراد ملفين.")
    assert shell.main_window.model.rowCount() == 0  # nothing imported while she reads
    dialog.cancel_button.click()
