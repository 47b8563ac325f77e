# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the chat view (issue 14) in Arabic and English over the demo vault with a
generated WhatsApp export (Arabic-locale Android, a picture, English and Arabic messages) — run,
not collected by pytest.

``QT_QPA_PLATFORM="offscreen:configfile=SCREEN.json" .venv/bin/python -m
tools.make_chat_screenshots [OUT_DIR]`` (a 1366x768 screen in SCREEN.json, as
``tests/ui/test_geometry.py`` writes it). Writes ``chat-{lang}.png`` (a search and a selected
range), ``chat-tag-{lang}.png``, ``chat-offset-{lang}.png``, ``chat-item-{lang}.png`` (the chat
item's facts in the detail panel) and ``chat-preview-{lang}.png`` (the import preview of a
WhatsApp zip, a Telegram export and a picture).
"""

from __future__ import annotations

import io
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtWidgets

from tools.make_screenshots import (
    _grab,
    _wait_for,
    close_shell,
    demo_vault,
    open_shell,
    run,
    unlock,
)


def export_bytes() -> bytes:
    from PIL import Image

    from app.chats.model import Attachment, Message
    from tests.core.chats import gen

    picture = "IMG-20240302-WA0001.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 60)).save(buf, "PNG")
    messages = gen.sample_messages(300, locale="ar", platform="android", media=False)
    start = datetime(2024, 1, 12, 9, 0)
    head = [Message(0, start, "+962 7 9999 1234", "سأنشر عنوان بيتك يا خائنة"),
            Message(1, start + timedelta(minutes=1), "Sara", "Stop posting or else. We know "
                    "where you work and we will be waiting for you there tomorrow."),
            Message(2, start + timedelta(minutes=2), "+962 7 9999 1234", "",
                    attachments=(Attachment(picture, picture, "photo"),)),
            Message(3, start + timedelta(minutes=3), "أحمد", "نعرف أين تسكنين\nوسنأتي إليك")]
    rest = [Message(len(head) + m.index, m.sent_at, m.author, m.text, kind=m.kind,
                    edited=m.edited, deleted=m.deleted, attachments=m.attachments)
            for m in messages]
    return gen.whatsapp_zip(head + rest, {picture: buf.getvalue()}, platform="android",
                            locale="ar", title="العائلة")


def main(out: Path) -> int:
    from ui.application import create_application

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with demo_vault() as (tmp, vault_path, _):
        export = tmp / "WhatsApp Chat with العائلة.zip"
        export.write_bytes(export_bytes())
        chosen = _preview_folder(tmp, export)
        for n, lang in enumerate(("ar", "en")):
            shell, controller = open_shell(app, vault_path, lang, blur_sensitive=False)
            window = unlock(shell)
            _wait_for(lambda: not controller.runner.running)
            _preview(shell, window, chosen, out / f"chat-preview-{lang}.png")
            flow = shell.flows.chats
            if n == 0:  # imported once; the offset question shot in both languages
                shown: list[Any] = []
                flow.offset_dialog_shown.connect(shown.append)
                shell.flows.imports.import_paths([export], "file")
                _wait_for(lambda: bool(shown))
                _close_summary(shell, out / f"chat-import-summary-{lang}.png")
                _grab(shown[0], out / f"chat-offset-{lang}.png")
                shown[0].buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
                _wait_for(lambda: not controller.runner.running)
            else:
                from ui.dialogs.chat_tag import ChatOffsetDialog

                dialog = ChatOffsetDialog(["العائلة"], "+03:00", window)
                dialog.show()
                _grab(dialog, out / f"chat-offset-{lang}.png")
                dialog.close()
            chat_id = int(controller.vault.read("SELECT id FROM items WHERE kind = 'chat'")[0][0])
            window.resize(1366, 768 - 30)
            _wait_for(lambda: window.model.rowCount() > 0 and not controller.runner.running)
            window.select_item(chat_id)
            _wait_for(lambda: window.detail.open_chat_button.isVisible()
                      and not controller.runner.running)
            _grab(window, out / f"chat-item-{lang}.png")
            loaded: list[int] = []
            flow.chat_loaded.connect(loaded.append)
            flow.open_chat(chat_id)
            _wait_for(lambda: bool(loaded))
            chat = flow.chat_window
            screen = chat.screen().availableGeometry()
            chat.resize(screen.width(), screen.height() - 30)
            chat.search_edit.setText("اين")
            chat.search_button.click()
            _wait_for(lambda c=chat: c.results_model.rowCount() > 0)
            chat.list.scrollToTop()
            chat.select_range(0, 2)
            _wait_for(lambda: not controller.runner.running)
            _grab(chat, out / f"chat-{lang}.png")
            tag: list[Any] = []
            flow.tag_dialog_shown.connect(tag.append)
            chat.tag_button.click()
            _wait_for(lambda: bool(tag))
            tag[0].categories.set_key_checked("death-threat", True)
            tag[0].perpetrator_combo.setEditText("أبو فلان")
            _grab(tag[0], out / f"chat-tag-{lang}.png")
            tag[0].reject()
            print(lang, "chat", chat.size().width(), chat.size().height(),
                  "min", chat.minimumSizeHint().width(), chat.minimumSizeHint().height(),
                  "screen", screen.width(), screen.height())
            close_shell(shell, controller)
    return 0


def _preview_folder(tmp: Path, export: Path) -> Path:
    from tests.core.chats import gen
    from tests.core.media.gen import jpeg_full_of_metadata

    chosen = tmp / "chosen"
    chosen.mkdir()
    (chosen / export.name).write_bytes(export.read_bytes())
    (chosen / "result.json").write_bytes(gen.telegram_json(gen.telegram_messages(240),
                                                           title="حملة"))
    (chosen / "IMG_0042.jpg").write_bytes(jpeg_full_of_metadata())
    return chosen


def _preview(shell: Any, window: Any, chosen: Path, path: Path) -> None:
    """The import preview of ``chosen``, shot and cancelled (nothing imported)."""
    flow = shell.flows.imports
    ready: list[Any] = []
    flow.preview_ready.connect(ready.append)
    window.import_requested.emit([chosen], "folder")
    _wait_for(lambda: bool(ready))
    dialog = flow.preview_dialog
    _grab(dialog, path)
    print("preview", dialog.size().width(), dialog.size().height())
    dialog.cancel_button.click()
    _wait_for(lambda: not shell.controller.runner.running)


def _close_summary(shell: Any, path: Path) -> None:
    dialog = shell.flows.imports.summary
    if dialog is not None:
        QtCore.QCoreApplication.processEvents()
        _grab(dialog, path)
        dialog.close()


if __name__ == "__main__":
    run(main)
