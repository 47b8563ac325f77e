# SPDX-License-Identifier: GPL-3.0-or-later
"""The preview before an import: what each file carries, in the same facts the detail shows after
the import, files that cannot be imported named with their reason, nothing written, cancellable
and bounded."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from app.errors import Cancelled
from app.ingest import import_paths
from app.ingest.preview import preview_paths
from app.media.metadata import describe_removed
from app.tasks import CancelToken
from app.vault.items import get_item
from tests.core.media.gen import jpeg_full_of_metadata


def _png(text: dict[str, str] | None = None) -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for k, v in (text or {}).items():
        info.add_text(k, v)
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "chosen"
    (root / "sub").mkdir(parents=True)
    (root / "gps.jpg").write_bytes(jpeg_full_of_metadata())
    (root / "plain.png").write_bytes(_png())
    (root / "sub" / "noted.png").write_bytes(_png({"Author": "Leila"}))
    (root / "notes.txt").write_bytes(b"just text")
    (root / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    os.mkfifo(root / "pipe")
    return root


def _by_name(preview):  # type: ignore[no-untyped-def]
    return {Path(f.shown).name: f for f in preview.files}


def test_preview_says_what_each_file_carries_and_what_cannot_come_in(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    files = _by_name(preview_paths([root]))
    assert set(files) == {"gps.jpg", "plain.png", "noted.png", "notes.txt", "broken.jpg", "pipe"}
    gps = files["gps.jpg"]
    assert gps.status == "picture" and gps.media_type == "image/jpeg"
    place = [f for f in gps.facts if f.group == "place"]
    assert place and place[0].value == "33.30 N, 44.38 E"
    assert any(f.group == "device" and "Model-X" in f.value for f in gps.facts)
    assert files["plain.png"].status == "picture" and files["plain.png"].facts == []
    assert any("Leila" in f.value for f in files["noted.png"].facts)
    assert files["notes.txt"].status == "kept"
    assert files["broken.jpg"].status == "refused" and files["broken.jpg"].error_code
    assert files["pipe"].error_code == "import.not_regular_file"


def test_preview_facts_are_the_facts_the_item_shows_after_import(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "gps.jpg"
    path.write_bytes(jpeg_full_of_metadata())
    before = preview_paths([path]).files[0].facts
    outcome = import_paths(vault, [path]).outcomes[0]
    item = get_item(vault, outcome.item_id)
    after = describe_removed(item["removed"], item["metadata"])
    assert before and set(before) <= set(after)
    assert {f.group for f in before} >= {"place", "device", "time", "people", "software"}


def test_preview_writes_nothing_and_opens_no_vault(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    tmp = Path(tempfile.gettempdir())
    listing = sorted(os.listdir(tmp))
    tree = sorted(str(p) for p in tmp_path.rglob("*"))
    preview_paths([root])
    assert sorted(os.listdir(tmp)) == listing
    assert sorted(str(p) for p in tmp_path.rglob("*")) == tree


def test_preview_is_cancellable_and_bounded(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    data = _png()
    for i in range(30):
        (root / f"{i:03}.png").write_bytes(data)
    seen: list[int] = []
    preview = preview_paths([root], max_files=10, progress=lambda p: seen.append(p.done))
    assert len(preview.files) == 10 and preview.not_read == 20 and preview.importable == 30
    assert seen[-1] == 10
    token = CancelToken()

    def progress(p):  # type: ignore[no-untyped-def]
        if p.done == 3:
            token.cancel()

    with pytest.raises(Cancelled):
        preview_paths([root], progress=progress, cancel=token)


def test_preview_reads_chat_exports_as_the_import_does(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A WhatsApp zip with media, a .txt alone and a Telegram result.json are said as chat
    exports with their counts (the counts the import then stores); a chat export the import
    refuses is refused here with the same error; above the import's read limit it is not
    parsed; nothing is written."""
    from dataclasses import replace

    from app.chats.model import Attachment, Message
    from app.chats.query import get_chat
    from app.media.types import DEFAULT_LIMITS
    from tests.core.chats import gen

    root = tmp_path / "chosen"
    root.mkdir()
    messages = gen.sample_messages(120, locale="ar", platform="android", media=True)
    members = sorted({a.member for m in messages for a in m.attachments if a.member})
    assert members  # the sample refers to media by their file names
    media = {name: _png({"n": name}) for name in members}
    (root / "WhatsApp Chat with العائلة.zip").write_bytes(
        gen.whatsapp_zip(messages, media, platform="android", locale="ar", title="العائلة"))
    (root / "WhatsApp Chat with Sara.txt").write_bytes(
        gen.whatsapp_txt(gen.sample_messages(30, media=False)))
    (root / "result.json").write_bytes(gen.telegram_json(gen.telegram_messages(12)))
    bad = gen.whatsapp_txt([Message(0, messages[1].sent_at, "Sara", "hello"),
                            Message(1, messages[1].sent_at, "Sara", "x",
                                    attachments=(Attachment("a.jpg", None, "photo"),))])
    (root / "bad.txt").write_bytes(bad + b"\xff\xfe broken \xc3")  # a chat, not UTF-8
    tree = sorted(str(p) for p in tmp_path.rglob("*"))
    files = _by_name(preview_paths([root]))
    assert sorted(str(p) for p in tmp_path.rglob("*")) == tree
    wa = files["WhatsApp Chat with العائلة.zip"]
    assert wa.status == "chat" and wa.chat is not None
    assert (wa.chat.platform, wa.chat.source_format) == ("whatsapp", "whatsapp-android-zip")
    assert wa.chat.media == len(members)
    txt = files["WhatsApp Chat with Sara.txt"]
    assert txt.status == "chat" and txt.chat is not None and txt.chat.media == 0
    assert txt.chat.messages == 30
    tg = files["result.json"]
    assert tg.status == "chat" and tg.chat is not None and tg.chat.platform == "telegram"
    assert files["bad.txt"].status == "refused"
    assert files["bad.txt"].error_code == "chat.bad_encoding"
    # the counts are the ones the import stores
    summary = import_paths(vault, [root / "WhatsApp Chat with العائلة.zip", root / "result.json",
                                   root / "bad.txt"], chat_offset="+03:00")
    chats = {Path(o.path).name: o for o in summary.outcomes if o.kind == "chat"}
    for name in ("WhatsApp Chat with العائلة.zip", "result.json"):
        stored = get_chat(vault, int(chats[name].item_id or 0))
        facts = files[name].chat
        assert facts is not None
        assert (facts.messages, facts.participants) == (stored.message_count,
                                                        len(stored.participants))
    linked = vault.read("SELECT count(DISTINCT a.linked_item_id) FROM chat_attachments a "
                        "JOIN chat_messages m ON m.id = a.message_id WHERE m.item_id = ?",
                        (int(chats["WhatsApp Chat with العائلة.zip"].item_id or 0),))[0][0]
    assert linked == wa.chat.media
    refused = [o for o in summary.outcomes if Path(o.path).name == "bad.txt"]
    assert [o.error_code for o in refused] == ["chat.bad_encoding"]
    # beyond what the import reads whole, nothing is parsed
    small = replace(DEFAULT_LIMITS, max_file_bytes=1024)
    assert preview_paths([root / "WhatsApp Chat with العائلة.zip"],
                         limits=small).files[0].status == "kept"


def test_preview_of_a_chat_export_keeps_the_parsers_limits(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A message longer than ChatLimits.max_message_chars is refused by the preview with the
    code the import refuses it with (the same parser, the same limits)."""
    from datetime import datetime

    from app.chats.common import DEFAULT_LIMITS
    from app.chats.model import Message
    from tests.core.chats import gen

    long_text = "ا" * (DEFAULT_LIMITS.max_message_chars + 1)
    path = tmp_path / "WhatsApp Chat with Sara.txt"
    path.write_bytes(gen.whatsapp_txt([Message(0, datetime(2024, 1, 2, 9, 0), "Sara", "hi"),
                                       Message(1, datetime(2024, 1, 2, 9, 1), "Sara",
                                               long_text)]))
    shown = preview_paths([path]).files[0]
    outcome = import_paths(vault, [path], chat_offset="+03:00").outcomes[0]
    assert shown.status == "refused" and shown.error_code == outcome.error_code
    assert shown.error_code is not None and shown.error_code.startswith("chat.")
