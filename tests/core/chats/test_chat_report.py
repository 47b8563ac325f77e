# SPDX-License-Identifier: GPL-3.0-or-later
"""Reports (issue 14): an excerpt item prints its messages as a transcript — the selected ones
and their context lines, each with its own hash, and the sealed export's SHA-256 — in Arabic and
English; the Arabic message text extracts in logical order (shaped, right to left)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from app.cases import ItemId, TagChanges, tag_item
from app.chats import query
from app.chats.excerpt import excerpt_of, make_excerpt
from app.ingest import import_paths
from app.report.collect import build_vault_report
from tests.core.chats.conftest import THREAT

pytestmark = [pytest.mark.usefixtures("chat_parsers"),
              pytest.mark.skipif(shutil.which("pdftotext") is None,
                                 reason="poppler-utils missing")]


def _text(pdf: bytes, tmp: Path, lang: str) -> str:
    path = tmp / f"r-{lang}.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", raw)


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_excerpt_report_is_a_transcript_with_hashes(vault: Any, chat_zip: Path, tmp_path: Path,
                                                    lang: str) -> None:
    summary = import_paths(vault, [chat_zip], chat_offset="+03:00")
    chat = next(int(o.item_id or 0) for o in summary.outcomes if o.kind == "chat")
    made = make_excerpt(vault, chat, [3], context=1)
    tag_item(vault, ItemId(made["item_id"]), TagChanges(add_categories=("doxing",)))
    doc = excerpt_of(vault, made["item_id"])
    assert doc is not None
    pdf = build_vault_report(vault, item_ids=[made["item_id"]], lang=lang)
    text = _text(pdf, tmp_path, lang)
    flat = text.replace("\n", "").replace(" ", "")
    assert query.get_chat(vault, chat).sha256 in flat  # the sealed export's SHA-256
    for m in doc["messages"]:  # each message's own hash, the selected one and its context
        assert m["sha256"] in flat, m["index"]
    assert _squash(THREAT) in _squash(text)  # Arabic in logical order
    assert "+962 7 9999 1234" in text
    assert "Abu Fulan" not in text  # messages outside the excerpt are not in the report
    if lang == "en":
        assert "Transcript" in text and "Sealed export" in text
    assert "2024-03-02 09:06 +03:00" in " ".join(text.split())  # the exporter's local time


def test_hostile_message_sizes_do_not_break_the_transcript(vault: Any, tmp_path: Path) -> None:
    from tests.core.chats import fixture

    lines: list[tuple[str, str | None, str]] = [
        ("02/03/2024 09:00", "A", "x\n" * 3000 + "end"),
        ("02/03/2024 09:01", "B", "سأنشر " * 20_000)]
    path = tmp_path / "WhatsApp Chat with Big.zip"
    path.write_bytes(fixture.whatsapp_zip("Big", fixture.whatsapp_txt(lines), {}))
    summary = import_paths(vault, [path], chat_offset="+03:00")
    chat = next(int(o.item_id or 0) for o in summary.outcomes if o.kind == "chat")
    made = make_excerpt(vault, chat, [1, 2], context=0)
    text = _text(build_vault_report(vault, item_ids=[made["item_id"]], lang="en"), tmp_path, "en")
    assert text.count("shortened here") == 2
