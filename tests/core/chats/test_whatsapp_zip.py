# SPDX-License-Identifier: GPL-3.0-or-later
"""WhatsApp zip exports, detection by content, and hostile input (zips, encodings, sizes)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from app.chats import whatsapp
from app.chats.archive import ExportZip
from app.chats.common import ChatLimits
from app.chats.detect import detect
from app.errors import InputRejected
from tests.core.chats import gen


@pytest.mark.parametrize(("platform", "locale", "txt_name"), [
    ("ios", "en", None), ("android", "en", None), ("ios", "ar", None),
    ("android", "ar", "محادثة واتساب مع حملة.txt"),
    ("android", "ar", "WhatsApp Chat with حملة.txt"),
])
def test_whatsapp_zip_links_media_to_members(platform: str, locale: str,
                                             txt_name: str | None) -> None:
    msgs = gen.sample_messages(70, platform=platform, locale=locale, media=True)
    data = gen.whatsapp_zip(msgs, gen.fake_media(msgs), platform=platform, locale=locale,
                            title="حملة", txt_name=txt_name)
    assert detect("x.bin", data) == "whatsapp-zip"
    export = whatsapp.parse_zip(data, "WhatsApp Chat - حملة.zip")
    assert export.messages == msgs
    assert export.title == "حملة"
    assert export.source_format == f"whatsapp-{platform}-zip"
    linked = [a.member for m in export.messages for a in m.attachments if a.member]
    assert linked and set(linked) <= set(ExportZip(data).names())


def test_whatsapp_zip_media_missing_from_zip_stays_a_reference() -> None:
    msgs = gen.sample_messages(40, platform="ios", media=True)
    data = gen.whatsapp_zip(msgs, {}, platform="ios")
    refs = [a for m in whatsapp.parse_zip(data).messages for a in m.attachments if a.name]
    assert refs and all(a.member is None for a in refs)


def test_detect_by_content_not_extension() -> None:
    msgs = gen.sample_messages(10)
    txt = gen.whatsapp_txt(msgs)
    assert detect("notes.pdf", txt) == "whatsapp-txt"
    assert detect("chat.txt", b"just some notes\nnothing else\n") is None
    assert detect("x", gen.whatsapp_txt(msgs, platform="ios", bom=True)) == "whatsapp-txt"
    assert detect("x", gen.whatsapp_txt(msgs, locale="ar").decode().encode("utf-16")) \
        == "whatsapp-txt"
    assert detect("x", b"\x89PNG\r\n\x1a\n" + b"\0" * 100) is None
    assert detect("x", b"") is None
    other = gen.zip_bytes({"readme.txt": b"hello", "a.jpg": b"x"})
    assert detect("WhatsApp Chat.zip", other) is None
    assert detect("x.zip", b"PK\x03\x04 broken") is None


def test_detect_is_cheap_on_large_files() -> None:
    big = gen.big_whatsapp(100_000)
    t0 = time.perf_counter()
    for _ in range(20):
        assert detect("x", big) == "whatsapp-txt"
        assert detect("x", b"\0" * len(big)) is None
    assert time.perf_counter() - t0 < 10  # a guard against reading whole files, not a timing


def _zip_with(name: str, data: bytes = b"x", attr: int | None = None, flags: int = 0) -> bytes:
    """A valid iPhone export plus one extra member; ``name`` bytes and ``flags`` are patched into
    the headers afterwards (zipfile itself cuts names at NUL and resets the flag bits)."""
    placeholder = "P" * len(name.encode("utf-8"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("_chat.txt", gen.whatsapp_txt(gen.sample_messages(5, platform="ios"),
                                                 platform="ios"))
        info = zipfile.ZipInfo(placeholder, (2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        if attr is not None:
            info.external_attr = attr << 16
        z.writestr(info, data)
    raw = bytearray(buf.getvalue().replace(placeholder.encode(), name.encode("utf-8")))
    if flags:
        for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            pos = raw.rfind(sig)
            raw[pos + off] |= flags
    return bytes(raw)


@pytest.mark.parametrize("name", ["../evil.jpg", "a/../../evil.jpg", "/etc/passwd",
                                  "C:/Windows/x.jpg", "a\\..\\b.jpg", "nul\x00.jpg"])
def test_zip_traversal_names_are_refused(name: str) -> None:
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(_zip_with(name))
    assert exc.value.code == "chat.zip_unsafe_name"


def test_zip_symlink_encrypted_duplicate_members_are_refused() -> None:
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(_zip_with("link.jpg", b"/etc/passwd", attr=0o120777))
    assert exc.value.code == "chat.zip_special_member"
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(_zip_with("secret.jpg", b"x" * 100, flags=0x1))
    assert exc.value.code == "chat.zip_encrypted"
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(_zip_with("_CHAT.txt"))  # same name after case folding
    assert exc.value.code == "chat.zip_duplicate"
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(_zip_with("_chat.txt"))
    assert exc.value.code == "chat.zip_duplicate"


def test_zip_bombs_are_refused_before_decompressing() -> None:
    bomb = _zip_with("IMG-20240101-WA0001.jpg", b"\0" * (20 << 20))
    assert len(bomb) < 200_000
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(bomb)
    assert exc.value.code == "chat.zip_bomb"
    many = gen.zip_bytes({f"{i}.jpg": b"x" for i in range(50)} | {"_chat.txt": b"x"})
    with pytest.raises(InputRejected) as exc:
        ExportZip(many, ChatLimits(max_members=20))
    assert exc.value.code == "chat.zip_bomb"
    with pytest.raises(InputRejected) as exc:
        ExportZip(gen.zip_bytes({"a.jpg": bytes(range(256)) * 40}, compress=False),
                  ChatLimits(max_total_uncompressed=10_000))
    assert exc.value.code == "chat.zip_bomb"


def test_zip_damaged_or_without_chat_text() -> None:
    data = gen.whatsapp_zip(gen.sample_messages(10, platform="ios"), platform="ios")
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(data[: len(data) // 2])
    assert exc.value.code == "chat.zip_unreadable"
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(gen.zip_bytes({"a.jpg": b"x", "b.txt": b"y", "c.txt": b"z"}))
    assert exc.value.code == "chat.no_chat_text"
    # a CRC mismatch (flipped byte in the stored chat text) is refused, not half-read
    raw = bytearray(gen.zip_bytes({"_chat.txt": gen.whatsapp_txt(gen.sample_messages(5))},
                                  compress=False))
    raw[60] ^= 0xFF
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_zip(bytes(raw))
    assert exc.value.code == "chat.zip_unreadable"


def test_invalid_utf8_is_refused_with_offset() -> None:
    data = gen.whatsapp_txt(gen.sample_messages(5)) + b"\xff\xfe\xfd bad"
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_txt(data)
    assert exc.value.code == "chat.bad_encoding" and exc.value.params["offset"] > 0


def test_not_whatsapp_and_too_many_messages() -> None:
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_txt(b"hello\nworld\n")
    assert exc.value.code == "chat.not_whatsapp"
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_txt(gen.big_whatsapp(50), limits=ChatLimits(max_messages=10))
    assert exc.value.code == "chat.too_many_messages"


def test_100k_messages_on_one_line_is_a_clear_error_in_linear_time() -> None:
    one = "13/01/2024, 10:00 - A: " + "12/31/23, 9:41 PM - B: threat " * 100_000 + "\n"
    t0 = time.perf_counter()
    with pytest.raises(InputRejected) as exc:
        whatsapp.parse_txt(one.encode())
    assert exc.value.code == "chat.message_too_long"
    assert exc.value.params == {"line": 1, "limit": 100_000}
    assert time.perf_counter() - t0 < 10  # a guard against reading whole files, not a timing


def test_hostile_runs_of_marks_and_spaces_stay_linear() -> None:
    for filler in ("\u200e" * 200_000, " " * 200_000, "\u200e \u202f" * 70_000):
        line = f"13/01/2024, 10:00{filler}x\n13/01/2024, 10:00 - A: ok\n"
        t0 = time.perf_counter()
        export = whatsapp.parse_txt(line.encode(), limits=ChatLimits(max_message_chars=10**6))
        assert time.perf_counter() - t0 < 10  # a guard against reading whole files, not a timing
        assert export.messages[-1].text == "ok"
