# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.chats import entry
from tests.core.chats import fixture

THREAT = "سأنشر عنوان بيتك يا خائنة"  # "I will publish your home address, traitor"


@pytest.fixture
def chat_parsers() -> Iterator[None]:
    """The fixture parser in place of the real ones (restored afterwards)."""
    saved = dict(entry.PARSERS)
    entry.PARSERS.update({"detect": fixture.detect, "whatsapp": fixture.parse})
    yield
    entry.PARSERS.clear()
    entry.PARSERS.update(saved)


def png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 12), color).save(buf, "PNG")
    return buf.getvalue()


def family_lines() -> list[tuple[str, str | None, str]]:
    return [
        ("02/03/2024 09:00", "Mona", "صباح الخير"),
        ("02/03/2024 09:05", "+962 7 9999 1234", "IMG-20240302-WA0001.jpg (file attached)"),
        ("02/03/2024 09:06", "+962 7 9999 1234", THREAT),
        ("02/03/2024 09:07", None, "Mona left"),
        ("03/03/2024 21:30", "Abu Fulan", "the meeting is\nat her office"),
        ("03/03/2024 21:31", "Abu Fulan", "<Media omitted>"),
        ("04/03/2024 08:00", "Mona", "الإساءة مستمرة"),
    ]


@pytest.fixture
def chat_zip(tmp_path: Path) -> Path:
    txt = fixture.whatsapp_txt(family_lines())
    path = tmp_path / "WhatsApp Chat with Family.zip"
    path.write_bytes(fixture.whatsapp_zip("Family", txt,
                                          {"IMG-20240302-WA0001.jpg": png((200, 10, 10))}))
    return path
