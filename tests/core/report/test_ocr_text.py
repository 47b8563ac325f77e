# SPDX-License-Identifier: GPL-3.0-or-later
"""The text read inside a picture in the report: a "Text in the picture" block per item that has
some (the engine's reading, or a correction by hand, marked as such), each line in its own
direction, cut with "…" when long; found by ``pdftotext`` in the Arabic and the English report."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.cases import lens
from app.cases.textnorm import normalize
from app.ingest import import_bytes
from app.report.collect import collect_report_data, generate_vault_report
from app.report.items import OCR_LINES
from bench import _lens_synth as synth

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"),
                                reason="poppler-utils are not installed")

BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ARABIC = "لافتة مكتوب عليها زيتونة"
HANDLE = "@hidden_account"


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _import(vault: Any, image: Image.Image, name: str) -> int:
    got = import_bytes(vault, _png(image), name=name)
    assert got.status == "imported" and got.item_id is not None
    return got.item_id


def _text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return "".join(ch for ch in unicodedata.normalize("NFKC", out) if ch not in BIDI_CONTROLS)


@pytest.fixture
def read_vault(vault: Any) -> tuple[Any, str, list[int]]:
    """Three pictures: a screenshot read by the engine, one corrected by hand (an Arabic line
    and a handle), one with a long text; returns the vault, an English word the engine read."""
    shot = synth.text_screenshot(5, "en", "x", dark=False, font_name="dejavu", size=24,
                                 n_lines=2)
    ids = [_import(vault, shot.image, "post.png"), _import(vault, synth.photo(4), "a.png"),
           _import(vault, synth.photo(9), "b.png")]
    lens.backfill(vault, ("ocr",))
    lens.run_pending(vault, 1, tasks=("ocr",))
    read = lens.ocr_text(vault, ids[0])
    assert read is not None and not read.corrected_by_hand
    known = {normalize(w) for w in shot.text.split() if len(w) >= 5}
    word = next(w for w in read.text.split() if normalize(w) in known and w.isalpha())
    lens.correct_ocr(vault, ids[1], f"{ARABIC}\n{HANDLE}")
    lens.correct_ocr(vault, ids[2], "\n".join(f"line{n:03d} text" for n in range(200)))
    return vault, word, ids


def test_collect_gathers_the_recognised_text(read_vault: tuple[Any, str, list[int]]) -> None:
    vault, word, ids = read_vault
    data = collect_report_data(vault, item_ids=ids, lang="en")
    first, second, third = data.items
    assert word in first.ocr_text and not first.ocr_corrected
    assert second.ocr_text == f"{ARABIC}\n{HANDLE}" and second.ocr_corrected
    assert third.ocr_corrected and third.ocr_text.count("\n") == 199


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_report_shows_the_text_in_the_picture(read_vault: tuple[Any, str, list[int]],
                                                  tmp_path: Path, lang: str) -> None:
    vault, word, ids = read_vault
    text = _text(generate_vault_report(vault, item_ids=ids, lang=lang).pdf, tmp_path,
                 f"r-{lang}.pdf")
    heading = "Text in the picture" if lang == "en" else "النص في الصورة"
    assert text.count(heading) == 3
    assert word in text
    assert ARABIC in text and HANDLE in text
    corrected = "corrected by hand" if lang == "en" else "صُحِّح يدوياً"
    assert text.count(corrected) == 2  # the machine's reading is not marked so
    # the long text is cut: its first lines, never the ones past the limit, and the mark
    assert "line000 text" in text and f"line{OCR_LINES - 1:03d}" in text
    assert f"line{OCR_LINES:03d}" not in text and "line199" not in text
    assert unicodedata.normalize("NFKC", f"line{OCR_LINES - 1:03d} text…") in text
    cut = ("the full text is in the vault" if lang == "en"
           else "النص الكامل في الخزنة")
    assert cut in text
