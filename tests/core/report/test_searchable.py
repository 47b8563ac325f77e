# SPDX-License-Identifier: GPL-3.0-or-later
"""Searchable Arabic: the demo case's report extracts (pdftotext) as the words that were typed.

Glyphs are shaped by HarfBuzz (app/report/shaping.py) and each maps back to its characters in the
ToUnicode CMap, so a search for «تقرير» or «تهديد» in a PDF reader finds them. The share of the
vault's Arabic words found *verbatim* (no normalisation) in the pdftotext output must be ≥ 99 %.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics

from app.cases.demo import fill_demo
from app.report.collect import collect_report_data, write_report
from app.report.fonts import REGULAR
from app.report.requests import ReportRequest
from app.report.shaping import shape_run
from app.vault import KdfParams, create_vault
from tests.helpers import PASSPHRASE

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")

# Arabic letters and marks (no punctuation, no digits): what a search box is typed with.
WORD = re.compile("[\u0610-\u061a\u0620-\u065f\u066e-\u06d3\u06d5-\u06dc\u06df-\u06e8"
                  "\u06ea-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+")
PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _strings(getattr(obj, f.name))
    elif isinstance(obj, tuple | list):
        for x in obj:
            yield from _strings(x)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo vault's case report in Arabic and English, with the vault's Arabic words."""
    root = tmp_path_factory.mktemp("searchable")
    vault = create_vault(root / "demo.bayyina", PASSPHRASE, KdfParams.testing())
    try:
        summary = fill_demo(vault)
        out: dict[str, Any] = {}
        for lang in ("ar", "en"):
            data = collect_report_data(vault, case_title=summary.case_title, lang=lang)
            pdf = root / f"{lang}.pdf"
            write_report(vault, ReportRequest(out=pdf, case_title=summary.case_title, lang=lang))
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout
            words = [w for s in _strings(data) for w in WORD.findall(s)
                     if re.search("[\u0621-\u064a]", w)]
            out[lang] = (words, text)
        return out
    finally:
        vault.lock()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_demo_report_arabic_words_are_found_verbatim(demo: dict[str, Any], lang: str) -> None:
    words, text = demo[lang]
    found = set(WORD.findall(text))
    share = sum(w in found for w in words) / len(words)
    missing = sorted({w for w in words if w not in found})
    print(f"[{lang}] Arabic words of the vault found verbatim: {share:.2%} of {len(words)};"
          f" missing: {missing}")
    assert len(words) > 50
    assert share >= 0.99
    assert not PRESENTATION.search(text)  # letters, not the glyph-shaped code points of before
    if lang == "ar":
        assert "تقرير" in found  # "تقرير أدلة", the report's own title


def _gids(run: Any) -> list[int]:
    face = pdfmetrics.getFont(REGULAR).face
    return [face.charToGlyph[ord(c)] for c in run.codes]


def test_glyphs_are_harfbuzz_forms_that_extract_as_the_letters() -> None:
    texts = pdfmetrics.getFont(REGULAR)._texts
    for word in ("لا", "الله", "ملاحظات", "تجريبية"):
        run = shape_run(word, REGULAR, True)
        assert "".join(texts[ord(c)] for c in run.codes)[::-1] == word  # visual order
        alone = [g for ch in word for g in _gids(shape_run(ch, REGULAR, True))]
        assert _gids(run)[::-1] != alone  # contextual forms and Amiri's lam-alef, not isolated
    marked = shape_run("عيّنة", REGULAR, True)
    marks = [d for c, d in zip(marked.codes, marked.codes.__shapeData__, strict=True)
             if texts[ord(c)] == ""]
    assert marks and all(d.x_advance == 0 and (d.x_offset or d.y_offset) for d in marks)
    assert "ّي" in [texts[ord(c)] for c in marked.codes]  # base + mark, reversed for poppler
    bracket = shape_run("(بلاغ)", REGULAR, True)  # mirrored by HarfBuzz, extracts as typed
    assert texts[ord(bracket.codes[0])] == ")" and texts[ord(bracket.codes[-1])] == "("
    assert _gids(bracket)[0] == _gids(shape_run("(", REGULAR, False))[0]
