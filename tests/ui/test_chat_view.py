# SPDX-License-Identifier: GPL-3.0-or-later
"""The chat view (issue 14): a generated WhatsApp export (Android, Arabic locale, with a picture)
imported through the GUI's import, the exporter's offset asked once, the chat opened by
double-click: bubbles, count, each message's direction, authors' colours, search with
neighbours and filters, jump to date, a shift-click range tagged as evidence and saved as an
excerpt file that verifies against the sealed export."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtCore, QtWidgets

from app.chats.model import Attachment, Message
from tests.ui.conftest import png_bytes, unlock

THREAT = "سأنشر عنوان بيتك يا خائنة"  # "I will publish your home address, traitor"
WHERE = "نعرف أين تسكنين"  # "we know where you live"
PICTURE = "IMG-20240302-WA0001.jpg"


def _messages() -> list[Message]:
    from tests.core.chats.gen import TEXT

    start = datetime(2024, 3, 2, 9, 0)
    rows: list[tuple[str | None, str, dict[str, Any]]] = [
        (None, str(TEXT["ar"]["encrypted"]), {"kind": "system"}),
        ("أحمد", "صباح الخير", {}),
        ("+962 7 9999 1234", THREAT, {}),
        ("Sara", "Stop posting or else", {}),
        ("+962 7 9999 1234", "", {"attachments": (Attachment(PICTURE, PICTURE, "photo"),)}),
        ("+962 7 9999 1234", WHERE + "\nوسنأتي إليك", {}),
        ("Sara", "we will find you", {}),
    ]
    out = []
    for n, (author, text, kw) in enumerate(rows):
        out.append(Message(n, start + timedelta(minutes=n), author, text, **kw))
    for n in range(len(rows), 40):  # later days: something to scroll and jump to
        out.append(Message(n, start + timedelta(days=1 + n // 10, minutes=n), "أحمد",
                           f"رسالة رقم {n}"))
    return out


@pytest.fixture
def chat_export(tmp_path: Path) -> Path:
    from tests.core.chats import gen

    data = gen.whatsapp_zip(_messages(), {PICTURE: png_bytes((200, 10, 10))},
                            platform="android", locale="ar", title="العائلة")
    path = tmp_path / "WhatsApp Chat with العائلة.zip"
    path.write_bytes(data)
    return path


def _import_and_answer_offset(qtbot, shell, path: Path, offset: str) -> int:  # type: ignore[no-untyped-def]
    flow = shell.flows.chats
    with qtbot.waitSignal(flow.offset_dialog_shown, timeout=60000) as shown:
        assert shell.flows.imports.import_paths([path], "file")
    dialog = shown.args[0]
    assert dialog.offset() == _local_offset()  # the computer's offset is chosen at first
    summary = shell.flows.imports.summary  # opened first, the question on top of it
    assert summary is not None and summary.chats_label.isVisible()
    assert "40" in summary.chats_label.text() or "٤٠" in summary.chats_label.text()
    dialog.offset_combo.setCurrentIndex(dialog.offset_combo.findData(offset))
    with qtbot.waitSignal(flow.offset_set, timeout=10000):
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
    rows = shell.controller.vault.read("SELECT id FROM items WHERE kind = 'chat'")
    assert len(rows) == 1
    return int(rows[0][0])


def _local_offset() -> str:
    from app.chats.store import local_offset

    return local_offset()


def _open_by_double_click(qtbot, shell, chat_id: int):  # type: ignore[no-untyped-def]
    from ui.models.evidence_table import ItemIdRole

    window = shell.main_window
    qtbot.waitUntil(lambda: window.proxy.rowCount() >= 2, timeout=10000)
    index = next(window.proxy.index(r, 0) for r in range(window.proxy.rowCount())
                 if window.proxy.index(r, 0).data(ItemIdRole) == chat_id)
    flow = shell.flows.chats
    with qtbot.waitSignal(flow.chat_loaded, timeout=20000):
        window.evidence.grid.doubleClicked.emit(index)
    chat_window = flow.chat_window
    assert chat_window is not None and chat_window.isVisible()
    return chat_window


def _click_row(qtbot, view, row: int, modifier=QtCore.Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    rect = view.visualRect(view.model().index(row, 0))
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, modifier, rect.center())


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_chat_view_import_open_search_tag_and_excerpt(qtbot, lang, shell, tmp_path,  # type: ignore[no-untyped-def]
                                                      chat_export, monkeypatch) -> None:
    from app.chats import query
    from ui.jobs import chats as chat_jobs
    from ui.views.chat_view import bubble_height

    # small pages: the list grows page by page, the later pages measured in the worker
    monkeypatch.setattr(chat_jobs, "PAGE", 8)
    monkeypatch.setattr(chat_jobs, "MORE", 10)
    from ui.models.chat_messages import AuthorColourRole, DirectionRole, MessageRole
    from ui.views.chat_view import meta_text

    unlock(qtbot, shell)
    vault = shell.controller.vault
    chat_id = _import_and_answer_offset(qtbot, shell, chat_export, "+03:00")
    chat = query.get_chat(vault, chat_id)
    assert (chat.utc_offset, chat.offset_source) == ("+03:00", "given")
    assert query.messages_at(vault, chat_id, [2])[0].sent_utc == "2024-03-02T06:02:00Z"

    win = _open_by_double_click(qtbot, shell, chat_id)
    model = win.model
    assert model.rowCount() == chat.message_count == 40
    assert [model.index(r, 0).data(MessageRole).index for r in range(40)] == list(range(40))
    # the heights measured in the worker are the ones the GUI thread would measure
    delegate = win.delegate
    assert delegate.measured_here <= 8  # the first page; the other 32 came measured
    assert all(delegate._heights[r] == bubble_height(model.row_at(r), delegate._fm)
               for r in range(40))
    rtl, ltr = QtCore.Qt.LayoutDirection.RightToLeft, QtCore.Qt.LayoutDirection.LeftToRight
    assert model.index(2, 0).data(MessageRole).text == THREAT
    assert model.index(2, 0).data(DirectionRole) == rtl
    assert model.index(3, 0).data(DirectionRole) == ltr
    assert model.index(0, 0).data(MessageRole).system
    # one colour per author, the same for the same author
    colours = {model.index(r, 0).data(MessageRole).author: model.index(r, 0).data(AuthorColourRole)
               .name() for r in range(1, 7)}
    assert model.index(5, 0).data(AuthorColourRole).name() == colours["+962 7 9999 1234"]
    assert len(set(colours.values())) >= 2
    # the picture's message shows the item it became
    media_row = model.index(4, 0).data(MessageRole)
    picture = vault.read("SELECT id FROM items WHERE kind = 'image'")[0][0]
    assert media_row.media_items == [picture]
    # double-click on it: the picture's item is shown in the main window
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=10000) as detail:
        win.list.doubleClicked.emit(model.index(4, 0))
    assert detail.args[0].item_id == picture
    assert not shell.main_window.detail.open_chat_button.isVisible()  # not a chat
    # time in the display digits (Arabic-Indic in Arabic)
    assert ("٩:٠٢" in meta_text(model.index(2, 0).data(MessageRole))) is (lang == "ar")
    # bubbles are painted, a two-line message is taller than a one-line one
    win.list.scrollToTop()
    qtbot.waitUntil(lambda: win.list.visualRect(model.index(5, 0)).height() > 0)
    assert win.list.visualRect(model.index(5, 0)).height() > \
        win.list.visualRect(model.index(3, 0)).height()
    image = win.list.viewport().grab().toImage()
    assert not image.isNull()
    sara = colours["Sara"].lower()
    assert any(image.pixelColor(x, y).name() == sara
               for x in range(0, image.width(), 1) for y in range(0, min(image.height(), 600), 1))
    assert win.isRightToLeft() is (lang == "ar")

    # search, Arabic-normalised (أين typed as اين), with its neighbours
    win.search_edit.setText("اين")
    with qtbot.waitSignal(shell.flows.chats.searched, timeout=10000) as found:
        win.search_button.click()
    result = found.args[0]
    assert result.total == 1 and result.shown == 1
    rows = [win.results_model.index(r, 0).data(MessageRole) for r in
            range(win.results_model.rowCount())]
    assert [(r.index, r.hit) for r in rows] == [(3, False), (4, False), (5, True), (6, False),
                                               (7, False)]
    # a result clicked shows the message in the chat
    _click_row(qtbot, win.results, 2)
    assert win.selected_indices() == [5]
    # filters: author and media, no words
    win.search_edit.clear()
    win.author_combo.setCurrentIndex(win.author_combo.findData("+962 7 9999 1234"))
    win.media_combo.setCurrentIndex(win.media_combo.findData(True))
    with qtbot.waitSignal(shell.flows.chats.searched, timeout=10000) as found:
        win.search_button.click()
    assert [r.index for r in found.args[0].rows] == [4]
    win.media_combo.setCurrentIndex(0)
    win.author_combo.setCurrentIndex(0)
    win.since_field.edit.setText("4/3/2024")
    with qtbot.waitSignal(shell.flows.chats.searched, timeout=10000) as found:
        win.search_button.click()
    assert found.args[0].total == query.count_messages(
        vault, chat_id, query.MessageFilter(since="2024-03-04"))
    assert 0 < found.args[0].total < 40

    # jump to a date
    win.jump_field.edit.setText("5/3/2024")
    with qtbot.waitSignal(shell.flows.chats.jumped, timeout=10000) as jumped:
        win.jump_button.click()
    first = query.first_index_on(vault, chat_id, "2024-03-05")
    assert jumped.args == [first] and win.selected_indices() == [first]

    # a range by click and shift-click
    win.list.scrollToTop()
    qtbot.waitUntil(lambda: win.list.visualRect(model.index(2, 0)).top() >= 0)
    _click_row(qtbot, win.list, 2)
    _click_row(qtbot, win.list, 4, QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert win.selected_indices() == [2, 3, 4]
    assert win.tag_button.isEnabled()

    # tag them as evidence: categories, a new perpetrator, a note
    with qtbot.waitSignal(shell.flows.chats.tag_dialog_shown, timeout=5000) as shown:
        win.tag_button.click()
    dialog = shown.args[0]
    dialog.categories.set_key_checked("death-threat", True)
    dialog.perpetrator_combo.setEditText("أبو فلان")
    dialog.notes_edit.setPlainText("threat to publish her address")
    with qtbot.waitSignal(shell.flows.chats.tagged, timeout=10000) as tagged:
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
    excerpt_id = int(tagged.args[0]["item_id"])
    from app.cases import ItemId, get_item_tags
    from app.cases.people import get_perpetrator

    tags = get_item_tags(vault, ItemId(excerpt_id))
    assert tags.categories == ("death-threat",)
    assert tags.notes == "threat to publish her address"
    handles = sorted(a.handle for a in get_perpetrator(vault, "أبو فلان").accounts)
    assert handles == ["+962 7 9999 1234", "Sara"]

    # "Export excerpt…": the folder chosen in the project's file dialog
    out = tmp_path / "out"
    out.mkdir()

    def choose_folder() -> None:
        dialogs = [w for w in QtWidgets.QApplication.topLevelWidgets()
                   if isinstance(w, QtWidgets.QFileDialog) and w.isVisible()]
        assert dialogs
        dialogs[0].setDirectory(str(out))
        dialogs[0].accept()

    QtCore.QTimer.singleShot(300, choose_folder)
    with qtbot.waitSignal(shell.flows.chats.excerpt_saved, timeout=20000) as saved:
        win.excerpt_button.click()
    result = saved.args[0]
    assert int(result["item_id"]) == excerpt_id and not result["created"]  # the same selection
    written = Path(result["path"])
    assert written.parent == out
    _verify_excerpt(vault, chat_id, written.read_bytes(), [2, 3, 4], context=3)


def _verify_excerpt(vault, chat_id: int, data: bytes, selected: list[int],  # type: ignore[no-untyped-def]
                    context: int) -> None:
    """The written excerpt checks out against the sealed export alone: its hash is the excerpt
    item's, the export's SHA-256 is the chat's, and every message's hash is recomputed from the
    export's bytes, parsed again."""
    from app.chats import entry, query
    from app.chats.store import message_hash, message_record
    from app.vault.blobs import iter_blob

    sha = hashlib.sha256(data).hexdigest()
    assert vault.read("SELECT count(*) FROM items WHERE sha256 = ? AND kind = 'excerpt'",
                      (sha,))[0][0] == 1
    doc = json.loads(data)
    export = b"".join(iter_blob(vault.conn, chat_id, "original"))
    assert doc["chat"]["sha256"] == hashlib.sha256(export).hexdigest() == \
        query.get_chat(vault, chat_id).sha256
    assert doc["selected"] == selected
    parsed = {m.index: m for m in entry.parse("export.zip", export).messages}
    assert [m["index"] for m in doc["messages"]] == list(range(selected[-1] + context + 1))
    for m in doc["messages"]:
        again = message_hash(message_record(doc["chat"]["sha256"], parsed[m["index"]],
                                            m["sent_at"]))
        assert m["sha256"] == again
        assert m["selected"] is (m["index"] in selected)


def test_no_offset_question_when_the_export_has_one(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A Telegram JSON export carries each message's own offset: nothing is asked."""
    from tests.core.chats import gen

    unlock(qtbot, shell)
    path = tmp_path / "result.json"
    path.write_bytes(gen.telegram_json(gen.telegram_messages(12)))
    asked: list[object] = []
    shell.flows.chats.offset_dialog_shown.connect(asked.append)
    with qtbot.waitSignal(shell.flows.imports.finished, timeout=60000) as done:
        assert shell.flows.imports.import_paths([path], "file")
    assert [o.kind for o in done.args[0].outcomes if o.status == "imported"] == ["chat"]
    qtbot.wait(100)
    assert asked == []


def test_lock_closes_the_chat_view(qtbot, shell, chat_export) -> None:  # type: ignore[no-untyped-def]
    """The chat view, its dialogs and what it read are gone when the vault locks."""
    unlock(qtbot, shell)
    chat_id = _import_and_answer_offset(qtbot, shell, chat_export, "+03:00")
    window = shell.main_window
    qtbot.waitUntil(lambda: window.proxy.rowCount() >= 2, timeout=10000)
    # the detail panel's "Open chat", shown for chat items only
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=10000):
        assert window.select_item(chat_id)
    assert window.detail.open_chat_button.isVisible()
    with qtbot.waitSignal(shell.flows.chats.chat_loaded, timeout=20000):
        window.detail.open_chat_button.click()
    win = shell.flows.chats.chat_window
    _click_row(qtbot, win.list, 2)
    with qtbot.waitSignal(shell.flows.chats.tag_dialog_shown, timeout=5000) as shown:
        win.tag_button.click()
    dialog = shown.args[0]
    with qtbot.waitSignal(shell.controller.vault_locked, timeout=10000):
        shell.lock()
    assert shell.flows.chats.chat_window is None
    import shiboken6

    qtbot.waitUntil(lambda: all(not shiboken6.isValid(w) or not w.isVisible()
                                for w in (win, dialog)), timeout=5000)
    assert not [w for w in QtWidgets.QApplication.topLevelWidgets()
                if w.isVisible() and type(w).__name__ in ("ChatWindow", "ChatTagDialog")]


def _flat(text: str) -> str:
    return text.translate({0x2066: None, 0x2067: None, 0x2068: None, 0x2069: None,
                           0x200E: None, 0x200F: None})


@pytest.mark.parametrize("lang", ["en", "ar"], indirect=True)
def test_detail_panel_shows_a_chats_facts_instead_of_a_picture(qtbot, lang, shell,  # type: ignore[no-untyped-def]
                                                               chat_export) -> None:
    """A chat item's detail: platform, title, participants, period in words and the display
    digits, messages, media files, the export's SHA-256 in groups of four (isolated left to
    right) and "Open chat"; no picture area, no zoom, no original/clean tab. A picture's detail
    shown next has its picture area back."""
    from app.chats import query

    unlock(qtbot, shell)
    chat_id = _import_and_answer_offset(qtbot, shell, chat_export, "+03:00")
    vault = shell.controller.vault
    chat = query.get_chat(vault, chat_id)
    window = shell.main_window
    qtbot.waitUntil(lambda: window.proxy.rowCount() >= 2, timeout=10000)
    detail = window.detail
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=10000):
        assert window.select_item(chat_id)
    facts = detail.chat_facts
    assert facts.isVisible() and detail.open_chat_button.isVisible()
    assert not detail.viewer.isVisible() and not detail.image_note.text()
    assert not any(b.isVisible() for b in (detail.zoom_in_button, detail.zoom_out_button,
                                           detail.fit_button))
    assert not detail.tabs.isTabVisible(detail.compare_tab)
    text = facts.text()
    flat = _flat(text)
    assert "WhatsApp" in flat and "العائلة" in flat
    for name in ("أحمد", "+962 7 9999 1234", "Sara"):
        assert name in flat
    if lang == "ar":
        assert "٢ مارس ٢٠٢٤" in flat and "٤٠" in flat and "(٣)" in flat
        shown = facts.values["period"].text() + facts.values["content"].text()
        assert not any(ch in shown for ch in "0123456789")  # the display digits
    else:
        assert "2 March 2024" in flat and "40" in flat and "(3)" in flat
        assert "WhatsApp · العائلة" in flat
        assert "40 messages · 1 media file in the export" in flat
    groups = [chat.sha256[i:i + 4] for i in range(0, 64, 4)]
    assert "\u2066" + " ".join(groups[:8]) + "\u2069\n\u2066" + " ".join(groups[8:]) + \
        "\u2069" in text
    assert detail.chat_facts.values["sha256"].toolTip() == chat.sha256
    # "Open chat" opens it
    with qtbot.waitSignal(shell.flows.chats.chat_loaded, timeout=20000):
        detail.open_chat_button.click()
    shell.flows.chats.chat_window.close()
    # a picture: the picture area is back, the facts gone
    picture = int(vault.read("SELECT id FROM items WHERE kind = 'image'")[0][0])
    with qtbot.waitSignal(shell.flows.browse.detail_loaded, timeout=10000):
        assert window.select_item(picture)
    assert detail.viewer.isVisible() and detail.zoom_in_button.isVisible()
    assert not facts.isVisible() and not detail.open_chat_button.isVisible()
    assert detail.tabs.isTabVisible(detail.compare_tab)


def _hash_reads_left_to_right(text: str, width: int, hexa: str, font) -> bool:  # type: ignore[no-untyped-def]
    """``text`` laid out right to left at ``width``: on the line holding it, every character
    of the token ``hexa`` (and the ellipsis after it) starts right of the one before. (The
    cursor before the token's first character sits on a direction boundary, where Qt reports
    either side: it is left out.)"""
    from PySide6 import QtGui

    layout = QtGui.QTextLayout(text, font)
    option = QtGui.QTextOption()
    option.setTextDirection(QtCore.Qt.LayoutDirection.RightToLeft)
    option.setWrapMode(QtGui.QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
    layout.endLayout()
    start = text.index(hexa)
    positions = range(start + 1, start + len(hexa) + (text[start + len(hexa)] == "…"))
    line = layout.lineForTextPosition(start)
    xs = [float(line.cursorToX(i)[0]) for i in positions]  # type: ignore[index]
    return all(b > a for a, b in zip(xs, xs[1:], strict=False))


def test_hashes_in_the_chat_view_read_left_to_right_in_arabic(qtbot, ar: str) -> None:  # type: ignore[no-untyped-def]
    """The export's hash in the chat's info line and in the detail panel's facts: the digits and
    the ellipsis stay in order (the ellipsis after the hash) in an Arabic line, at any width."""
    from app.chats.query import Chat
    from ui.views.chat_facts import ChatFactsPanel
    from ui.views.chat_view import ChatWindow, short_hash

    sha = hashlib.sha256(b"export").hexdigest()
    chat = Chat(7, "u", sha, "whatsapp", "العائلة", "whatsapp-android-zip", ("أحمد", "Sara"),
                ("2024-03-02", "2024-03-05"), 40, "+03:00", "given", ())
    win = ChatWindow()
    qtbot.addWidget(win)
    win.set_chat(chat, [])
    text = win.info_label.text()
    assert short_hash(sha) in text and short_hash(sha).endswith("…\u2069")
    assert win.info_label.toolTip() == "\u2066" + sha + "\u2069"
    font = win.info_label.font()
    for width in (1400, 900, 640, 420, 300):
        assert _hash_reads_left_to_right(text, width, sha[:16], font), width
    # the same line with the hash not isolated is what this checks against
    bare = text.replace(short_hash(sha), sha[:16] + "…")
    assert not _hash_reads_left_to_right(bare, 1400, sha[:16], font)
    panel = ChatFactsPanel()
    qtbot.addWidget(panel)
    panel.show_chat(chat, {"chat": {"media_linked": 1, "media_missing": 2}})
    shown = panel.values["sha256"].text()
    for line in shown.split("\n"):
        assert line.startswith("\u2066") and line.endswith("\u2069")
        token = line.strip("\u2066\u2069")
        assert _hash_reads_left_to_right("\u200fبصمة " + line, 600, token, font)
    assert shown.replace("\u2066", "").replace("\u2069", "").replace(" ", "").replace(
        "\n", "") == sha
