# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile chat zips: path traversal, links, duplicate names, bidi overrides in names, members that
inflate past their declared size — a clear error and nothing written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from app.chats.archive import ExportZip
from app.errors import InputRejected
from app.ingest import import_paths
from tests.core.chats import fixture
from tests.core.chats.conftest import family_lines, png

pytestmark = pytest.mark.usefixtures("chat_parsers")


def _zip(extra: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("WhatsApp Chat with Family.txt", fixture.whatsapp_txt(family_lines()))
        for info, data in extra:
            zf.writestr(info, data)
    return buf.getvalue()


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16)
    return info


@pytest.mark.parametrize(("extra", "code"), [
    ([("../../etc/IMG-20240302-WA0001.jpg", b"x")], "chat.zip_unsafe_name"),
    ([("/abs/IMG-20240302-WA0001.jpg", b"x")], "chat.zip_unsafe_name"),
    ([("evil\u202egpj.exe", b"x")], "chat.zip_unsafe_name"),
    ([(_link("IMG-20240302-WA0001.jpg"), b"/etc/passwd")], "chat.zip_special_member"),
    ([("a.jpg", b"1"), ("A.JPG", b"2")], "chat.zip_duplicate"),
])
def test_hostile_chat_zip_refused_nothing_written(vault, tmp_path: Path, extra, code) -> None:
    path = tmp_path / "WhatsApp Chat with Family.zip"
    path.write_bytes(_zip(extra))
    outcomes = import_paths(vault, [path]).outcomes
    assert [(o.status, o.error_code) for o in outcomes] == [("rejected", code)]
    for table in ("items", "chats", "chat_messages", "accounts"):
        assert vault.read(f"SELECT count(*) FROM {table}")[0][0] == 0


def test_member_inflating_past_its_declared_size_is_a_bomb() -> None:
    data = bytearray(_zip([("IMG-20240302-WA0001.jpg", png((1, 2, 3)) * 50)]))
    archive = ExportZip(bytes(data))
    assert archive.read("IMG-20240302-WA0001.jpg")[:4] == b"\x89PNG"
    # lower the declared size in the central directory: the read must stop, not trust it
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("IMG-20240302-WA0001.jpg")
    real = info.file_size
    assert real > 10
    patched = bytes(data).replace(real.to_bytes(4, "little"), (10).to_bytes(4, "little"))
    with pytest.raises(InputRejected) as err:
        ExportZip(patched).read("IMG-20240302-WA0001.jpg")
    assert err.value.code in ("chat.zip_bomb", "chat.zip_unreadable")
